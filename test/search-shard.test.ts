/**
 * The search index in the tenant's shard gives the same conversations as the D1 index did for the same
 * messages, and the one-off move takes a tenant's D1 rows into its shard (idempotent, resumable).
 */
import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shardStub } from "../durable-objects/rpc";
import { getDb } from "../workers/db/client";
import { conversations } from "../workers/db/schema";
import { SEARCH_MATCH_LIMIT } from "../workers/services/message-search";
import { legacyMatching, moveSearchRows, queueSearchMoves } from "../workers/services/search-move";
import { setAiResponder } from "./ai-responder";
import { addChannel, inbound, searchIndexed, shardRows, waitFor } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

interface Doc {
  message_id: string;
  conversation_id: string;
  created_at: number;
  text: string;
}

/** The D1 index as it was written before the shards (the old statements), for the same texts. */
async function indexInD1(tenantId: string, docs: Doc[]): Promise<void> {
  await env.DB.batch(
    docs.flatMap((m) => [
      env.DB.prepare(
        `INSERT OR IGNORE INTO message_search (message_id, tenant_id, conversation_id, created_at) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM conversations WHERE id = ? AND tenant_id = ?)`,
      ).bind(m.message_id, tenantId, m.conversation_id, m.created_at, m.conversation_id, tenantId),
      env.DB.prepare(
        `INSERT INTO message_fts (rowid, text) SELECT id, ? FROM message_search WHERE message_id = ? AND changes() = 1`,
      ).bind(m.text, m.message_id),
    ]),
  );
}

const shardDocs = (tenantId: string) =>
  shardRows<Doc>(
    tenantId,
    "SELECT d.message_id, d.conversation_id, d.created_at, f.text FROM search_docs d JOIN search_fts f ON f.rowid = d.id ORDER BY d.id",
  );

const d1Count = async (tenantId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM message_search WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ n: number }>())!.n;

/** What the D1 index finds for `q` (the query the list ran before the shards). */
async function d1Search(tenantId: string, q: string): Promise<string[]> {
  const cond = legacyMatching(conversations.id, tenantId, q);
  if (!cond) return [];
  const rows = await getDb(env.DB)
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.tenantId, tenantId), cond));
  return rows.map((r) => r.id).sort();
}

async function listSearch(owner: Caller, q: string): Promise<string[]> {
  const res = await call("GET", `/api/conversations?view=all&limit=50&q=${encodeURIComponent(q)}`, {
    cookie: owner.cookie,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversations: { id: string }[] }).conversations
    .map((c) => c.id)
    .sort();
}

/** A tenant with conversations in several scripts, each message indexed live in its shard. */
async function tenantWithMessages() {
  const owner = await signupTenant();
  const tg = await addChannel(owner.tenantId, "telegram");
  const chats = [
    ["Mi paquete PX-4471 llegó roto", "¿me devuelven el dinero?", "gracias"],
    ["我的订单还没有发货", "请帮我查一下"],
    ["¿Enviáis a México desde España?", "Größe 42 bitte"],
    ["SHIPPING TO MEXICO CITY PLEASE", "配達はいつですか", "배송이 늦어요"],
    ["Đơn hàng của tôi giao hàng chậm", "Ça coûte combien?"],
  ];
  const ids: string[] = [];
  for (const texts of chats)
    ids.push(await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, texts));
  await waitFor(
    async () => {
      for (const [i, id] of ids.entries())
        if ((await searchIndexed(owner.tenantId, id)) !== chats[i].length) return false;
      return true;
    },
    "messages indexed",
    20_000,
  );
  return { owner, tg, ids };
}

const QUERIES = [
  "paquete",
  "px-4471",
  "PAQUETE roto",
  "paquete mi",
  "paquete xy",
  "roto gracias",
  "订单还",
  "我的订单 发货",
  "订单",
  "配達は",
  "배송이",
  "México",
  "mexico",
  "enviais espana",
  "grösse",
  "größe",
  "giao hàng",
  "giao hang",
  "ça coûte",
  "coute",
  'roto" OR "gracias',
  "NEAR(paquete)",
  "nothing like this",
];

