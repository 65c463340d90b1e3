import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../../test/helpers";
import {
  db,
  event,
  fakeActions,
  fakeStore,
  message,
  seedContact,
  seedConversation,
  updateConversation,
} from "../../test/ops-fixtures";
import type { Auth } from "../app-env";
import { tenants } from "../db/schema";
import { workflowRuns, workflows, workflowScheduledSteps } from "../db/schema-ops";
import { decryptJson } from "../lib/crypto";
import type { Mail } from "../services/ops-deps";
import { handleConversationEvent } from "../queues/conversation-events";
import type { FetchFn } from "../lib/http-safety";
import { verifyWebhook } from "../../test/webhook-receiver";
import type { WorkflowDefinition } from "./workflow-definition";
import { runDueSteps } from "./due";
import { createFromTemplate, createWorkflow } from "./workflow-service";
import { WORKFLOW_TEMPLATES } from "./workflow-templates";
import { defaultOpsDeps } from "../services/ops-deps";

const T0 = Date.UTC(2026, 2, 2, 20, 0); // a Monday, 21:00 in Madrid
const ownerAuth = (tenantId: string, userId: string): Auth => ({
  tenantId,
  userId,
  role: "owner",
  apiKeyId: null,
  email: null,
});

async function setup(
  conv: Parameters<typeof seedConversation>[2] = {},
  contact: Parameters<typeof seedContact>[1] = {},
) {
  const t = await signupTenant();
  const contactId = await seedContact(t.tenantId, contact);
  const conversationId = await seedConversation(t.tenantId, contactId, { createdAt: T0, ...conv });
  return { t, auth: ownerAuth(t.tenantId, t.userId), contactId, conversationId };
}

async function addWorkflow(auth: Auth, definition: WorkflowDefinition, name = "wf") {
  return createWorkflow(db(), env.ENCRYPTION_KEY, auth, { name, definition });
}

async function runs(conversationId: string) {
  return db().select().from(workflowRuns).where(eq(workflowRuns.conversationId, conversationId));
}

