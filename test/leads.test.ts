import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Auth } from "../workers/app-env";
import { leads } from "../workers/db/schema-leads";
import { webhookDeliveries } from "../workers/db/schema-ops";
import { createEndpoint } from "../workers/outgoing-webhooks/endpoints";
import { handleConversationEvent } from "../workers/queues/conversation-events";
import { addMember, call, errorOf, signupTenant } from "./helpers";
import { db, event, fakeActions, fakeQueue, seedContact, seedConversation } from "./ops-fixtures";

const T0 = Date.UTC(2026, 4, 1, 10, 0);

async function setup() {
  const t = await signupTenant();
  const auth: Auth = {
    tenantId: t.tenantId,
    userId: t.userId,
    role: "owner",
    apiKeyId: null,
    email: null,
  };
  const contactId = await seedContact(t.tenantId, { email: null, phone: null, name: "Lucía" });
  const conversationId = await seedConversation(t.tenantId, contactId, { createdAt: T0 });
  const queue = fakeQueue();
  const testEnv = { ...env, JOBS_QUEUE: queue };
  let n = 0;
  const say = (text: string, authorType = "shopper") =>
    handleConversationEvent(
      testEnv,
      event(t.tenantId, conversationId, "message.created", T0 + ++n * 1000, {
        messageId: `m${n}`,
        authorType,
        kind: "text",
        text,
        language: "es",
      }),
      { actions: fakeActions(), now: () => T0 },
    );
  return { t, auth, contactId, conversationId, say, queue, testEnv };
}

const leadRows = (conversationId: string) =>
  db().select().from(leads).where(eq(leads.conversationId, conversationId));

const leadDeliveries = async (tenantId: string) =>
  (await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.tenantId, tenantId)))
    .filter((r) => r.eventType.startsWith("lead."))
    .map((r) => JSON.parse(r.payload) as { type: string; data: { lead: Record<string, unknown> } });

describe("lead capture (conversation events)", () => {
  it("should create a lead from a Spanish purchase, push it once, and update it only on change", async () => {
    const { t, auth, conversationId, say } = await setup();
    await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
      url: "https://crm.example.com/hooks",
      events: ["lead.created", "lead.updated"],
    });
    await say("Hola, buenos días");
    expect(await leadRows(conversationId)).toEqual([]);

    const first = await say("Quiero comprar 2 zapatillas Aurora en talla 40");
    expect(first.lead).toMatchObject({ written: true, pushed: "lead.created" });
    await say("Hola, ¿qué tal?", "ai");
    await say("Quiero comprar 2 zapatillas Aurora en talla 40"); // said again: nothing new
    await say("gracias");
    const updated = await say("Mi correo es lucia@example.es");
    expect(updated.lead).toMatchObject({ written: true, pushed: "lead.updated" });

    const [row] = await leadRows(conversationId);
    expect(row).toMatchObject({
      product: "zapatillas Aurora",
      quantity: 2,
      variant: "talla 40",
      email: "lucia@example.es",
      status: "new",
      language: "es",
      version: 2,
      pushedVersion: 2,
    });
    expect(row.intentScore).toBeGreaterThanOrEqual(0.9);
    const sent = await leadDeliveries(t.tenantId);
    expect(sent.map((d) => d.type)).toEqual(["lead.created", "lead.updated"]);
    expect(sent[0].data.lead).toMatchObject({
      id: row.id,
      product: "zapatillas Aurora",
      quantity: 2,
      name: "Lucía",
      highIntent: true,
    });
    expect(sent[1].data.lead).toMatchObject({ email: "lucia@example.es" });
  });

  it("should keep a low-intent lead off the webhooks until it turns into a purchase", async () => {
    const { t, auth, conversationId, say } = await setup();
    await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
      url: "https://crm.example.com/hooks",
      events: ["*"],
    });
    const asked = await say("Do you have the Aurora sneakers in size 40?");
    expect(asked.lead).toMatchObject({ written: true, pushed: null });
    expect(await leadDeliveries(t.tenantId)).toEqual([]);
    const bought = await say("Great, I want to buy two");
    expect(bought.lead).toMatchObject({ written: true, pushed: "lead.created" });
    expect((await leadRows(conversationId))[0]).toMatchObject({
      product: "Aurora sneakers",
      quantity: 2,
    });
  });

  it("should not create a lead for an order-status or return conversation, nor from agent messages", async () => {
    const { conversationId, say } = await setup();
    await say("¿Dónde está mi pedido AO-1234?");
    await say("I want to return the shoes I bought");
    await say("Do you want to buy 2 more?", "agent");
    expect(await leadRows(conversationId)).toEqual([]);
  });
});

