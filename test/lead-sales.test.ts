import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { message } from "../workers/ai/messages";
import type { LeadView } from "../workers/wire/leads";
import type { Message } from "../workers/wire/socket";
import { SHOPIFY, type Recorded } from "./fixtures/stores/mock-stores";
import { addChannel, inbound, readMessages, waitFor } from "./engine-helpers";
import { addMember, call, errorOf, shopifyTenant, signupTenant, type Caller } from "./helpers";

afterEach(() => vi.restoreAllMocks());

/** A tenant with the fixture Shopify store connected (mocked; every request recorded). */
const shopWithShopify = () => shopifyTenant();

const drafts = (seen: Recorded[]) => seen.filter((r) => r.body.includes("draftOrderCreate("));

const online = (who: Caller, status = "online") =>
  call("PUT", "/api/presence", { cookie: who.cookie, body: { status } });

const inboxStub = (tenantId: string) => env.INBOX.get(env.INBOX.idFromName(tenantId));

const conversationRow = (id: string) =>
  env.DB.prepare("SELECT status, assignee_id FROM conversations WHERE id = ?")
    .bind(id)
    .first<{ status: string; assignee_id: string | null }>();

const aiReplies = async (owner: Caller, conversationId: string): Promise<Message[]> =>
  (await readMessages(owner.cookie, conversationId)).filter((m) => m.author.type === "ai");

