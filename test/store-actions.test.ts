import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { newId } from "../workers/lib/ids";
import type { Message } from "../workers/wire/socket";
import { mockStores, SHOPIFY, WOO, type Recorded } from "./fixtures/stores/mock-stores";
import { addChannel, inbound, readMessages, waitFor } from "./engine-helpers";
import { addMember, call, errorOf, signupTenant, type Caller } from "./helpers";

afterEach(() => vi.restoreAllMocks());

/** A tenant with both fixture stores connected; the stores stay mocked, every request recorded. */
async function shopWithStores(): Promise<{ owner: Caller; seen: Recorded[]; storeIds: string[] }> {
  const owner = await signupTenant();
  const m = mockStores();
  vi.spyOn(globalThis, "fetch").mockImplementation(m.fetch);
  const storeIds: string[] = [];
  for (const [type, credentials] of [
    [
      "shopify",
      { shop: "snowdevil", accessToken: SHOPIFY.accessToken, apiSecret: SHOPIFY.apiSecret },
    ],
    [
      "woocommerce",
      { url: WOO.url, consumerKey: WOO.consumerKey, consumerSecret: WOO.consumerSecret },
    ],
  ] as const) {
    const res = await call("POST", "/api/stores", {
      cookie: owner.cookie,
      body: { type, credentials },
    });
    expect(res.status).toBe(201);
    storeIds.push(((await res.json()) as { store: { id: string } }).store.id);
  }
  m.seen.length = 0;
  return { owner, seen: m.seen, storeIds };
}

/** Requests that change something at a store: GraphQL mutations and non-GET REST calls. */
const writes = (seen: Recorded[]) =>
  seen.filter((r) =>
    r.url.endsWith("/graphql.json") ? /\bmutation\b/.test(r.body) : r.method !== "GET",
  );

async function contactWith(tenantId: string, email: string | null, phone: string | null) {
  const id = newId("con");
  await env.DB.prepare(
    "INSERT INTO contacts (id, tenant_id, name, email, phone) VALUES (?, ?, ?, ?, ?)",
  )
    .bind(id, tenantId, "Bob Norman", email, phone)
    .run();
  return id;
}

type Action = {
  detail: { from: Record<string, string | null> | null; to: Record<string, string | null> } | null;
  id: string;
  kind: string;
  orderNumber: string;
  amount: string | null;
  currency: string | null;
  state: string;
  decidedBy: string | null;
};