describe("lead erasure", () => {
  it("should delete the contact's leads with the contact's data", async () => {
    const { t, contactId, conversationId, say } = await setup();
    await say("Quiero comprar 2 zapatillas Aurora, mi correo es lucia@example.es");
    expect(await leadRows(conversationId)).toHaveLength(1);
    const res = await call("POST", `/api/contacts/${contactId}/erase`, { cookie: t.cookie });
    expect(res.status).toBe(200);
    expect(await leadRows(conversationId)).toEqual([]);
  });
});

describe("leads API", () => {
  it("should list a tenant's leads with a status filter and let an agent change the status", async () => {
    const { t, conversationId, say } = await setup();
    await say("Quiero comprar 2 zapatillas Aurora en talla 40, mi correo es lucia@example.es");
    const agent = await addMember(t, "agent");
    const list = await call("GET", "/api/leads", { cookie: agent.cookie });
    expect(list.status).toBe(200);
    const { leads: listed } = (await list.json()) as { leads: { id: string; status: string }[] };
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      conversationId,
      product: "zapatillas Aurora",
      name: "Lucía",
      email: "l***@e***.es",
    });

    const patched = await call("PATCH", `/api/leads/${listed[0].id}`, {
      cookie: agent.cookie,
      body: { status: "contacted" },
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { lead: { status: string } }).lead.status).toBe("contacted");
    const byStatus = async (s: string) =>
      (
        (await (await call("GET", `/api/leads?status=${s}`, { cookie: t.cookie })).json()) as {
          leads: unknown[];
        }
      ).leads.length;
    expect(await byStatus("contacted")).toBe(1);
    expect(await byStatus("new")).toBe(0);
  });

  it("should refuse bad input, viewers and other tenants' leads, changing nothing", async () => {
    const { t, conversationId, say } = await setup();
    await say("Quiero comprar 2 zapatillas Aurora");
    const [row] = await leadRows(conversationId);
    const other = await signupTenant("Other Shop");
    const viewer = await addMember(t, "viewer");

    const bad = await call("PATCH", `/api/leads/${row.id}`, {
      cookie: t.cookie,
      body: { status: "sold" },
    });
    expect(bad.status).toBe(422);
    expect((await errorOf(bad)).code).toBe("VALIDATION_FAILED");
    const extra = await call("PATCH", `/api/leads/${row.id}`, {
      cookie: t.cookie,
      body: { status: "won", score: 1 },
    });
    expect(extra.status).toBe(422);
    const foreign = await call("PATCH", `/api/leads/${row.id}`, {
      cookie: other.cookie,
      body: { status: "won" },
    });
    expect(foreign.status).toBe(404);
    expect((await errorOf(foreign)).code).toBe("LEAD_NOT_FOUND");
    const otherList = await call("GET", "/api/leads", { cookie: other.cookie });
    expect(((await otherList.json()) as { leads: unknown[] }).leads).toEqual([]);
    expect((await call("GET", "/api/leads", { cookie: viewer.cookie })).status).toBe(403);
    const byViewer = await call("PATCH", `/api/leads/${row.id}`, {
      cookie: viewer.cookie,
      body: { status: "won" },
    });
    expect(byViewer.status).toBe(403);
    expect((await call("GET", "/api/leads?status=sold", { cookie: t.cookie })).status).toBe(422);
    expect((await leadRows(conversationId))[0].status).toBe("new");
  });
});