const leadOf = async (owner: Caller, conversationId: string): Promise<LeadView | undefined> => {
  const res = await call("GET", `/api/leads?conversationId=${conversationId}`, {
    cookie: owner.cookie,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { leads: LeadView[] }).leads[0];
};

const BUY = "Hi, I want to buy 2 iPod Nano in black, my email is bob@example.com";

describe("high-intent leads: the sales team's queue and the store's draft order", () => {
  it("should queue the conversation for the sales agents, make one Shopify draft order and show it on the lead", async () => {
    const { owner, seen, storeId } = await shopWithShopify();
    const patch = await call("PATCH", `/api/stores/${storeId}`, {
      cookie: owner.cookie,
      body: { draftOrders: true },
    });
    expect(patch.status).toBe(200);
    expect(((await patch.json()) as { store: { draftOrders: boolean } }).store.draftOrders).toBe(
      true,
    );
    const other = await addMember(owner, "agent");
    const seller = await addMember(owner, "agent");
    const skills = await call("PATCH", `/api/users/${seller.userId}`, {
      cookie: owner.cookie,
      body: { skills: ["sales"] },
    });
    expect(skills.status).toBe(200);
    await online(other);

    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(owner.tenantId, wa, "whatsapp", "15550100777", [BUY]);
    const [reply] = await waitFor(
      async () => {
        const r = await aiReplies(owner, conv);
        return r.length ? r : undefined;
      },
      "the AI's reply",
      20_000,
    );
    expect(reply.text).toBe(
      message("lead_draft", "en", {
        order: "#D1",
        quantity: "2",
        product: "IPod Nano - 8gb – Black",
      }),
    );
    // One draft order: the matched variant, the quantity and the shopper's email, to the store's own host.
    expect(drafts(seen)).toHaveLength(1);
    const [draft] = drafts(seen);
    expect(new URL(draft.url).host).toBe(SHOPIFY.shop);
    expect(JSON.parse(draft.body).variables.input).toMatchObject({
      lineItems: [{ variantId: "gid://shopify/ProductVariant/113711323", quantity: 2 }],
      email: "bob@example.com",
    });

    // Waiting for the sales agent, not given to the other agent who is online.
    // (D1's row follows the conversation object's coalesced flush, within a second or so.)
    expect(
      await waitFor(async () => {
        const row = await conversationRow(conv);
        return row?.status === "bot" ? undefined : row;
      }, "the conversation's handover in D1"),
    ).toEqual({ status: "waiting", assignee_id: null });
    const snap = await inboxStub(owner.tenantId).snapshot();
    expect(snap.queue.find((q) => q.conversationId === conv)).toMatchObject({ team: "sales" });
    const detail = await call("GET", `/api/conversations/${conv}`, { cookie: owner.cookie });
    const body = (await detail.json()) as { conversation: { handover: unknown } };
    expect(body.conversation.handover).toMatchObject({
      rule: "sales_lead",
      team: "sales",
    });
    await online(seller);
    await waitFor(
      async () => (await conversationRow(conv))?.assignee_id === seller.userId,
      "the sales agent takes the lead",
    );

    const lead = await waitFor(
      async () => {
        const l = await leadOf(owner, conv);
        return l?.draftOrder ? l : undefined;
      },
      "the lead with its draft order",
      20_000,
    );
    expect(lead).toMatchObject({
      product: "iPod Nano",
      quantity: 2,
      team: "sales",
      catalogue: {
        storeId,
        productId: "gid://shopify/Product/20995642",
        title: "IPod Nano - 8gb",
        variantId: "gid://shopify/ProductVariant/113711323",
        variantTitle: "Black",
      },
      draftOrder: {
        id: "gid://shopify/DraftOrder/276395349",
        name: "#D1",
        url: "https://snowdevil.myshopify.com/admin/draft_orders/276395349",
      },
    });

    // Handed back, the shopper says it again: the lead keeps its one draft order.
    const back = await call("POST", `/api/conversations/${conv}/handback`, {
      cookie: seller.cookie,
    });
    expect(back.status).toBe(200);
    await inbound(owner.tenantId, wa, "whatsapp", "15550100777", [BUY]);
    const second = await waitFor(
      async () => {
        const r = await aiReplies(owner, conv);
        return r.length >= 2 ? r[1] : undefined;
      },
      "the AI's second reply",
      20_000,
    );
    expect(second.text).toContain("#D1");
    expect(drafts(seen)).toHaveLength(1);
    const audit = await env.DB.prepare(
      "SELECT action FROM audit_log WHERE tenant_id = ? AND action LIKE 'lead.draft%'",
    )
      .bind(owner.tenantId)
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(["lead.draft_order"]);
  });

  it("should make no draft order where the store does not allow it, and still match the catalogue", async () => {
    const { owner, seen, storeId } = await shopWithShopify();
    // A bad setting is a 422 and changes nothing.
    const bad = await call("PATCH", `/api/stores/${storeId}`, {
      cookie: owner.cookie,
      body: { draftOrders: "yes" },
    });
    expect(bad.status).toBe(422);
    expect((await errorOf(bad)).code).toBe("VALIDATION_FAILED");
    const stores = await call("GET", "/api/stores", { cookie: owner.cookie });
    expect(
      ((await stores.json()) as { stores: { draftOrders: boolean }[] }).stores[0].draftOrders,
    ).toBe(false);
    const seller = await addMember(owner, "agent");
    await env.DB.prepare(
      "INSERT INTO teams (id, tenant_id, name, languages, channels, members) VALUES (?, ?, 'Sales', '[]', '[]', ?)",
    )
      .bind(`team_${crypto.randomUUID()}`, owner.tenantId, JSON.stringify([seller.userId]))
      .run();

    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(owner.tenantId, wa, "whatsapp", "15550100888", [BUY]);
    const [reply] = await waitFor(
      async () => {
        const r = await aiReplies(owner, conv);
        return r.length ? r : undefined;
      },
      "the AI's reply",
      20_000,
    );
    expect(reply.text).toBe(message("lead_sales", "en"));
    expect(drafts(seen)).toEqual([]);
    const lead = await waitFor(
      async () => {
        const l = await leadOf(owner, conv);
        return l?.catalogue ? l : undefined;
      },
      "the lead matched to the catalogue",
      20_000,
    );
    expect(lead).toMatchObject({
      team: "sales",
      draftOrder: null,
      catalogue: { title: "IPod Nano - 8gb", variantTitle: "Black" },
    });
    // Another tenant sees none of it.
    const stranger = await signupTenant();
    const res = await call("GET", `/api/leads?conversationId=${conv}`, { cookie: stranger.cookie });
    expect(((await res.json()) as { leads: unknown[] }).leads).toEqual([]);
  });
});