describe("workflows", () => {
  it("should greet in the shopper's language, chosen by country when the language is unknown", async () => {
    const { auth, t, conversationId, contactId } = await setup(
      {},
      { country: "FR", language: null },
    );
    await createFromTemplate(db(), env.ENCRYPTION_KEY, auth, "welcome-by-language");
    const actions = fakeActions();
    await handleConversationEvent(
      env,
      event(t.tenantId, conversationId, "conversation.created", T0),
      { actions, now: () => T0 },
    );
    expect(actions.calls).toEqual([
      {
        method: "sendMessage",
        conversationId,
        args: ["Bonjour ! 👋 Comment pouvons-nous vous aider aujourd'hui ?"],
      },
    ]);
    // A country from the edge request wins over the contact's stored one.
    const second = await seedConversation(t.tenantId, contactId, { createdAt: T0 });
    await handleConversationEvent(
      env,
      event(t.tenantId, second, "conversation.created", T0, { country: "de" }),
      { actions, now: () => T0 },
    );
    expect(actions.calls[1].args[0]).toBe("Hallo! 👋 Wie können wir Ihnen heute helfen?");
    const [run] = await runs(conversationId);
    expect(run).toMatchObject({ status: "succeeded", error: null });
    expect(run.log).toHaveLength(1);
  });

  it("should run each workflow once per event even when the queue redelivers it", async () => {
    const { auth, t, conversationId } = await setup();
    await addWorkflow(auth, {
      trigger: { type: "conversation.created" },
      steps: [{ type: "add_tags", tags: ["new"] }],
    });
    const actions = fakeActions();
    const e = event(t.tenantId, conversationId, "conversation.created", T0);
    await handleConversationEvent(env, e, { actions });
    await handleConversationEvent(env, e, { actions });
    expect(actions.calls.map((c) => c.method)).toEqual(["addTags"]);
  });

  it("should look up an order over signed HTTPS with retries and reply with the response", async () => {
    const { auth, t, conversationId } = await setup({}, { email: "buyer@shop.test" });
    const { workflow, signingSecret } = await createFromTemplate(
      db(),
      env.ENCRYPTION_KEY,
      auth,
      "order-status-lookup",
    );
    expect(workflow.enabled).toBe(false);
    const def = structuredClone(workflow.definition) as WorkflowDefinition;
    (def.steps[0] as { url: string }).url = "https://orders.merchant.example/lookup";
    await db()
      .update(workflows)
      .set({ definition: def, enabled: true })
      .where(eq(workflows.id, workflow.id));

    const seen: { headers: Headers; body: string }[] = [];
    const fetchFn: FetchFn = async (input, init) => {
      const req = new Request(input, init);
      seen.push({ headers: req.headers, body: await req.text() });
      if (seen.length === 1) return new Response("busy", { status: 503 });
      return Response.json({ orderNumber: "A-1001", status: "shipped" });
    };
    const actions = fakeActions();
    const msg = event(t.tenantId, conversationId, "message.created", T0, {
      messageId: "m1",
      authorType: "shopper",
      text: "Where is my order?",
    });
    await handleConversationEvent(env, msg, { actions, fetch: fetchFn, now: () => Date.now() });
    expect(seen).toHaveLength(2);
    const body = seen[1].body;
    expect(JSON.parse(body)).toMatchObject({
      question: "Where is my order?",
      email: "buyer@shop.test",
    });
    expect(seen[0].headers.get("webhook-id")).toBe(seen[1].headers.get("webhook-id"));
    expect(
      await verifyWebhook(signingSecret, seen[1].headers, body, Math.floor(Date.now() / 1000)),
    ).toBe(true);
    expect(actions.calls).toEqual([
      { method: "sendMessage", conversationId, args: ["Your order A-1001 is shipped. "] },
    ]);
    const [run] = await runs(conversationId);
    expect(run.status).toBe("succeeded");
    expect(run.log.map((l) => l.detail)).toEqual([
      "HTTP 200",
      expect.stringContaining("sent"),
      "skipped: condition not met",
    ]);
  });

  it("should hand over when the order lookup keeps failing", async () => {
    const { auth, t, conversationId } = await setup();
    await addWorkflow(
      auth,
      WORKFLOW_TEMPLATES.find((x) => x.id === "order-status-lookup")!.definition,
    );
    const actions = fakeActions();
    let calls = 0;
    await handleConversationEvent(
      env,
      event(t.tenantId, conversationId, "message.created", T0, {
        messageId: "m1",
        authorType: "shopper",
        text: "tracking please",
        intent: "order_status",
      }),
      {
        actions,
        fetch: async () => {
          calls++;
          throw new TypeError("network down");
        },
      },
    );
    expect(calls).toBe(3);
    expect(actions.calls).toEqual([
      { method: "handover", conversationId, args: ["order_lookup_failed"] },
    ]);
  });

  it("should hand over on purchase intent and tag the lead, but ignore AI messages", async () => {
    const { auth, t, conversationId } = await setup();
    await createFromTemplate(db(), env.ENCRYPTION_KEY, auth, "purchase-intent-handover");
    const actions = fakeActions();
    await handleConversationEvent(
      env,
      event(t.tenantId, conversationId, "message.created", T0, {
        messageId: "a1",
        authorType: "ai",
        text: "You can buy it here",
      }),
      { actions },
    );
    expect(actions.calls).toEqual([]);
    await handleConversationEvent(
      env,
      event(t.tenantId, conversationId, "message.created", T0 + 1, {
        messageId: "s1",
        authorType: "shopper",
        text: "How much for 500 units?",
        intent: "pricing",
      }),
      { actions },
    );
    expect(actions.calls.map((c) => [c.method, c.args[0]])).toEqual([
      ["addTags", ["sales-lead"]],
      ["sendMessage", "Great! I'm connecting you with our sales team right now."],
      ["handover", "purchase_intent"],
    ]);
  });

  it("should reply after hours once, using the tenant's business hours", async () => {
    const { auth, t, conversationId } = await setup();
    await db()
      .update(tenants)
      .set({
        settings: {
          ai: { businessHours: { timezone: "Europe/Madrid", days: { mon: [["09:00", "18:00"]] } } },
        },
      })
      .where(eq(tenants.id, t.tenantId));
    await createFromTemplate(db(), env.ENCRYPTION_KEY, auth, "after-hours-reply");
    const actions = fakeActions();
    const msg = (id: string, at: number) =>
      event(t.tenantId, conversationId, "message.created", at, {
        messageId: id,
        authorType: "shopper",
        text: "hello?",
      });
    await handleConversationEvent(env, msg("s1", T0), { actions, now: () => T0 });
    expect(actions.calls.map((c) => c.method)).toEqual(["sendMessage", "addTags"]);
    await updateConversation(conversationId, { tags: ["after-hours"] });
    await handleConversationEvent(env, msg("s2", T0 + 60_000), { actions, now: () => T0 + 60_000 });
    const opening = Date.UTC(2026, 2, 9, 9, 0); // next Monday, 10:00 in Madrid
    await updateConversation(conversationId, { tags: [] });
    await handleConversationEvent(env, msg("s3", opening), { actions, now: () => opening });
    expect(actions.calls).toHaveLength(2);
    expect((await runs(conversationId)).map((r) => r.status).sort()).toEqual([
      "skipped",
      "skipped",
      "succeeded",
    ]);
  });

  it("should log a failed step, stop the run, and let the conversation carry on", async () => {
    const { auth, t, conversationId } = await setup();
    await addWorkflow(
      auth,
      {
        trigger: { type: "conversation.created" },
        steps: [
          { type: "assign", teamId: "team_x" },
          { type: "send_message", text: "never sent" },
        ],
      },
      "breaks",
    );
    await addWorkflow(
      auth,
      { trigger: { type: "conversation.created" }, steps: [{ type: "add_tags", tags: ["ok"] }] },
      "works",
    );
    const actions = fakeActions(["assign"]);
    const res = await handleConversationEvent(
      env,
      event(t.tenantId, conversationId, "conversation.created", T0),
      { actions },
    );
    expect(res.ok).toBe(true);
    expect(actions.calls.map((c) => c.method).sort()).toEqual(["addTags", "assign"]);
    const byStatus = Object.fromEntries((await runs(conversationId)).map((r) => [r.status, r]));
    expect(byStatus.failed.error).toBe("step 0 (assign): REFUSED: assign refused");
    expect(byStatus.succeeded).toBeDefined();
  });

  it("should run a delayed step later from runDueSteps, exactly once", async () => {
    const { auth, t, conversationId } = await setup();
    await addWorkflow(auth, {
      trigger: { type: "conversation.created" },
      steps: [
        { type: "send_message", text: "first" },
        { type: "delay", minutes: 30 },
        { type: "send_message", text: "follow-up for {{contact.name}}" },
      ],
    });
    const actions = fakeActions();
    const woken: number[] = [];
    await handleConversationEvent(
      env,
      event(t.tenantId, conversationId, "conversation.created", T0),
      { actions, now: () => T0, wake: async (_id, at) => void woken.push(at) },
    );
    expect(woken).toEqual([T0 + 30 * 60_000]);
    expect((await runs(conversationId))[0].status).toBe("waiting");
    const deps = (now: number) => defaultOpsDeps(env, { actions, now: () => now });
    expect(await runDueSteps(env, deps(T0 + 29 * 60_000), { conversationId })).toEqual({
      ran: 0,
      failed: 0,
    });
    expect(await runDueSteps(env, deps(T0 + 31 * 60_000), { conversationId })).toEqual({
      ran: 1,
      failed: 0,
    });
    expect(await runDueSteps(env, deps(T0 + 32 * 60_000), { conversationId })).toEqual({
      ran: 0,
      failed: 0,
    });
    expect(actions.calls.map((c) => c.args[0])).toEqual(["first", "follow-up for Jane Shopper"]);
    const [run] = await runs(conversationId);
    expect(run.status).toBe("succeeded");
    expect(run.log).toHaveLength(3);
  });

  it("should fire 'waiting longer than N minutes' only if the shopper is still unanswered", async () => {
    const { auth, t, conversationId } = await setup({ lastInboundAt: T0, lastMessageAt: T0 });
    await addWorkflow(auth, {
      trigger: { type: "conversation.waiting", minutes: 10 },
      steps: [{ type: "send_message", text: "Sorry for the wait!" }],
    });
    const actions = fakeActions();
    const deps = (now: number) => ({ actions, now: () => now });
    await handleConversationEvent(
      env,
      event(t.tenantId, conversationId, "message.created", T0, {
        messageId: "s1",
        authorType: "shopper",
        text: "hi",
      }),
      deps(T0),
    );
    await runDueSteps(env, defaultOpsDeps(env, deps(T0 + 11 * 60_000)));
    expect(actions.calls.map((c) => c.args[0])).toEqual(["Sorry for the wait!"]);

    // Answered in time: the check finds a newer message and does nothing.
    const other = await seedConversation(t.tenantId, await seedContact(t.tenantId), {
      createdAt: T0,
      lastInboundAt: T0,
      lastMessageAt: T0 + 60_000,
    });
    await handleConversationEvent(
      env,
      event(t.tenantId, other, "message.created", T0, {
        messageId: "s9",
        authorType: "shopper",
        text: "hi",
      }),
      deps(T0),
    );
    await runDueSteps(env, defaultOpsDeps(env, deps(T0 + 11 * 60_000)));
    expect(actions.calls).toHaveLength(1);
  });

  it("should warn before the 24-hour window closes on window channels only", async () => {
    const { auth, t, conversationId } = await setup({ channelType: "whatsapp", lastInboundAt: T0 });
    await addWorkflow(auth, {
      trigger: { type: "window.closing", minutesBefore: 60 },
      steps: [
        { type: "send_template", name: "followup", language: "en", params: ["{{contact.name}}"] },
      ],
    });
    const web = await seedConversation(t.tenantId, await seedContact(t.tenantId), {
      channelType: "widget",
      lastInboundAt: T0,
    });
    const actions = fakeActions();
    for (const id of [conversationId, web])
      await handleConversationEvent(
        env,
        event(t.tenantId, id, "message.created", T0, {
          messageId: `s-${id}`,
          authorType: "shopper",
          text: "thanks",
        }),
        { actions, now: () => T0 },
      );
    const steps = await db()
      .select()
      .from(workflowScheduledSteps)
      .where(eq(workflowScheduledSteps.tenantId, t.tenantId));
    expect(steps.map((s) => [s.conversationId, s.dueAt])).toEqual([
      [conversationId, T0 + 23 * 3600_000],
    ]);
    await runDueSteps(env, defaultOpsDeps(env, { actions, now: () => T0 + 23 * 3600_000 + 1 }));
    expect(actions.calls).toEqual([
      {
        method: "sendTemplate",
        conversationId,
        args: [{ name: "followup", language: "en", params: ["Jane Shopper"] }],
      },
    ]);
  });

  it("should email the transcript through the mailer, without private notes", async () => {
    const { auth, t, conversationId } = await setup();
    await addWorkflow(auth, {
      trigger: { type: "conversation.resolved" },
      steps: [
        { type: "email_transcript", to: "{{contact.email}}" },
        {
          type: "set_attribute",
          target: "contact",
          key: "lastTranscript",
          value: "{{conversation.id}}",
        },
      ],
    });
    const store = fakeStore({
      [conversationId]: [
        message(conversationId, 1, "Where is my parcel?"),
        message(conversationId, 2, "internal: check warehouse", {
          kind: "note",
          author: { type: "agent", id: "u", name: "Sam" },
        }),
        message(conversationId, 3, "It ships today", {
          author: { type: "agent", id: "u", name: "Sam" },
        }),
      ],
    });
    const sent: Mail[] = [];
    await handleConversationEvent(
      env,
      event(t.tenantId, conversationId, "conversation.resolved", T0),
      {
        actions: fakeActions(),
        store,
        mailer: { send: async (m) => (sent.push(m), { ok: true }) },
      },
    );
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toBe("jane.shopper@gmail.com");
    expect(sent[0].text).toContain("Customer: Where is my parcel?");
    expect(sent[0].text).toContain("Sam: It ships today");
    expect(sent[0].text).not.toContain("warehouse");
    const contact = await env.DB.prepare("SELECT attributes FROM contacts WHERE tenant_id = ?")
      .bind(t.tenantId)
      .first<{ attributes: string }>();
    expect(JSON.parse(contact!.attributes)).toMatchObject({ lastTranscript: conversationId });
  });

  it("should keep the signing secret sealed at rest", async () => {
    const { auth } = await setup();
    const { workflow, signingSecret } = await addWorkflow(auth, {
      trigger: { type: "conversation.created" },
      steps: [{ type: "resolve" }],
    });
    const row = await env.DB.prepare("SELECT secret_enc FROM workflows WHERE id = ?")
      .bind(workflow.id)
      .first<{ secret_enc: string }>();
    expect(row!.secret_enc).not.toContain(signingSecret.slice(6));
    expect(await decryptJson<string>(env.ENCRYPTION_KEY, row!.secret_enc)).toBe(signingSecret);
  });
});
