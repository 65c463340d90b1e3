/**
 * The conversation index and analytics facts in the tenant's shard give the same inbox lists, filters,
 * counts and analytics as the D1 index did on the same data; the one-off move takes a tenant's D1 rows and
 * facts into its shard (idempotent, resumable), and reads add the D1 rows until it is done.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { shardStub } from "../durable-objects/rpc";
import { breakdown, summary, timeseries } from "../workers/analytics/analytics-query";
import { refreshConversationFacts } from "../workers/analytics/rollup";
import type { Auth } from "../workers/app-env";
import { getDb } from "../workers/db/client";
import { conversations, conversationTags } from "../workers/db/schema";
import { listConversations, listFromD1 } from "../workers/services/conversation-list";
import { seesContactDetails, toSummary } from "../workers/services/conversations";
import { moveIndexRows } from "../workers/services/index-move";
import { newId } from "../workers/lib/ids";
import { ListQuery } from "../workers/wire/conversations";
import { DIMENSIONS } from "../workers/lib/analytics-facts";
import { signupTenant } from "./helpers";
import { refreshD1Facts } from "./legacy-d1-facts";
import { fakeQueue, seedContact, seedConversation } from "./ops-fixtures";

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 9, 30, 12);
const STATUSES = ["bot", "waiting", "assigned", "resolved"] as const;
const CHANNELS = ["widget", "telegram", "whatsapp"] as const;
const LANGS = ["en", "es", "de", null];
const TEXTS = ["refund please", "hola amigo", "wo ist mein Paket", "Où est ma commande"];

/** The same 48 conversations for any tenant: every status, channel, language, tag set, ties in time, empty shells. */
function fields(i: number, agent: string) {
  const status = STATUSES[i % 4];
  const resolved = status === "resolved";
  return {
    status,
    channelType: CHANNELS[i % 3],
    assigneeId:
      status === "assigned" || resolved ? [agent, "usr_other"][i % 2] : i % 7 === 0 ? agent : null,
    language: LANGS[(i * 3) % 4],
    tags: i % 5 === 0 ? ["vip", "refund"] : i % 5 === 1 ? ["refund"] : [],
    lastMessageText: i % 13 === 0 ? null : `message ${i} ${TEXTS[i % 4]}`,
    lastMessageAt: i % 13 === 0 ? null : BASE + (i % 10) * 1000,
    messageCount: i % 13 === 0 ? 0 : 1 + (i % 5),
    inboundCount: i % 13 === 0 ? 0 : 1,
    unreadCount: i % 3,
    createdAt: BASE - i * Math.round(DAY / 3),
    firstInboundAt: i % 13 === 0 ? null : BASE - i * Math.round(DAY / 3) + 1000,
    firstAiResponseAt: i % 2 ? BASE - i * Math.round(DAY / 3) + 4000 : null,
    firstHumanResponseAt: i % 3 === 0 ? BASE - i * Math.round(DAY / 3) + 90_000 : null,
    handoverAt: i % 3 === 0 ? BASE - i * Math.round(DAY / 3) + 60_000 : null,
    handoverReason: i % 3 === 0 ? ["asked_human", "low_confidence"][i % 2] : null,
    humanMessageCount: i % 3 === 0 ? 2 : 0,
    resolvedAt: resolved ? BASE - i * Math.round(DAY / 3) + 600_000 : null,
    reopenCount: i % 8 === 0 ? 1 : 0,
    csatScore: resolved ? 1 + (i % 5) : null,
  };
}

async function tenantWith(mirror: boolean) {
  const owner = await signupTenant();
  const contactIds = [
    await seedContact(owner.tenantId, { name: "Jane Shopper", email: "jane@shop.test" }),
    await seedContact(owner.tenantId, {
      name: "Marco Rossi",
      email: "marco@posta.test",
      phone: "+39 333 111 2222",
    }),
    await seedContact(owner.tenantId, { name: "李雷", email: null, phone: null }),
  ];
  const ids: string[] = [];
  for (let i = 0; i < 48; i++) {
    const f = fields(i, owner.userId);
    const contactId = contactIds[i % 3];
    if (mirror) ids.push(await seedConversation(owner.tenantId, contactId, f));
    else {
      // A row from before the shard: in D1 only.
      const id = newId("cnv");
      await getDb(env.DB)
        .insert(conversations)
        .values({ id, tenantId: owner.tenantId, contactId, channelId: "chn_test", ...f });
      for (const tag of f.tags)
        await getDb(env.DB)
          .insert(conversationTags)
          .values({ tenantId: owner.tenantId, conversationId: id, tag });
      ids.push(id);
    }
  }
  return { owner, ids };
}

const authOf = (
  owner: { tenantId: string; userId: string },
  role: Auth["role"] = "owner",
): Auth => ({
  tenantId: owner.tenantId,
  userId: owner.userId,
  role,
  apiKeyId: null,
  email: null,
});

const QUERIES: Record<string, string>[] = [
  {},
  ...["mine", "unassigned", "waiting", "all"].map((view) => ({ view })),
  ...STATUSES.map((status) => ({ status })),
  ...CHANNELS.map((channel) => ({ channel })),
  { assignee: "usr_other" },
  { language: "es" },
  { language: "de", view: "unassigned" },
  { tag: "refund" },
  { tag: "VIP", status: "resolved" },
  { tag: "vip", channel: "widget" },
  { view: "mine", channel: "telegram" },
  { status: "assigned", language: "en", channel: "whatsapp" },
  { q: "refund" },
  { q: "Marco" },
  { q: "posta.test" },
  { q: "李" },
  { q: "paket", view: "all", status: "waiting" },
  { q: "message 1" },
  { q: "nothing like this" },
];

