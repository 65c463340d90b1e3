/** Dashboard reads: sums over the daily rollups, never a scan of conversations. */
import { computeMetrics, type Metrics } from "./metrics";
import type { Dimension } from "./facts";

export interface RangeQuery {
  tenantId: string;
  from: string;
  to: string;
  dim: Dimension;
  /** Restrict to one value of the dimension (e.g. channel "whatsapp"). */
  value?: string;
}

interface SumRow {
  key: string;
  metric: string;
  n: number;
}

async function sums(d1: D1Database, q: RangeQuery, groupBy: "value" | "day"): Promise<Map<string, Record<string, number>>> {
  const valueCond = q.value === undefined ? "" : " AND value = ?";
  const binds: (string | number)[] = [q.tenantId, q.dim, q.from, q.to];
  if (q.value !== undefined) binds.push(q.value);
  const { results } = await d1
    .prepare(`SELECT ${groupBy} AS key, metric, SUM(n) AS n FROM analytics_rollups WHERE tenant_id = ? AND dim = ? AND day BETWEEN ? AND ?${valueCond} GROUP BY ${groupBy}, metric`)
    .bind(...binds)
    .all<SumRow>();
  const out = new Map<string, Record<string, number>>();
  for (const r of results) {
    const counts = out.get(r.key) ?? {};
    counts[r.metric] = r.n;
    out.set(r.key, counts);
  }
  return out;
}

/** Totals for the range; without a `value` the dimension is ignored (tags overlap, so only "all" sums correctly). */
export async function summary(d1: D1Database, q: RangeQuery): Promise<Metrics> {
  const scoped: RangeQuery = q.value === undefined ? { ...q, dim: "all", value: "*" } : q;
  const merged: Record<string, number> = {};
  for (const counts of (await sums(d1, scoped, "value")).values()) {
    for (const [k, v] of Object.entries(counts)) merged[k] = (merged[k] ?? 0) + v;
  }
  return computeMetrics(merged);
}

export async function breakdown(d1: D1Database, q: RangeQuery): Promise<{ value: string; metrics: Metrics }[]> {
  const rows = [...(await sums(d1, q, "value")).entries()].map(([value, counts]) => ({ value, metrics: computeMetrics(counts) }));
  return rows.filter((r) => r.metrics.conversations > 0).sort((a, b) => b.metrics.conversations - a.metrics.conversations);
}

export async function timeseries(d1: D1Database, q: RangeQuery): Promise<{ day: string; metrics: Metrics }[]> {
  const byDay = await sums(d1, q.value === undefined ? { ...q, dim: "all", value: "*" } : q, "day");
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, counts]) => ({ day, metrics: computeMetrics(counts) }));
}
