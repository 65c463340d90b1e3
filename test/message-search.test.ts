/** Full-text search over every message: live from the engine's events, once per message, per tenant, gone with erasure. */
import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { handleConversationEvent } from "../workers/queues/conversation-events";
import { ftsQuery } from "../workers/lib/search-text";
import { backfillSearch } from "../workers/services/search-backfill";
import { defaultOpsDeps } from "../workers/services/ops-deps";
import {
  addChannel,
  inbound,
  runConsumer,
  searchIndexed,
  shardRows,
  waitFor,
} from "./engine-helpers";
import { addMember, call, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

async function search(owner: Caller, q: string): Promise<string[]> {
  const res = await call("GET", `/api/conversations?view=all&limit=50&q=${encodeURIComponent(q)}`, {
    cookie: owner.cookie,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversations: { id: string }[] }).conversations.map((c) => c.id);
}

const indexed = searchIndexed;

const ftsCount = async (tenantId: string, match: string) =>
  (
    await shardRows<{ n: number }>(
      tenantId,
      "SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?",
      match,
    )
  )[0].n;

describe("message search", () => {
  it("should find a conversation by words from any of its messages, in any script, not only the last one", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const parcel = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "Mi paquete PX-4471 llegó roto",
      "¿me devuelven el dinero?",
      "gracias",
    ]);
    const other = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "我的订单还没有发货",
      "请帮我查一下",
    ]);
    await waitFor(
      async () =>
        (await indexed(owner.tenantId, parcel)) === 3 &&
        (await indexed(owner.tenantId, other)) === 2,
      "messages indexed",
    );
    // The first message is not the last one: only the full-text index knows it.
    expect(await search(owner, "px-4471")).toEqual([parcel]);
    expect(await search(owner, "paquete roto")).toEqual([parcel]);
    expect(await search(owner, "订单还没")).toEqual([other]);
    expect(await search(owner, "paquete 订单"), "paquete 订单").toEqual([]);
    expect(await search(owner, "我的订单 发货")).toEqual([other]);
    expect(await search(owner, "paquete mi")).toEqual([parcel]);
    expect(await search(owner, "paquete xy")).toEqual([]);
    // Quotes and FTS operators are only words.
    for (const q of ['roto" OR "gracias', "NEAR(paquete)"])
      expect(await search(owner, q), q).toEqual([]);
  });

  it("should ignore accents and case: Mexico finds México, and méxico finds MEXICO", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const accented = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "¿Enviáis a México desde España?",
      "hola",
    ]);
    const plain = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "SHIPPING TO MEXICO CITY PLEASE",
      "ok",
    ]);
    await waitFor(
      async () =>
        (await indexed(owner.tenantId, accented)) === 2 &&
        (await indexed(owner.tenantId, plain)) === 2,
      "messages indexed",
    );
    expect((await search(owner, "Mexico")).sort()).toEqual([accented, plain].sort());
    expect((await search(owner, "méxico")).sort()).toEqual([accented, plain].sort());
    expect(await search(owner, "enviais espana")).toEqual([accented]);
    expect(await search(owner, "mexico city")).toEqual([plain]);
  });

  it("should index a redelivered event once, and never show another tenant's conversations", async () => {
    const owner = await signupTenant();
    const stranger = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "zapatillas talla 44 agotadas",
    ]);
    await waitFor(async () => (await indexed(owner.tenantId, id)) === 1, "indexed");
    const results = await shardRows<{ message_id: string }>(
      owner.tenantId,
      "SELECT message_id FROM search_docs WHERE conversation_id = ?",
      id,
    );
    const event = {
      kind: "conversation_event",
      id: `evt-${results[0].message_id}`,
      tenantId: owner.tenantId,
      conversationId: id,
      type: "message.created",
      at: Date.now(),
      data: {
        messageId: results[0].message_id,
        authorType: "shopper",
        kind: "text",
        text: "zapatillas talla 44 agotadas",
      },
    };
    expect((await handleConversationEvent(env, event)).ok).toBe(true);
    expect(await indexed(owner.tenantId, id)).toBe(1);
    expect(await ftsCount(owner.tenantId, '"zapatillas"')).toBe(1);
    expect(await search(stranger, "zapatillas")).toEqual([]);
  });

  it("should forget a contact's messages when the contact is erased", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "mi dirección es Calle Falsa 123",
    ]);
    await waitFor(async () => (await indexed(owner.tenantId, id)) === 1, "indexed");
    const { contact_id: contactId } = (await env.DB.prepare(
      "SELECT contact_id FROM conversations WHERE id = ?",
    )
      .bind(id)
      .first<{ contact_id: string }>())!;
    expect(
      (await call("POST", `/api/contacts/${contactId}/erase`, { cookie: owner.cookie })).status,
    ).toBe(200);
    expect(await indexed(owner.tenantId, id)).toBe(0);
    expect(await ftsCount(owner.tenantId, '"calle falsa"')).toBe(0);
  });
});