/** The list both ways for every query (and role): same conversations in the same order, same counts. */
async function expectSameLists(owner: { tenantId: string; userId: string }) {
  const db = getDb(env.DB);
  for (const role of ["owner", "viewer"] as const) {
    const auth = authOf(owner, role);
    for (const raw of QUERIES) {
      const q = ListQuery.parse({ ...raw, limit: 100 });
      const shard = await listConversations(env, db, auth, q);
      const d1 = await listFromD1(env, db, auth, q);
      const label = JSON.stringify({ role, ...raw });
      expect(shard.conversations, label).toEqual(
        d1.rows.slice(0, 100).map((r) => toSummary(r, seesContactDetails(auth))),
      );
      expect(shard.counts, label).toEqual(d1.counts);
      // Paging through small pages gives the same sequence.
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listConversations(
          env,
          db,
          auth,
          ListQuery.parse({ ...raw, limit: 7, cursor }),
        );
        paged.push(...page.conversations.map((c) => c.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(paged, label).toEqual(d1.rows.map((r) => r.row.id));
    }
  }
}

const RANGES = [
  ["2026-10-20", "2026-10-30"],
  ["2026-09-01", "2026-12-31"],
  ["2026-10-15", "2026-11-02"],
];

/** The analytics page's reads; the tenant's own agent id written as OWNER, so two tenants compare. */
async function analytics({ tenantId, userId }: { tenantId: string; userId: string }) {
  const out: unknown[] = [];
  for (const [from, to] of RANGES) {
    out.push(await summary(env, { tenantId, from, to, dim: "all" }));
    out.push(await timeseries(env, { tenantId, from, to, dim: "all" }));
    out.push(await summary(env, { tenantId, from, to, dim: "channel", value: "telegram" }));
    for (const dim of DIMENSIONS) out.push(await breakdown(env, { tenantId, from, to, dim }));
  }
  return JSON.parse(JSON.stringify(out).replaceAll(userId, "OWNER")) as unknown[];
}

const unmarkMoved = (tenantId: string) =>
  runInDurableObject(env.TENANT_SHARD.get(env.TENANT_SHARD.idFromName(tenantId)), (_, state) => {
    state.storage.sql.exec("DELETE FROM shard_kv WHERE key = 'index_legacy_moved'");
  });

describe("conversation index and facts in the tenant's shard", () => {
  it("should list, filter, count and search like the D1 index on the same rows", async () => {
    const { owner } = await tenantWith(true);
    await expectSameLists(owner);
  });

  it("should give the same analytics from the shard's facts as from D1's, and move a tenant's D1 rows and facts resumably", async () => {
    // The shard's way: facts refreshed from the shard's rows.
    const a = await tenantWith(true);
    for (const id of a.ids) await refreshConversationFacts(env, a.owner.tenantId, id);
    const fromShard = await analytics(a.owner);
    expect((fromShard[0] as { conversations: number }).conversations).toBeGreaterThan(0);

    // The old way: rows and facts in D1 only (a tenant from before the shard).
    const b = await tenantWith(false);
    await unmarkMoved(b.owner.tenantId);
    for (const id of b.ids) await refreshD1Facts(env.DB, b.owner.tenantId, id);
    expect(await analytics(b.owner)).toEqual(fromShard);
    await expectSameLists(b.owner);

    // The move stops after its first page reached the shard, before D1 marked the rows: nothing differs.
    let failMark = true;
    const failing = {
      ...env,
      JOBS_QUEUE: fakeQueue(),
      DB: new Proxy(env.DB, {
        get(target, prop) {
          if (prop !== "prepare") return Reflect.get(target, prop).bind(target);
          return (query: string) => {
            if (failMark && query.startsWith("UPDATE conversations SET in_shard = 1"))
              throw new Error("stopped");
            return target.prepare(query);
          };
        },
      }),
    };
    const job = { kind: "index_move", tenantId: b.owner.tenantId };
    await expect(moveIndexRows(failing, job, 10)).rejects.toThrow("stopped");
    expect(await analytics(b.owner)).toEqual(fromShard);
    await expectSameLists(b.owner);
    // Stopped again on the same page (a redelivery that imports it twice): still counted once.
    await expect(moveIndexRows(failing, job, 10)).rejects.toThrow("stopped");
    expect(await analytics(b.owner)).toEqual(fromShard);
    await expectSameLists(b.owner);

    // Redelivered, then each next page until done.
    failMark = false;
    for (let guard = 0; guard < 20; guard++)
      if ((await moveIndexRows(failing, job, 10)).done) break;
    const left = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM conversations WHERE tenant_id = ?1 AND in_shard = 0) AS rows, (SELECT count(*) FROM analytics_conversation_facts WHERE tenant_id = ?1) AS facts",
    )
      .bind(b.owner.tenantId)
      .first<{ rows: number; facts: number }>();
    expect(left).toEqual({ rows: 0, facts: 0 });
    const page = await shardStub(env, b.owner.tenantId).listIndex(
      { view: "all", userId: null, limit: 100 },
      1000,
    );
    expect(page.legacy).toBe(false);
    expect(await analytics(b.owner)).toEqual(fromShard);
    await expectSameLists(b.owner);

    // A redelivery after the move changes nothing.
    expect(await moveIndexRows(failing, job, 10)).toEqual({ moved: 0, done: true });
    expect(await analytics(b.owner)).toEqual(fromShard);
  }, 120_000);
});
