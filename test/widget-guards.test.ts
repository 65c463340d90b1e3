import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { hmacSha256, toHex } from "../workers/lib/crypto";
import { SHOPPER_MESSAGES } from "../durable-objects/conversation/sockets";
import { SESSION_LIMITS, sessionLimitKeys } from "../workers/services/widget";
import type { ServerFrame } from "../workers/wire/socket";
import {
  clientId,
  openSocket,
  readMessages,
  waitFor,
  widgetChannel,
  widgetSession,
  type TestSocket,
} from "./engine-helpers";
import { BASE, call, errorOf, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

const SHOP = "https://shop.example";
const EVIL = "https://evil.example";

async function rows(tenantId: string): Promise<{ contacts: number; conversations: number }> {
  const count = async (table: string) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`)
      .bind(tenantId)
      .first<{ n: number }>())!.n;
  return { contacts: await count("contacts"), conversations: await count("conversations") };
}

const session = (owner: Caller, origin: string | null, extra: Record<string, unknown> = {}) =>
  call("POST", "/api/widget/session", {
    body: { publicKey: owner.publicKey, ...extra },
    headers: origin ? { origin } : {},
  });

describe("widget allowed origins", () => {
  it("should refuse every widget entry point from an origin the channel does not list, create nothing, and serve a listed one", async () => {
    const owner = await signupTenant();
    const channel = await widgetChannel(owner.tenantId);
    const set = await call("PATCH", `/api/channels/${channel.id}`, {
      cookie: owner.cookie,
      body: { credentials: { allowedOrigins: [`${SHOP}/`] } },
    });
    expect(set.status).toBe(200);
    const identity = {
      userId: "u-42",
      hash: toHex(await hmacSha256(channel.identitySecret, "u-42")),
      name: "Known Shopper",
    };

    for (const origin of [EVIL, null]) {
      const refused = await session(owner, origin, { identity });
      expect(refused.status).toBe(403);
      expect(await errorOf(refused)).toMatchObject({ code: "FORBIDDEN" });
    }
    const ok = await session(owner, SHOP);
    expect(ok.status).toBe(200);
    const { visitorToken } = (await ok.json()) as { visitorToken: string };

    const socket = await exports.default.fetch(
      new Request(`${BASE}/ws/widget?token=${visitorToken}`, {
        headers: { upgrade: "websocket", origin: EVIL },
      }),
    );
    expect(socket.status).toBe(403);
    expect(await errorOf(socket)).toMatchObject({ code: "FORBIDDEN" });
    const attributes = await call("PUT", "/api/widget/attributes", {
      body: { attributes: { plan: "gold" } },
      headers: { authorization: `Bearer ${visitorToken}`, origin: EVIL },
    });
    expect(attributes.status).toBe(403);
    const form = new FormData();
    form.set(
      "file",
      new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "a.png", { type: "image/png" }),
    );
    const upload = await exports.default.fetch(
      new Request(`${BASE}/api/widget/upload`, {
        method: "POST",
        body: form,
        headers: { authorization: `Bearer ${visitorToken}`, origin: EVIL },
      }),
    );
    expect(upload.status).toBe(403);
    expect(await rows(owner.tenantId)).toEqual({ contacts: 0, conversations: 0 });

    const sock = await openSocket(`/ws/widget?token=${visitorToken}`, undefined, { origin: SHOP });
    await sock.next((f) => f.type === "ready");
    sock.send({ type: "message", clientId: clientId(), text: "from the shop" });
    await sock.next((f) => f.type === "message" && f.message.text === "from the shop", "echo");
    expect(await rows(owner.tenantId)).toEqual({ contacts: 1, conversations: 1 });
  });

  it("should let any origin in while the list is empty", async () => {
    const owner = await signupTenant();
    expect((await session(owner, EVIL)).status).toBe(200);
    expect((await session(owner, null)).status).toBe(200);
  });
});

describe("widget flood control", () => {
  it("should store a refused message when the shopper sends it again, with the same client id, once the bucket refills", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
    await sock.next((f) => f.type === "ready");
    const ids = Array.from({ length: SHOPPER_MESSAGES.burst + 1 }, () => clientId());
    for (const [n, id] of ids.entries())
      sock.send({ type: "message", clientId: id, text: `m ${n}` });
    await sock.next((f) => f.type === "error" && f.code === "RATE_LIMITED", "refusal");
    const echoed = (id: string) =>
      sock.frames.some((f) => f.type === "message" && f.message.clientId === id);
    const refusedId = ids.find((id) => !echoed(id));
    expect(refusedId).toBeDefined();
    await new Promise((r) => setTimeout(r, 1100));
    sock.send({ type: "message", clientId: refusedId!, text: "sent again" });
    await waitFor(() => echoed(refusedId!), "the resent message stored and echoed", 10_000);
  });

  it("should let all sockets of one visitor share one message bucket: a refused message gets an error frame and is not stored", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const socks: TestSocket<ServerFrame>[] = [];
    for (let i = 0; i < 5; i++) socks.push(await openSocket(`/ws/widget?token=${visitorToken}`));
    for (const s of socks) await s.next((f) => f.type === "ready");
    const started = Date.now();
    for (let n = 0; n < 25; n++)
      for (const [k, s] of socks.entries())
        s.send({ type: "message", clientId: clientId(), text: `flood ${k}-${n}` });
    const stored = () =>
      new Set(
        socks.flatMap((s) =>
          s.frames.flatMap((f) =>
            f.type === "message" && f.message.author.type === "shopper" ? [f.message.text] : [],
          ),
        ),
      );
    const refused = () =>
      socks.reduce(
        (sum, s) =>
          sum + s.frames.filter((f) => f.type === "error" && f.code === "RATE_LIMITED").length,
        0,
      );
    await waitFor(() => stored().size + refused() === 125, "every frame answered", 20_000);
    const seconds = (Date.now() - started) / 1000;
    expect(stored().size).toBeGreaterThan(0);
    expect(stored().size).toBeLessThanOrEqual(
      SHOPPER_MESSAGES.burst + Math.ceil(seconds * SHOPPER_MESSAGES.perSecond),
    );
    const conversationId = (await widgetSession(owner, { visitorToken })).conversationId!;
    expect(
      (await readMessages(owner.cookie, conversationId)).filter((m) => m.author.type === "shopper"),
    ).toHaveLength(stored().size);
    expect(socks.every((s) => s.closed === null)).toBe(true);
  });

  it("should answer 429 with Retry-After once an IP has used its sessions, counting concurrent requests exactly", async () => {
    const owner = await signupTenant();
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const max = SESSION_LIMITS.perIp.max;
    const results = await Promise.all(
      Array.from({ length: max + 5 }, () =>
        call("POST", "/api/widget/session", {
          body: { publicKey: owner.publicKey },
          headers: { "cf-connecting-ip": ip },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(max);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(5);
    expect(Number(limited[0].headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await errorOf(limited[0])).toMatchObject({ code: "RATE_LIMITED" });
    const other = await call("POST", "/api/widget/session", {
      body: { publicKey: owner.publicKey },
      headers: { "cf-connecting-ip": "198.51.100.7" },
    });
    expect(other.status).toBe(200);
  });

  it("should answer 429 once the tenant has used its sessions, from any IP", async () => {
    const owner = await signupTenant();
    const key = sessionLimitKeys({ tenantId: owner.tenantId }).tenant;
    await env.DB.prepare("INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, ?)")
      .bind(key, Date.now(), SESSION_LIMITS.perTenant.max)
      .run();
    const res = await call("POST", "/api/widget/session", {
      body: { publicKey: owner.publicKey },
      headers: { "cf-connecting-ip": "198.51.100.8" },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeTruthy();
    const otherTenant = await signupTenant();
    expect(
      (await call("POST", "/api/widget/session", { body: { publicKey: otherTenant.publicKey } }))
        .status,
    ).toBe(200);
  });
});

describe("widget contact and conversation, created by the first message", () => {
  it("should create nothing for a session and open sockets, then one contact and conversation with the first message that every socket shares", async () => {
    const owner = await signupTenant();
    const { visitorToken, conversationId } = await widgetSession(owner, { language: "es" });
    expect(conversationId).toBeNull();
    const [a, b] = [
      await openSocket(`/ws/widget?token=${visitorToken}`),
      await openSocket(`/ws/widget?token=${visitorToken}`),
    ];
    const ready = await a.next((f) => f.type === "ready");
    expect(ready).toMatchObject({
      type: "ready",
      role: "shopper",
      conversation: { status: "bot" },
      lastSeq: 0,
    });
    expect(await b.next((f) => f.type === "ready")).toMatchObject({
      conversation: { id: ready.type === "ready" ? ready.conversation.id : "" },
    });
    a.send({ type: "typing", on: true });
    a.send({ type: "read", seq: 0 });
    a.send({ type: "ping" });
    await a.next((f) => f.type === "pong");
    expect(await rows(owner.tenantId)).toEqual({ contacts: 0, conversations: 0 });

    a.send({ type: "message", clientId: clientId(), text: "hola, primera pregunta" });
    for (const s of [a, b])
      await s.next(
        (f) => f.type === "message" && f.message.text === "hola, primera pregunta",
        "echo on every socket",
      );
    expect(await rows(owner.tenantId)).toEqual({ contacts: 1, conversations: 1 });
    const contact = await env.DB.prepare("SELECT language FROM contacts WHERE tenant_id = ?")
      .bind(owner.tenantId)
      .first<{ language: string }>();
    expect(contact?.language).toBe("es");
    const resumed = await widgetSession(owner, { visitorToken });
    expect(resumed.conversationId).toBe(ready.type === "ready" ? ready.conversation.id : null);
    b.send({ type: "message", clientId: clientId(), text: "segunda" });
    await a.next((f) => f.type === "message" && f.message.text === "segunda", "second message");
    const reload = await openSocket(`/ws/widget?token=${visitorToken}&after=0`);
    await reload.next(
      (f) => f.type === "message" && f.message.text === "segunda",
      "history after a reload",
    );
    expect(
      (await readMessages(owner.cookie, resumed.conversationId!))
        .filter((m) => m.author.type === "shopper")
        .map((m) => m.text),
    ).toEqual(["hola, primera pregunta", "segunda"]);
  });
});