describe("search in the tenant's shard", () => {
  it("should find the same conversations as the D1 index for the same messages, in every script and with accents", async () => {
    const { owner, ids } = await tenantWithMessages();
    const docs = await shardDocs(owner.tenantId);
    expect(docs.length).toBe(12);
    await indexInD1(owner.tenantId, docs);
    expect(await d1Count(owner.tenantId)).toBe(12);
    const shard = shardStub(env, owner.tenantId);
    let nonEmpty = 0;
    for (const q of QUERIES) {
      const fromShard = (await shard.searchConversations(q, SEARCH_MATCH_LIMIT)).conversationIds;
      const fromD1 = await d1Search(owner.tenantId, q);
      expect([q, [...fromShard].sort()]).toEqual([q, fromD1]);
      if (fromD1.length) nonEmpty++;
    }
    // The comparison is not between two empty answers.
    expect(nonEmpty).toBeGreaterThanOrEqual(12);
    expect(await d1Search(owner.tenantId, "订单还")).toEqual([ids[1]]);
    expect(await d1Search(owner.tenantId, "mexico")).toEqual([ids[2], ids[3]].sort());
  });

  it("should move a tenant's D1 rows into its shard a page per job, resumably, once, leaving other tenants' rows", async () => {
    const { owner, ids } = await tenantWithMessages();
    const stranger = await signupTenant();
    const stg = await addChannel(stranger.tenantId, "telegram");
    const theirs = await inbound(stranger.tenantId, stg, "telegram", `tg-${crypto.randomUUID()}`, [
      "paquete ajeno",
    ]);
    await waitFor(async () => (await searchIndexed(stranger.tenantId, theirs)) === 1, "indexed");
    // A deployment from before the shards: the rows in D1 only.
    for (const t of [owner.tenantId, stranger.tenantId]) {
      await indexInD1(t, await shardDocs(t));
      await shardRows(t, "DELETE FROM search_fts");
      await shardRows(t, "DELETE FROM search_docs");
    }
    const expected = new Map<string, string[]>();
    for (const q of QUERIES) expected.set(q, await d1Search(owner.tenantId, q));
    // Before its move, the list finds the tenant's conversations through its D1 rows.
    expect(await listSearch(owner, "paquete roto")).toEqual([ids[0]]);

    const sent: unknown[] = [];
    const jobsEnv = {
      DB: env.DB,
      TENANT_SHARD: env.TENANT_SHARD,
      JOBS_QUEUE: {
        send: async (body: unknown) => void sent.push(body),
        sendBatch: async (msgs: { body: unknown }[]) => void sent.push(...msgs.map((m) => m.body)),
      } as unknown as Queue,
    };
    expect(await queueSearchMoves(jobsEnv)).toBeGreaterThanOrEqual(2);
    expect(sent).toContainEqual({ kind: "search_move", tenantId: owner.tenantId });
    sent.length = 0;

    // A job that stopped after writing its page to the shard, before deleting it from D1.
    const shard = shardStub(env, owner.tenantId);
    const firstPage = (
      await env.DB.prepare(
        "SELECT s.message_id, s.conversation_id, s.created_at, f.text FROM message_search s JOIN message_fts f ON f.rowid = s.id WHERE s.tenant_id = ? ORDER BY s.id LIMIT 4",
      )
        .bind(owner.tenantId)
        .all<Doc>()
    ).results;
    await shard.importLegacy(
      firstPage.map((r) => ({
        conversationId: r.conversation_id,
        messageId: r.message_id,
        text: r.text,
        at: r.created_at,
      })),
    );

    let body: unknown = { kind: "search_move", tenantId: owner.tenantId };
    let moved = 0;
    for (let jobs = 1; ; jobs++) {
      const r = await moveSearchRows(jobsEnv, body, 4);
      moved += r.moved;
      if (r.done) break;
      expect(sent.length).toBe(jobs);
      body = sent.at(-1);
      expect(jobs).toBeLessThan(10);
    }
    expect(moved).toBe(12);
    expect(await d1Count(owner.tenantId)).toBe(0);
    expect(await d1Count(stranger.tenantId)).toBe(1);
    expect((await shardDocs(owner.tenantId)).length).toBe(12);
    // Each text once, although the first page reached the shard twice.
    expect(
      (await shardDocs(owner.tenantId)).filter((d) => d.text.includes("\n")).map((d) => d.text),
    ).toEqual([]);
    const after = await shard.searchConversations("paquete", SEARCH_MATCH_LIMIT);
    expect(after).toEqual({ conversationIds: [ids[0]], legacy: false });
    for (const q of QUERIES)
      expect([q, [...(await shard.searchConversations(q, 50)).conversationIds].sort()]).toEqual([
        q,
        expected.get(q),
      ]);
    expect(await listSearch(owner, "paquete roto")).toEqual([ids[0]]);
    expect(await listSearch(owner, "paquete ajeno")).toEqual([]);

    // The job again (a redelivery): nothing to move, nothing changed.
    expect(
      await moveSearchRows(jobsEnv, { kind: "search_move", tenantId: owner.tenantId }, 4),
    ).toEqual({ moved: 0, done: true });
    expect((await shardDocs(owner.tenantId)).length).toBe(12);
    // The other tenant's rows wait for its own job; its search still finds them in D1.
    expect(await shardDocs(stranger.tenantId)).toEqual([]);
    expect(await listSearch(stranger, "paquete")).toEqual([theirs]);
    await expect(moveSearchRows(jobsEnv, { kind: "search_move" })).rejects.toThrow();
  });
});
