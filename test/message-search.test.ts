/** Full-text search over every message: live from the engine's events, once per message, per tenant, gone with erasure. */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "../durable-objects/ai-turn";
import { handleConversationEvent } from "../workers/ops/handle-event";
import { ftsQuery } from "../workers/services/message-search";
import { addChannel, inbound, waitFor } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

async function search(owner: Caller, q: string): Promise<string[]> {
  const res = await call("GET", `/api/conversations?view=all&limit=50&q=${encodeURIComponent(q)}`, { cookie: owner.cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversations: { id: string }[] }).conversations.map((c) => c.id);
}

const indexed = async (conversationId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM message_search WHERE conversation_id = ?").bind(conversationId).first<{ n: number }>())!.n;

describe("message search", () => {
  it("should find a conversation by words from any of its messages, in any script, not only the last one", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const parcel = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, ["Mi paquete PX-4471 llegó roto", "¿me devuelven el dinero?", "gracias"]);
    const other = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, ["我的订单还没有发货", "请帮我查一下"]);
    await waitFor(async () => (await indexed(parcel)) === 3 && (await indexed(other)) === 2, "messages indexed");
    // The first message is not the last one: only the full-text index knows it.
    expect(await search(owner, "px-4471")).toEqual([parcel]);
    expect(await search(owner, "paquete roto")).toEqual([parcel]);
    expect(await search(owner, "订单还没")).toEqual([other]);
    expect(await search(owner, "paquete 订单"), "paquete 订单").toEqual([]);
    expect(await search(owner, "我的订单 发货")).toEqual([other]);
    expect(await search(owner, "paquete mi")).toEqual([parcel]);
    expect(await search(owner, "paquete xy")).toEqual([]);
    // Quotes and FTS operators are only words.
    for (const q of ['roto" OR "gracias', "NEAR(paquete)"]) expect(await search(owner, q), q).toEqual([]);
  });

  it("should index a redelivered event once, and never show another tenant's conversations", async () => {
    const owner = await signupTenant();
    const stranger = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, ["zapatillas talla 44 agotadas"]);
    await waitFor(async () => (await indexed(id)) === 1, "indexed");
    const { results } = await env.DB.prepare("SELECT message_id FROM message_search WHERE conversation_id = ?").bind(id).all<{ message_id: string }>();
    const event = { kind: "conversation_event", id: `evt-${results[0].message_id}`, tenantId: owner.tenantId, conversationId: id, type: "message.created", at: Date.now(), data: { messageId: results[0].message_id, authorType: "shopper", kind: "text", text: "zapatillas talla 44 agotadas" } };
    expect((await handleConversationEvent(env, event)).ok).toBe(true);
    expect(await indexed(id)).toBe(1);
    const fts = await env.DB.prepare("SELECT count(*) AS n FROM message_fts WHERE message_fts MATCH ?").bind('"zapatillas"').first<{ n: number }>();
    expect(fts!.n).toBe(1);
    expect(await search(stranger, "zapatillas")).toEqual([]);
  });

  it("should forget a contact's messages when the contact is erased", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, ["mi dirección es Calle Falsa 123"]);
    await waitFor(async () => (await indexed(id)) === 1, "indexed");
    const { contact_id: contactId } = (await env.DB.prepare("SELECT contact_id FROM conversations WHERE id = ?").bind(id).first<{ contact_id: string }>())!;
    expect((await call("POST", `/api/contacts/${contactId}/erase`, { cookie: owner.cookie })).status).toBe(200);
    expect(await indexed(id)).toBe(0);
    const fts = await env.DB.prepare("SELECT count(*) AS n FROM message_fts WHERE message_fts MATCH ?").bind('"Calle Falsa"').first<{ n: number }>();
    expect(fts!.n).toBe(0);
  });
});

describe("ftsQuery", () => {
  it("should quote every word of three characters or more, require them all, and keep shorter ones to check on the text", () => {
    expect(ftsQuery('mi  paquete "roto"')).toEqual({ match: '"paquete" AND """roto"""', contains: ["mi"] });
    expect(ftsQuery("ab c")).toBeNull();
    expect(ftsQuery("订单还 订单")).toEqual({ match: '"订单还"', contains: ["订单"] });
  });
});
