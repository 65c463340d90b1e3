/**
 * Processed-event markers still in D1: events first handled before the tenant shards, whose tenant's
 * usage move is not done. The shard looks up there the events it has not seen, so an event counted in
 * D1 and redelivered before the move counts once.
 */
import { MARKER_RETENTION_MS } from "../../workers/wire/shard";

export interface D1Markers {
  /** D1's markers of these keys still in their retention window (keys without the tenant prefix). */
  found: { key: string; at: number }[];
  /** The tenant has no counters or markers left in D1: nothing more to look up. */
  empty: boolean;
}

export async function d1Markers(
  db: D1Database,
  tenantId: string,
  keys: string[],
  now: number,
): Promise<D1Markers> {
  const prefix = `${tenantId}:`;
  const [marks, left] = await db.batch([
    db
      .prepare(
        `SELECT event_key, at FROM ops_processed_events
         WHERE event_key IN (SELECT ?1 || value FROM json_each(?2)) AND tenant_id = ?3 AND at >= ?4`,
      )
      .bind(prefix, JSON.stringify(keys), tenantId, now - MARKER_RETENTION_MS),
    db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM usage_counters WHERE tenant_id = ?1)
           OR EXISTS (SELECT 1 FROM ops_processed_events WHERE tenant_id = ?1) AS n`,
      )
      .bind(tenantId),
  ]);
  return {
    found: (marks.results as { event_key: string; at: number }[]).map((m) => ({
      key: m.event_key.slice(prefix.length),
      at: m.at,
    })),
    empty: !(left.results[0] as { n: number }).n,
  };
}
