/**
 * Keeps the rollups equal to the sum of every conversation's current facts. The facts and rollups live in
 * the tenant's shard, which refreshes a conversation's facts from its own index row (no D1 read). A
 * conversation whose facts D1 still holds (from before the shard) hands them over once: the shard adds
 * them to its rollups, then D1 takes them out of its own, so each conversation counts in one place.
 */
import { z } from "zod";
import { shardStub } from "../../durable-objects/rpc";
import { parseFactKey } from "../lib/analytics-facts";
import type { LegacyFacts } from "../wire/shard";

export type RefreshOutcome = "updated" | "unchanged" | "missing";

interface D1FactsRow {
  conversation_id: string;
  facts: string;
  confirmed: number;
  rev: string;
}

type FactsEnv = Pick<Env, "DB" | "TENANT_SHARD">;

/**
 * Brings one conversation's contribution up to date. `confirmed` records a shopper-confirmed
 * resolution (it sticks until the conversation is reopened).
 */
export async function refreshConversationFacts(
  env: FactsEnv,
  tenantId: string,
  conversationId: string,
  opts: { confirmed?: boolean } = {},
): Promise<RefreshOutcome> {
  const shard = shardStub(env, tenantId);
  const outcome = await shard.refreshFacts(conversationId, opts.confirmed);
  if (outcome !== "need_legacy") return outcome;
  const [row] = await d1Facts(env.DB, tenantId, [conversationId]);
  const again = await shard.refreshFacts(
    conversationId,
    opts.confirmed,
    row ? legacyOf(row) : null,
  );
  if (row) await retireD1Facts(env.DB, tenantId, [row]);
  return again === "need_legacy" ? "missing" : again;
}

/** D1's facts rows of these conversations (at most 90: D1 allows 100 bound parameters). */
export async function d1Facts(
  d1: D1Database,
  tenantId: string,
  conversationIds: string[],
): Promise<D1FactsRow[]> {
  if (!conversationIds.length) return [];
  const marks = conversationIds.map(() => "?").join(", ");
  const { results } = await d1
    .prepare(
      `SELECT conversation_id, facts, confirmed, rev FROM analytics_conversation_facts WHERE tenant_id = ? AND conversation_id IN (${marks})`,
    )
    .bind(tenantId, ...conversationIds)
    .all<D1FactsRow>();
  return results;
}

export function legacyOf(row: D1FactsRow): LegacyFacts {
  return {
    conversationId: row.conversation_id,
    facts: JSON.parse(row.facts) as Record<string, number>,
    confirmed: row.confirmed === 1,
  };
}

/**
 * Takes facts the shard now holds out of D1's rollups and deletes their rows, one transaction per
 * conversation; each statement applies only while the row is still the one read, so a repeat does nothing.
 */
export async function retireD1Facts(
  d1: D1Database,
  tenantId: string,
  rows: D1FactsRow[],
): Promise<void> {
  for (const row of rows) {
    const facts = JSON.parse(row.facts) as Record<string, number>;
    const guard = `(SELECT rev FROM analytics_conversation_facts WHERE conversation_id = ?) = ?`;
    const deltas = Object.entries(facts)
      .filter(([, n]) => n !== 0)
      .map(([key, n]) => {
        const { dim, value, day, metric } = parseFactKey(key);
        return d1
          .prepare(
            `UPDATE analytics_rollups SET n = n - ? WHERE tenant_id = ? AND dim = ? AND value = ? AND day = ? AND metric = ? AND ${guard}`,
          )
          .bind(n, tenantId, dim, value, day, metric, row.conversation_id, row.rev);
      });
    await d1.batch([
      ...deltas,
      d1
        .prepare(`DELETE FROM analytics_conversation_facts WHERE conversation_id = ? AND rev = ?`)
        .bind(row.conversation_id, row.rev),
    ]);
  }
}

export const RebuildJob = z.object({
  kind: z.literal("analytics_rebuild"),
  tenantId: z.string(),
  cursor: z.string().default(""),
});
const REBUILD_PAGE = 200;

/** Recomputes every conversation's rollup contribution, a page per job (backfill or repair). */
export async function rebuildAnalytics(
  env: Pick<Env, "DB" | "JOBS_QUEUE" | "TENANT_SHARD">,
  body: unknown,
): Promise<{ processed: number; done: boolean }> {
  const job = RebuildJob.parse(body);
  const { results } = await env.DB.prepare(
    `SELECT id FROM conversations WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?`,
  )
    .bind(job.tenantId, job.cursor, REBUILD_PAGE)
    .all<{ id: string }>();
  for (const r of results) await refreshConversationFacts(env, job.tenantId, r.id);
  const done = results.length < REBUILD_PAGE;
  if (!done)
    await env.JOBS_QUEUE.send({
      kind: "analytics_rebuild",
      tenantId: job.tenantId,
      cursor: results[results.length - 1].id,
    });
  return { processed: results.length, done };
}