async function actionsOf(who: Caller, conversationId: string): Promise<Action[]> {
  const res = await call("GET", `/api/conversations/${conversationId}/actions`, {
    cookie: who.cookie,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { actions: Action[] }).actions;
}

const aiReply = (owner: Caller, conversationId: string): Promise<Message> =>
  waitFor(
    async () =>
      (await readMessages(owner.cookie, conversationId)).find((m) => m.author.type === "ai"),
    "the AI's reply",
    20_000,
  );

/** The system message that starts with `start` (the conversation also has queue notices). */
const systemReply = (owner: Caller, conversationId: string, start: string): Promise<Message> =>
  waitFor(
    async () =>
      (await readMessages(owner.cookie, conversationId)).find(
        (m) => m.author.type === "system" && m.text.startsWith(start),
      ),
    `the outcome message "${start}"`,
    20_000,
  );

const decide = (who: Caller, conv: string, actionId: string, verb: "approve" | "decline") =>
  call("POST", `/api/conversations/${conv}/actions/${actionId}/${verb}`, { cookie: who.cookie });

/** Jane (WhatsApp +1 613 555 0143) asks to cancel her unfulfilled Shopify order #1002 ($199.00). */
async function janeAsksToCancel(owner: Caller) {
  const wa = await addChannel(owner.tenantId, "whatsapp");
  const conv = await inbound(owner.tenantId, wa, "whatsapp", "16135550143", [
    "Hi, please cancel my order #1002",
  ]);
  const reply = await aiReply(owner, conv);
  return { conv, reply };
}

describe("GET /api/contacts/{id}/orders", () => {
  it("should list the contact's orders from the store with status, fulfilment, total and tracking, never credentials", async () => {
    const { owner, seen } = await shopWithStores();
    const contactId = await contactWith(owner.tenantId, "bob.norman@mail.example.com", null);
    const res = await call("GET", `/api/contacts/${contactId}/orders`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as {
      orders: {
        number: string;
        status: string;
        fulfillment: string;
        total: string;
        tracking: { url: string | null }[];
      }[];
      unavailable: unknown[];
    };
    expect(body.unavailable).toEqual([]);
    expect(body.orders.map((o) => [o.number, o.status, o.fulfillment, o.total])).toEqual([
      ["1001", "shipped", "fulfilled", "598.94"],
      ["1003", "delivered", "fulfilled", "45.00"],
    ]);
    expect(body.orders[0].tracking[0].url).toBe(
      "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z2345",
    );
    for (const secret of [SHOPIFY.accessToken, WOO.consumerKey, WOO.consumerSecret, "bob.norman"])
      expect(text).not.toContain(secret);
    // Each store was asked once, and each call is in the audit log (without the search query).
    expect(seen.map((r) => new URL(r.url).host).sort()).toEqual([
      "shop.example.com",
      "snowdevil.myshopify.com",
    ]);
    const audit = await env.DB.prepare(
      "SELECT data FROM audit_log WHERE tenant_id = ? AND action = 'store.call'",
    )
      .bind(owner.tenantId)
      .all<{ data: string }>();
    expect(audit.results).toHaveLength(2);
    expect(audit.results.map((r) => r.data).join()).not.toContain("bob.norman");
  });

  it("should answer 404 for another tenant's contact and 403 for a viewer, without calling a store", async () => {
    const { owner, seen } = await shopWithStores();
    const contactId = await contactWith(owner.tenantId, "bob.norman@mail.example.com", null);
    const other = await signupTenant();
    const foreign = await call("GET", `/api/contacts/${contactId}/orders`, {
      cookie: other.cookie,
    });
    expect(foreign.status).toBe(404);
    expect((await errorOf(foreign)).code).toBe("CONTACT_NOT_FOUND");
    const viewer = await addMember(owner, "viewer");
    expect(
      (await call("GET", `/api/contacts/${contactId}/orders`, { cookie: viewer.cookie })).status,
    ).toBe(403);
    expect(seen).toEqual([]);
  });
});

describe("approval cards for order changes", () => {
  it("should propose a cancellation, call Shopify's orderCancel exactly once for a double approval, and tell the shopper", async () => {
    const { owner, seen } = await shopWithStores();
    const { conv, reply } = await janeAsksToCancel(owner);
    expect(reply.text).toContain("approve cancelling order 1002");
    expect(writes(seen)).toEqual([]);
    const [action] = await actionsOf(owner, conv);
    expect(action).toMatchObject({
      kind: "cancel",
      orderNumber: "1002",
      amount: "199.00",
      currency: "USD",
      state: "proposed",
    });
    const agent = await addMember(owner, "agent");
    const [a, b] = await Promise.all([
      decide(agent, conv, action.id, "approve"),
      decide(agent, conv, action.id, "approve"),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const cancels = writes(seen);
    expect(cancels).toHaveLength(1);
    expect(cancels[0].url).toBe("https://snowdevil.myshopify.com/admin/api/2025-01/graphql.json");
    expect(JSON.parse(cancels[0].body).variables.orderId).toBe("gid://shopify/Order/1073459962");
    expect((await actionsOf(owner, conv))[0]).toMatchObject({
      state: "done",
      decidedBy: agent.userId,
    });
    expect((await systemReply(owner, conv, "Order 1002")).text).toBe(
      "Order 1002 has been cancelled.",
    );
    // Approving again later changes nothing and calls nothing.
    expect((await decide(agent, conv, action.id, "approve")).status).toBe(200);
    expect(writes(seen)).toHaveLength(1);
    const calls = await env.DB.prepare(
      "SELECT actor_id, data FROM audit_log WHERE tenant_id = ? AND action = 'store.call'",
    )
      .bind(owner.tenantId)
      .all<{ actor_id: string | null; data: string }>();
    const cancelCalls = calls.results.filter((r) => JSON.parse(r.data).purpose === "cancel_order");
    expect(cancelCalls.map((r) => r.actor_id)).toEqual([agent.userId]);
  });

  it("should refund a WooCommerce order on approval and tell the shopper in Spanish", async () => {
    const { owner, seen } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(
      owner.tenantId,
      wa,
      "whatsapp",
      "34600111222",
      ["Hola, quiero un reembolso del pedido número 728"],
      { language: "es" },
    );
    expect((await aiReply(owner, conv)).text).toContain("reembolso de 54.90");
    const [action] = await actionsOf(owner, conv);
    expect(action).toMatchObject({ kind: "refund", orderNumber: "728", state: "proposed" });
    expect((await decide(owner, conv, action.id, "approve")).status).toBe(200);
    const refunds = writes(seen);
    expect(refunds.map((r) => [r.method, r.url])).toEqual([
      ["POST", "https://shop.example.com/wp-json/wc/v3/orders/728/refunds"],
    ]);
    expect(JSON.parse(refunds[0].body)).toMatchObject({ amount: "54.90", api_refund: true });
    expect((await systemReply(owner, conv, "Se ha emitido")).text).toBe(
      "Se ha emitido un reembolso de 54.90 EUR para el pedido 728.",
    );
  });

  it("should call no store on decline and tell the shopper a person will follow up", async () => {
    const { owner, seen } = await shopWithStores();
    const { conv } = await janeAsksToCancel(owner);
    const [action] = await actionsOf(owner, conv);
    const res = await decide(owner, conv, action.id, "decline");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { action: Action }).action.state).toBe("declined");
    expect((await systemReply(owner, conv, "A member")).text).toBe(
      "A member of our team will follow up with you here about order 1002.",
    );
    const late = await decide(owner, conv, action.id, "approve");
    expect(late.status).toBe(409);
    expect((await errorOf(late)).code).toBe("INVALID_STATE");
    expect(writes(seen)).toEqual([]);
  });

  it("should answer 404 to another tenant's agent and 403 to a viewer, and call no store", async () => {
    const { owner, seen } = await shopWithStores();
    const { conv } = await janeAsksToCancel(owner);
    const [action] = await actionsOf(owner, conv);
    const other = await signupTenant();
    const otherAgent = await addMember(other, "agent");
    for (const verb of ["approve", "decline"] as const) {
      const res = await decide(otherAgent, conv, action.id, verb);
      expect(res.status).toBe(404);
    }
    expect(
      (await call("GET", `/api/conversations/${conv}/actions`, { cookie: otherAgent.cookie }))
        .status,
    ).toBe(404);
    const viewer = await addMember(owner, "viewer");
    const refused = await decide(viewer, conv, action.id, "approve");
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe("FORBIDDEN");
    expect(writes(seen)).toEqual([]);
    expect((await actionsOf(owner, conv))[0].state).toBe("proposed");
  });

  it("should run a change below the store's auto-approve limit at once and say so", async () => {
    const { owner, seen, storeIds } = await shopWithStores();
    const set = await call("PATCH", `/api/stores/${storeIds[0]}`, {
      cookie: owner.cookie,
      body: { autoApproveBelow: 500 },
    });
    expect(set.status).toBe(200);
    const bad = await call("PATCH", `/api/stores/${storeIds[0]}`, {
      cookie: owner.cookie,
      body: { autoApproveBelow: -1 },
    });
    expect(bad.status).toBe(422);
    const { conv, reply } = await janeAsksToCancel(owner);
    expect(reply.text).toBe("Order 1002 has been cancelled.");
    expect(writes(seen)).toHaveLength(1);
    expect((await actionsOf(owner, conv))[0]).toMatchObject({ state: "done", decidedBy: "auto" });
  });

  it("should not propose cancelling a shipped order: it goes to a person and nothing is written", async () => {
    const { owner, seen } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(owner.tenantId, wa, "whatsapp", "557734881234", [
      "Please cancel my order #1001",
    ]);
    const reply = await aiReply(owner, conv);
    expect(reply.text).not.toContain("approve");
    expect(await actionsOf(owner, conv)).toEqual([]);
    expect(writes(seen)).toEqual([]);
  });

  it("should propose a shipping-address change with the old and new address, and send Shopify's orderUpdate on approval", async () => {
    const { owner, seen } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(owner.tenantId, wa, "whatsapp", "16135550143", [
      "Please change the shipping address of order #1002 to 55 Elm Street, 10001 New York, US",
    ]);
    expect((await aiReply(owner, conv)).text).toContain(
      "approve changing the shipping address of order 1002",
    );
    expect(writes(seen)).toEqual([]);
    const [action] = await actionsOf(owner, conv);
    expect(action).toMatchObject({ kind: "address", orderNumber: "1002", state: "proposed" });
    expect(action.detail).toEqual({
      from: {
        address1: "Chestnut Street 92",
        address2: null,
        city: "Louisville",
        zip: "40202",
        province: "KY",
        country: "US",
      },
      to: {
        address1: "55 Elm Street",
        address2: null,
        city: "New York",
        zip: "10001",
        province: null,
        country: "US",
      },
    });
    expect((await decide(owner, conv, action.id, "approve")).status).toBe(200);
    const updates = writes(seen);
    expect(updates).toHaveLength(1);
    const sent = JSON.parse(updates[0].body) as {
      query: string;
      variables: { input: Record<string, unknown> };
    };
    expect(sent.query).toContain("orderUpdate(input: $input)");
    expect(sent.variables.input).toEqual({
      id: "gid://shopify/Order/1073459962",
      shippingAddress: {
        address1: "55 Elm Street",
        address2: null,
        city: "New York",
        zip: "10001",
        provinceCode: null,
        countryCode: "US",
      },
    });
    expect((await systemReply(owner, conv, "The shipping address")).text).toBe(
      "The shipping address of order 1002 has been changed.",
    );
  });

  it("should change a WooCommerce order's shipping address with PUT /orders/{id} and its shipping object", async () => {
    const { owner, seen } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(owner.tenantId, wa, "whatsapp", "15555555555", [
      "Can you change the address of order #727 to 12 Main Street, San Francisco 94107?",
    ]);
    await aiReply(owner, conv);
    const [action] = await actionsOf(owner, conv);
    expect(action.detail?.to).toMatchObject({ address1: "12 Main Street", zip: "94107" });
    expect((await decide(owner, conv, action.id, "approve")).status).toBe(200);
    const puts = writes(seen);
    expect(puts.map((r) => [r.method, r.url])).toEqual([
      ["PUT", "https://shop.example.com/wp-json/wc/v3/orders/727"],
    ]);
    expect(JSON.parse(puts[0].body)).toEqual({
      shipping: {
        address_1: "12 Main Street",
        address_2: "",
        city: "San Francisco",
        postcode: "94107",
        state: "",
        country: "US",
      },
    });
    expect((await actionsOf(owner, conv))[0].state).toBe("done");
  });

  it("should not propose an address change for a shipped order or where the store's policy says never", async () => {
    const { owner, seen, storeIds } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const shipped = await inbound(owner.tenantId, wa, "whatsapp", "34600111222", [
      "Cambia la dirección de envío del pedido #728 a Calle Luna 5, 28004 Madrid",
    ]);
    expect((await aiReply(owner, shipped)).text).not.toContain("aprobar");
    expect(await actionsOf(owner, shipped)).toEqual([]);
    const never = await call("PATCH", `/api/stores/${storeIds[0]}`, {
      cookie: owner.cookie,
      body: { addressChanges: "never" },
    });
    expect(never.status).toBe(200);
    const bad = await call("PATCH", `/api/stores/${storeIds[0]}`, {
      cookie: owner.cookie,
      body: { addressChanges: "sometimes" },
    });
    expect(bad.status).toBe(422);
    const refused = await inbound(owner.tenantId, wa, "whatsapp", "16135550143", [
      "Please change the shipping address of order #1002 to 55 Elm Street, 10001 New York, US",
    ]);
    expect((await aiReply(owner, refused)).text).not.toContain("approve");
    expect(await actionsOf(owner, refused)).toEqual([]);
    expect(writes(seen)).toEqual([]);
  });
});