/** Drops a tenant's index rows, as on a deployment upgraded from before the index existed. */
async function forgetIndex(tenantId: string): Promise<void> {
  await shardRows(tenantId, "DELETE FROM search_fts");
  await shardRows(tenantId, "DELETE FROM search_docs");
}

describe("search and edits", () => {
  it("should find an edited message by its new text and still by the old one, once however often the edit arrives", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const user = `tg-${crypto.randomUUID()}`;
    const id = await inbound(owner.tenantId, tg, "telegram", user, [
      "pedido para Valencia",
      "gracias",
    ]);
    await waitFor(async () => (await indexed(owner.tenantId, id)) === 2, "indexed");
    const results = await shardRows<{ message_id: string }>(
      owner.tenantId,
      "SELECT message_id FROM search_docs WHERE conversation_id = ? ORDER BY id",
      id,
    );
    const edited = (await call("GET", `/api/conversations/${id}/messages?limit=10`, {
      cookie: owner.cookie,
    }).then((r) => r.json())) as { messages: { id: string; externalId: string; text: string }[] };
    const first = edited.messages.find((m) => m.text === "pedido para Valencia")!;
    const edit = {
      v: 1,
      kind: "event",
      tenantId: owner.tenantId,
      channelId: tg.id,
      channelType: "telegram",
      event: {
        kind: "edit",
        channel: "telegram",
        externalUserId: user,
        externalMessageId: first.externalId,
        timestamp: Date.now(),
        text: "pedido para Sevilla",
      },
    };
    await runConsumer("edgedesk-inbound", [{ id: `edit-${first.id}`, body: edit }]);
    await waitFor(async () => (await search(owner, "sevilla")).length === 1, "edit indexed");
    expect(await search(owner, "sevilla")).toEqual([id]);
    expect(await search(owner, "valencia")).toEqual([id]);
    expect(await indexed(owner.tenantId, id)).toBe(2);
    expect(results.map((r) => r.message_id)).toContain(first.id);
    // The same edit again (a redelivery) adds nothing to the row.
    const again = {
      kind: "conversation_event",
      id: `evt-again-${first.id}`,
      tenantId: owner.tenantId,
      conversationId: id,
      type: "message.edited",
      at: Date.now(),
      data: {
        messageId: first.id,
        kind: "text",
        authorType: "shopper",
        text: "pedido para Sevilla",
      },
    };
    expect((await handleConversationEvent(env, again)).ok).toBe(true);
    const [row] = await shardRows<{ text: string }>(
      owner.tenantId,
      "SELECT f.text FROM search_fts f JOIN search_docs s ON s.id = f.rowid WHERE s.message_id = ?",
      first.id,
    );
    // The index holds each version once, folded (lower case, no accents).
    expect(row!.text).toBe("pedido para valencia\npedido para sevilla");
  });
});

