import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Message } from "../workers/wire/socket";
import { mockStores, SHOPIFY, WOO } from "./fixtures/stores/mock-stores";
import { hmacSha256, toHex } from "../workers/lib/crypto";
import {
  addChannel,
  clientId,
  inbound,
  openSocket,
  readMessages,
  waitFor,
  widgetChannel,
  widgetSession,
} from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

afterEach(() => vi.restoreAllMocks());

/** A tenant with both fixture stores connected; the stores stay mocked for the AI's calls. */
async function shopWithStores(): Promise<{
  owner: Caller;
  seen: ReturnType<typeof mockStores>["seen"];
}> {
  const owner = await signupTenant();
  const m = mockStores();
  vi.spyOn(globalThis, "fetch").mockImplementation(m.fetch);
  expect(
    (
      await call("POST", "/api/stores", {
        cookie: owner.cookie,
        body: {
          type: "shopify",
          credentials: {
            shop: "snowdevil",
            accessToken: SHOPIFY.accessToken,
            apiSecret: SHOPIFY.apiSecret,
          },
        },
      })
    ).status,
  ).toBe(201);
  expect(
    (
      await call("POST", "/api/stores", {
        cookie: owner.cookie,
        body: {
          type: "woocommerce",
          credentials: {
            url: WOO.url,
            consumerKey: WOO.consumerKey,
            consumerSecret: WOO.consumerSecret,
          },
        },
      })
    ).status,
  ).toBe(201);
  m.seen.length = 0;
  return { owner, seen: m.seen };
}

async function aiReply(owner: Caller, conversationId: string): Promise<Message> {
  return waitFor(
    async () =>
      (await readMessages(owner.cookie, conversationId)).find((m) => m.author.type === "ai"),
    "the AI's reply",
    20_000,
  );
}

const status = async (id: string) =>
  (await env.DB.prepare("SELECT status FROM conversations WHERE id = ?")
    .bind(id)
    .first<{ status: string }>())!.status;

