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
  // One statement: the markers, then a row whose `at` says whether the tenant has anything left in D1.
  const { results } = await db
    .prepare(
      `SELECT event_key, at FROM ops_processed_events
         WHERE event_key IN (SELECT ?1 || value FROM json_each(?2)) AND tenant_id = ?3 AND at >= ?4
       UNION ALL SELECT NULL, EXISTS (SELECT 1 FROM usage_counters WHERE tenant_id = ?3)
         OR EXISTS (SELECT 1 FROM ops_processed_events WHERE tenant_id = ?3)`,
    )
    .bind(prefix, JSON.stringify(keys), tenantId, now - MARKER_RETENTION_MS)
    .all<{ event_key: string | null; at: number }>();
  const found: D1Markers["found"] = [];
  let left = 0;
  for (const r of results)
    if (r.event_key === null) left = r.at;
    else found.push({ key: r.event_key.slice(prefix.length), at: r.at });
  return { found, empty: !left };
}
