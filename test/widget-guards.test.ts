import { env, exports } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "../durable-objects/ai-turn";
import { hmacSha256, toHex } from "../workers/lib/crypto";
import { clientId, openSocket, widgetChannel } from "./engine-helpers";
import { BASE, call, errorOf, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

const SHOP = "https://shop.example";
const EVIL = "https://evil.example";

async function rows(tenantId: string): Promise<{ contacts: number; conversations: number }> {
  const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(tenantId).first<{ n: number }>())!.n;
  return { contacts: await count("contacts"), conversations: await count("conversations") };
}

const session = (owner: Caller, origin: string | null, extra: Record<string, unknown> = {}) =>
  call("POST", "/api/widget/session", { body: { publicKey: owner.publicKey, ...extra }, headers: origin ? { origin } : {} });

describe("widget allowed origins", () => {
  it("should refuse every widget entry point from an origin the channel does not list, create nothing, and serve a listed one", async () => {
    const owner = await signupTenant();
    const channel = await widgetChannel(owner.tenantId);
    const set = await call("PATCH", `/api/channels/${channel.id}`, { cookie: owner.cookie, body: { credentials: { allowedOrigins: [`${SHOP}/`] } } });
    expect(set.status).toBe(200);
    const identity = { userId: "u-42", hash: toHex(await hmacSha256(channel.identitySecret, "u-42")), name: "Known Shopper" };

    for (const origin of [EVIL, null]) {
      const refused = await session(owner, origin, { identity });
      expect(refused.status).toBe(403);
      expect(await errorOf(refused)).toMatchObject({ code: "FORBIDDEN" });
    }
    const ok = await session(owner, SHOP);
    expect(ok.status).toBe(200);
    const { visitorToken } = (await ok.json()) as { visitorToken: string };

    const socket = await exports.default.fetch(new Request(`${BASE}/ws/widget?token=${visitorToken}`, { headers: { upgrade: "websocket", origin: EVIL } }));
    expect(socket.status).toBe(403);
    expect(await errorOf(socket)).toMatchObject({ code: "FORBIDDEN" });
    const attributes = await call("PUT", "/api/widget/attributes", { body: { attributes: { plan: "gold" } }, headers: { authorization: `Bearer ${visitorToken}`, origin: EVIL } });
    expect(attributes.status).toBe(403);
    const form = new FormData();
    form.set("file", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "a.png", { type: "image/png" }));
    const upload = await exports.default.fetch(new Request(`${BASE}/api/widget/upload`, { method: "POST", body: form, headers: { authorization: `Bearer ${visitorToken}`, origin: EVIL } }));
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