describe("the AI's order action with a connected store", () => {
  it("should answer a WhatsApp shopper's own order with its status and tracking link", async () => {
    const { owner, seen } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(owner.tenantId, wa, "whatsapp", "557734881234", [
      "Hi, where is my order #1001?",
    ]);
    const reply = await aiReply(owner, conv);
    expect(reply.text).toContain("shipped");
    expect(reply.text).toContain(
      "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z2345",
    );
    expect(
      seen.every(
        (r) =>
          new URL(r.url).host === "snowdevil.myshopify.com" ||
          new URL(r.url).host === "shop.example.com",
      ),
    ).toBe(true);
    // The AI's read-only lookup is audited: store, purpose, method, host, path; no email or phone.
    const audit = await env.DB.prepare(
      "SELECT actor_id, data FROM audit_log WHERE tenant_id = ? AND action = 'store.call'",
    )
      .bind(owner.tenantId)
      .all<{ actor_id: string | null; data: string }>();
    const lookups = audit.results.map((r) => JSON.parse(r.data) as Record<string, unknown>);
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    expect(lookups[0]).toMatchObject({
      store: "shopify",
      purpose: "order_lookup",
      method: "POST",
      host: "snowdevil.myshopify.com",
      status: 200,
    });
    expect(JSON.stringify(audit.results)).not.toMatch(/bob\.norman|557734881234/);
  });

  it("should answer in Spanish for a WooCommerce order whose billing phone is the shopper's WhatsApp number", async () => {
    const { owner } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(
      owner.tenantId,
      wa,
      "whatsapp",
      "34600111222",
      ["Hola, ¿dónde está mi pedido número 728? Gracias"],
      { language: "es" },
    );
    const reply = await aiReply(owner, conv);
    expect(reply.text).toContain("pedido 728");
    expect(reply.text).toContain("PQ4F6P0700042820128001A");
  });

  it("should not reveal another customer's order: it offers a code to the order's masked email", async () => {
    const { owner } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const theirs = await aiReply(
      owner,
      await inbound(owner.tenantId, wa, "whatsapp", "557734881234", [
        "Where is my order #1002? I am Jane, jane.smith@mail.example.com",
      ]),
    );
    const unknown = await aiReply(
      owner,
      await inbound(owner.tenantId, wa, "whatsapp", "557734881299", ["Where is my order #9999?"]),
    );
    expect(theirs.text).not.toMatch(/processing|199|jane\.smith|1613555/i);
    expect(theirs.text).toContain("6-digit code to the email address on the order (j***@m***.com)");
    expect(unknown.text).toBe("I couldn't find order 9999. Could you double-check the number?");
  });

  it("should offer a shopper with no verified identity a code to the order's email, never the address they claim", async () => {
    const { owner, seen } = await shopWithStores();
    const tg = await addChannel(owner.tenantId, "telegram");
    const conv = await inbound(owner.tenantId, tg, "telegram", "tg-bob", [
      "Where is my order #1001? My email is bob.norman@mail.example.com",
    ]);
    const reply = await aiReply(owner, conv);
    expect(reply.text).toContain("(b***@m***.com)");
    expect(reply.text).not.toMatch(/shipped|1Z2345|ups\.com|bob\.norman/);
    // Reads only.
    expect(seen.every((r) => r.method === "GET" || !/\bmutation\b/.test(r.body))).toBe(true);
  });

  it("should answer a widget shopper signed in by the merchant, and ask an anonymous visitor to verify", async () => {
    const { owner } = await shopWithStores();
    const channel = await widgetChannel(owner.tenantId);
    const ask = async (extra: Record<string, unknown>) => {
      const { visitorToken } = await widgetSession(owner, extra);
      const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
      await sock.next((f) => f.type === "ready");
      sock.send({ type: "message", clientId: clientId(), text: "Hello, where is my order #1003?" });
      const done = await sock.next(
        (f) => f.type === "message" && f.message.author.type === "ai",
        "the AI's reply",
      );
      return done.type === "message" ? done.message.text : "";
    };
    const signedIn = await ask({
      identity: {
        userId: "bob-1",
        hash: toHex(await hmacSha256(channel.identitySecret, "bob-1")),
        email: "bob.norman@mail.example.com",
      },
    });
    expect(signedIn).toContain("delivered");
    expect(signedIn).toContain("9400100000000000000000");
    const anonymous = await ask({});
    expect(anonymous).toMatch(/confirm it's yours/);
    expect(anonymous).not.toContain("delivered");
  });

  it("should hand a shipped order's cancellation over to a person and write nothing to the store", async () => {
    const { owner, seen } = await shopWithStores();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const conv = await inbound(owner.tenantId, wa, "whatsapp", "557734881234", [
      "Please cancel my order #1001",
    ]);
    await aiReply(owner, conv);
    expect(
      await waitFor(async () => (await status(conv)) !== "bot" && status(conv), "handover"),
    ).toBe("waiting");
    // Only the read that checks the order is the shopper's and not shipped.
    expect(seen.map((r) => [r.method, /\bmutation\b/.test(r.body)])).toEqual([["POST", false]]);
  });

  it("should offer a code instead of acting on a change when the channel vouches for nobody", async () => {
    const { owner, seen } = await shopWithStores();
    const tg = await addChannel(owner.tenantId, "telegram");
    const conv = await inbound(owner.tenantId, tg, "telegram", "tg-jane", [
      "Cancel my order #1002, my email is jane.smith@mail.example.com",
    ]);
    const reply = await aiReply(owner, conv);
    expect(reply.text).toContain("(j***@m***.com)");
    expect(await status(conv)).toBe("bot");
    expect(seen.filter((r) => r.method !== "GET" && /\bmutation\b/.test(r.body))).toEqual([]);
    const actions = await env.DB.prepare("SELECT id FROM store_actions WHERE conversation_id = ?")
      .bind(conv)
      .all();
    expect(actions.results).toEqual([]);
  });
});
