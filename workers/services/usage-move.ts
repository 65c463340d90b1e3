/**
 * The one-off move of usage counters and processed-event markers out of D1 (`usage_counters`,
 * `ops_processed_events`, from before the tenant shards) into each tenant's shard object. The cron
 * queues a `usage_move` job per tenant with rows left; each job copies a page to the shard, then deletes
 * it from D1, and queues the next, so it is idempotent and resumes wherever a failure left it. The shard
 * keeps a moved counter as the D1 row's value (set, not added) and reads prefer the D1 row while it is
 * there (`analytics/usage.ts`), so a page moved twice or read mid-move counts once. Markers past their
 * retention window are dropped rather than moved.
 */
import { MARKER_RETENTION_MS, type UsageRow } from "../wire/shard";
import { MOVE_PAGE, queueMoves, runMovePage, type MoveEnv, type ShardMove } from "./shard-move";

function usageMove(now: number, page: number): ShardMove<{ counters: number; markers: number }> {
  return {
    kind: "usage_move",
    tenantsQuery:
      "SELECT tenant_id FROM usage_counters UNION SELECT tenant_id FROM ops_processed_events LIMIT ?",
    finish: (shard) => shard.usageLegacyMoved(),
    async movePage(env, tenantId, shard) {
      const [counters, markers] = await env.DB.batch([
        env.DB.prepare(
          "SELECT day, metric, value FROM usage_counters WHERE tenant_id = ? ORDER BY day, metric LIMIT ?",
        ).bind(tenantId, page),
        env.DB.prepare(
          "SELECT event_key, at FROM ops_processed_events WHERE tenant_id = ? ORDER BY event_key LIMIT ?",
        ).bind(tenantId, page),
      ]);
      const rows = counters.results as UsageRow[];
      const marks = markers.results as { event_key: string; at: number }[];
      const prefix = `${tenantId}:`;
      const live = marks.filter((m) => m.at >= now - MARKER_RETENTION_MS);
      if (rows.length || live.length)
        await shard.importLegacyUsage(
          rows,
          live.map((m) => ({ key: m.event_key.slice(prefix.length), at: m.at })),
        );
      // A counter is deleted only at the value copied: one that changed meanwhile stays in D1 (reads
      // use it) and is copied again by the next page.
      const deletes = rows.map((r) =>
        env.DB.prepare(
          "DELETE FROM usage_counters WHERE tenant_id = ? AND day = ? AND metric = ? AND value = ?",
        ).bind(tenantId, r.day, r.metric, r.value),
      );
      if (marks.length)
        deletes.push(
          env.DB.prepare(
            `DELETE FROM ops_processed_events WHERE event_key IN (${marks.map(() => "?").join(", ")})`,
          ).bind(...marks.map((m) => m.event_key)),
        );
      if (deletes.length) await env.DB.batch(deletes);
      return {
        counts: { counters: rows.length, markers: marks.length },
        more: rows.length >= page || marks.length >= page,
      };
    },
  };
}

/** Moves a page of a tenant's D1 counters and markers into its shard; queues the next page, or marks the move done. */
export function moveUsageRows(
  env: MoveEnv,
  body: unknown,
  now = Date.now(),
  page = MOVE_PAGE,
): Promise<{ counters: number; markers: number; done: boolean }> {
  return runMovePage(usageMove(now, page), env, body);
}

/** Cron: a move job for each tenant with counters or markers still in D1. */
export function queueUsageMoves(env: MoveEnv): Promise<number> {
  return queueMoves(usageMove(Date.now(), MOVE_PAGE), env);
}