describe("search back-fill", () => {
  it("should index the messages written before the index existed when an admin asks, and nothing twice", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const old = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "la chaqueta verde no cierra",
      "la cremallera está rota",
    ]);
    await waitFor(async () => (await indexed(owner.tenantId, old)) === 2, "indexed live");
    await forgetIndex(owner.tenantId);
    // Only the full-text index knows a message that is not the conversation's last.
    expect(await search(owner, "chaqueta")).toEqual([]);

    expect((await call("POST", "/api/search/reindex", { cookie: owner.cookie })).status).toBe(202);
    await waitFor(
      async () => (await indexed(owner.tenantId, old)) === 2,
      "indexed by the queued back-fill",
    );
    expect(await search(owner, "cremallera")).toEqual([old]);
    expect(await search(owner, "chaqueta verde")).toEqual([old]);
    expect(await ftsCount(owner.tenantId, '"cremallera"')).toBe(1);
  });

  it("should page through long logs across jobs, stay in its tenant, skip indexed messages and refuse non-admins", async () => {
    const owner = await signupTenant();
    const stranger = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const stg = await addChannel(stranger.tenantId, "telegram");
    const long = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "uno ropa",
      "dos ropa",
      "tres ropa",
      "cuatro ropa",
      "cinco ropa",
    ]);
    const short = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "seis ropa",
    ]);
    const theirs = await inbound(stranger.tenantId, stg, "telegram", `tg-${crypto.randomUUID()}`, [
      "siete ropa",
      "ocho",
    ]);
    await waitFor(
      async () =>
        (await indexed(owner.tenantId, long)) === 5 &&
        (await indexed(owner.tenantId, short)) === 1 &&
        (await indexed(stranger.tenantId, theirs)) === 2,
      "indexed live",
    );
    await forgetIndex(owner.tenantId);
    await forgetIndex(stranger.tenantId);

    const sent: unknown[] = [];
    const jobsEnv = {
      DB: env.DB,
      TENANT_SHARD: env.TENANT_SHARD,
      JOBS_QUEUE: { send: async (body: unknown) => void sent.push(body) } as unknown as Queue,
    };
    const store = defaultOpsDeps(env).store;
    /** Runs the job and every job it queues, as the queue would; returns messages indexed and jobs run. */
    const runAll = async (): Promise<{ total: number; jobs: number }> => {
      let body: unknown = { kind: "search_backfill", tenantId: owner.tenantId };
      let jobs = 0;
      let total = 0;
      for (;;) {
        const r = await backfillSearch(jobsEnv, store, body, { budget: 2, page: 2 });
        jobs++;
        total += r.indexed;
        if (r.done) return { total, jobs };
        expect(sent.length).toBe(jobs);
        body = sent.at(-1);
        expect(jobs).toBeLessThan(20);
      }
    };
    const first = await runAll();
    expect(first.total).toBe(6);
    expect(first.jobs).toBeGreaterThan(2);
    expect(await indexed(owner.tenantId, long)).toBe(5);
    expect(await indexed(owner.tenantId, short)).toBe(1);
    expect(await indexed(stranger.tenantId, theirs)).toBe(0);
    expect(await search(owner, "cuatro")).toEqual([long]);
    // The other tenant's index was not touched: its first message stays unindexed until it asks.
    expect(await search(stranger, "siete")).toEqual([]);
    expect(await search(stranger, "cuatro")).toEqual([]);
    // A second run (a redelivered job, a second click) finds everything indexed already.
    sent.length = 0;
    expect((await runAll()).total).toBe(0);
    expect(await ftsCount(owner.tenantId, '"cuatro"')).toBe(1);

    // A few back-fills an hour per tenant; then 429 with Retry-After, and nothing queued.
    const admin = await addMember(owner, "admin");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await call("POST", "/api/search/reindex", { cookie: admin.cookie })).status);
    const limited = await call("POST", "/api/search/reindex", { cookie: admin.cookie });
    expect(statuses).toEqual([202, 202, 202]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const agent = await addMember(owner, "agent");
    expect((await call("POST", "/api/search/reindex", { cookie: agent.cookie })).status).toBe(403);
    expect((await call("POST", "/api/search/reindex", {})).status).toBe(401);
  });
});

describe("ftsQuery", () => {
  it("should quote every word of three characters or more, require them all, and keep shorter ones to check on the text", () => {
    expect(ftsQuery('mi  paquete "roto"')).toEqual({
      match: '"paquete" AND """roto"""',
      contains: ["mi"],
    });
    expect(ftsQuery("ab c")).toBeNull();
    expect(ftsQuery("订单还 订单")).toEqual({ match: '"订单还"', contains: ["订单"] });
  });
});
