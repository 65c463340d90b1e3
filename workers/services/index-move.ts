/**
 * The one-off move of the conversation index and the analytics facts out of D1 (rows from before the
 * tenant shards) into each tenant's shard object. The cron queues an `index_move` job per tenant with D1
 * rows not yet in its shard (`in_shard = 0`); each job copies a page of rows and their facts to the shard
 * (kept only where the shard has none: the conversation's object may have written a newer row), then
 * marks them in D1 and takes the facts out of D1's rollups, and queues the next page; so it is idempotent
 * and resumes wherever a failure left it. Until a tenant's move is done, its reads add the D1 rows.
 */
import { d1Facts, legacyOf, retireD1Facts } from "../analytics/rollup";
import type { IndexRow } from "../wire/shard";
import { MOVE_PAGE, queueMoves, runMovePage, type MoveEnv, type ShardMove } from "./shard-move";

interface D1Row {
  id: string;
  contact_id: string;
  channel_id: string;
  channel_type: IndexRow["channelType"];
  status: IndexRow["status"];
  assignee_id: string | null;
  team_id: string | null;
  language: string | null;
  tags: string;
  subject: string | null;
  last_message_text: string | null;
  last_message_at: number | null;
  last_inbound_at: number | null;
  message_count: number;
  inbound_count: number;
  first_inbound_at: number | null;
  first_response_at: number | null;
  first_ai_response_at: number | null;
  first_human_response_at: number | null;
  handover_at: number | null;
  handover_reason: string | null;
  handover: string | null;
  unread_count: number;
  human_message_count: number;
  resolved_at: number | null;
  reopen_count: number;
  csat_score: number | null;
  csat_comment: string | null;
  created_at: number;
  updated_at: number | null;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** D1's row as the shard stores it. */
export function fromD1(r: D1Row): IndexRow {
  return {
    id: r.id,
    contactId: r.contact_id,
    channelId: r.channel_id,
    channelType: r.channel_type,
    status: r.status,
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    language: r.language,
    tags: parseJson<string[]>(r.tags, []),
    subject: r.subject,
    lastMessageText: r.last_message_text,
    lastMessageAt: r.last_message_at,
    lastInboundAt: r.last_inbound_at,
    messageCount: r.message_count,
    inboundCount: r.inbound_count,
    firstInboundAt: r.first_inbound_at,
    firstResponseAt: r.first_response_at,
    firstAiResponseAt: r.first_ai_response_at,
    firstHumanResponseAt: r.first_human_response_at,
    handoverAt: r.handover_at,
    handoverReason: r.handover_reason,
    handover: parseJson<IndexRow["handover"]>(r.handover, null),
    unreadCount: r.unread_count,
    humanMessageCount: r.human_message_count,
    resolvedAt: r.resolved_at,
    reopenCount: r.reopen_count,
    csatScore: r.csat_score,
    csatComment: r.csat_comment,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function indexMove(page: number): ShardMove<{ moved: number }> {
  return {
    kind: "index_move",
    tenantsQuery: `SELECT tenant_id FROM (SELECT DISTINCT tenant_id FROM conversations WHERE in_shard = 0
      UNION SELECT DISTINCT tenant_id FROM analytics_conversation_facts) LIMIT ?`,
    finish: async (shard) => void (await shard.importIndexRows([], [], true)),
    async movePage(env, tenantId, shard) {
      const { results } = await env.DB.prepare(
        `SELECT * FROM conversations WHERE tenant_id = ? AND in_shard = 0 ORDER BY id LIMIT ?`,
      )
        .bind(tenantId, page)
        .all<D1Row>();
      const ids = results.map((r) => r.id);
      // Once the rows are all in, the facts D1 still holds for conversations already in the shard.
      const facts = ids.length
        ? await d1Facts(env.DB, tenantId, ids)
        : await leftoverFacts(env.DB, tenantId, page);
      await shard.importIndexRows(results.map(fromD1), facts.map(legacyOf), false);
      await retireD1Facts(env.DB, tenantId, facts);
      if (ids.length)
        await env.DB.prepare(
          `UPDATE conversations SET in_shard = 1 WHERE tenant_id = ? AND id IN (${ids.map(() => "?").join(", ")})`,
        )
          .bind(tenantId, ...ids)
          .run();
      return {
        counts: { moved: results.length },
        more: results.length >= page || facts.length >= page,
      };
    },
  };
}

/** Moves one page of a tenant's D1 index rows and facts into its shard; queues the next page, or marks the move done. */
export function moveIndexRows(
  env: MoveEnv,
  body: unknown,
  page = MOVE_PAGE,
): Promise<{ moved: number; done: boolean }> {
  return runMovePage(indexMove(page), env, body);
}

async function leftoverFacts(d1: D1Database, tenantId: string, page: number) {
  const { results } = await d1
    .prepare(
      `SELECT conversation_id FROM analytics_conversation_facts WHERE tenant_id = ? ORDER BY conversation_id LIMIT ?`,
    )
    .bind(tenantId, page)
    .all<{ conversation_id: string }>();
  return d1Facts(
    d1,
    tenantId,
    results.map((r) => r.conversation_id),
  );
}

/** Starts (or resumes) a tenant's move: its reads found nothing left in D1 but the shard is not marked moved. */
export async function queueIndexMove(
  env: Pick<Env, "JOBS_QUEUE">,
  tenantId: string,
): Promise<void> {
  await env.JOBS_QUEUE.send({ kind: "index_move", tenantId });
}

/** Cron: a move job for each tenant with index rows or facts not yet in its shard. */
export function queueIndexMoves(env: MoveEnv): Promise<number> {
  return queueMoves(indexMove(MOVE_PAGE), env);
}
