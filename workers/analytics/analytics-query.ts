/**
 * Dashboard reads: sums over the daily rollups in the tenant's shard, never a scan of conversations.
 * Until the tenant's facts from before the shard are moved, D1's rollups (what the moved facts left there) are added.
 */
import { shardStub } from "../../durable-objects/rpc";
import { computeMetrics, type Metrics } from "./metrics";
import { monthDim, type Dimension } from "../lib/analytics-facts";

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

/** A piece of a range read from day rows (`dim`) or month rows (`m:dim`). */
interface Segment {
  dim: string;
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parse = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Splits `from..to` into leading days, whole months and trailing days, so a year costs 12 month
 * rows per value and metric instead of 365 day rows.
 */
export function splitRange(dim: Dimension, from: string, to: string): Segment[] {
  const f = new Date(parse(from));
  const firstFull =
    f.getUTCDate() === 1 ? parse(from) : Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1);
  const t = new Date(parse(to));
  const afterTo = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1);
  const endFull =
    new Date(afterTo).getUTCDate() === 1
      ? afterTo
      : Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1);
  if (firstFull >= endFull) return [{ dim, from, to }];
  const out: Segment[] = [];
  if (parse(from) < firstFull) out.push({ dim, from, to: iso(firstFull - DAY_MS) });
  out.push({
    dim: monthDim(dim),
    from: iso(firstFull).slice(0, 7),
    to: iso(endFull - DAY_MS).slice(0, 7),
  });
  if (endFull < afterTo) out.push({ dim, from: iso(endFull), to });
  return out;
}

type QueryEnv = Pick<Env, "DB" | "TENANT_SHARD">;

async function sums(
  env: QueryEnv,
  q: RangeQuery,
  groupBy: "value" | "day",
  segments: Segment[],
): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  const add = (rows: SumRow[]) => {
    for (const r of rows) {
      const counts = out.get(r.key) ?? {};
      counts[r.metric] = (counts[r.metric] ?? 0) + r.n;
      out.set(r.key, counts);
    }
  };
  const shard = await shardStub(env, q.tenantId).rollupSums(segments, groupBy, q.value);
  for (const rows of shard.sums) add(rows);
  if (shard.legacy) for (const rows of await legacySums(env.DB, q, groupBy, segments)) add(rows);
  return out;
}

/** The same sums over D1's rollups (facts from before the shard, until moved). */
export async function legacySums(
  d1: D1Database,
  q: RangeQuery,
  groupBy: "value" | "day",
  segments: Segment[],
): Promise<SumRow[][]> {
  const valueCond = q.value === undefined ? "" : " AND value = ?";
  const statements = segments.map((seg) => {
    const binds: (string | number)[] = [q.tenantId, seg.dim, seg.from, seg.to];
    if (q.value !== undefined) binds.push(q.value);
    return d1
      .prepare(
        `SELECT ${groupBy} AS key, metric, SUM(n) AS n FROM analytics_rollups WHERE tenant_id = ? AND dim = ? AND day BETWEEN ? AND ?${valueCond} GROUP BY ${groupBy}, metric`,
      )
      .bind(...binds);
  });
  return (await d1.batch<SumRow>(statements)).map((r) => r.results);
}

/** Totals for the range; without a `value` the dimension is ignored (tags overlap, so only "all" sums correctly). */
export async function summary(env: QueryEnv, q: RangeQuery): Promise<Metrics> {
  const scoped: RangeQuery = q.value === undefined ? { ...q, dim: "all", value: "*" } : q;
  const merged: Record<string, number> = {};
  for (const counts of (
    await sums(env, scoped, "value", splitRange(scoped.dim, scoped.from, scoped.to))
  ).values()) {
    for (const [k, v] of Object.entries(counts)) merged[k] = (merged[k] ?? 0) + v;
  }
  return computeMetrics(merged);
}

export async function breakdown(
  env: QueryEnv,
  q: RangeQuery,
): Promise<{ value: string; metrics: Metrics }[]> {
  const rows = [...(await sums(env, q, "value", splitRange(q.dim, q.from, q.to))).entries()].map(
    ([value, counts]) => ({ value, metrics: computeMetrics(counts) }),
  );
  return rows
    .filter((r) => r.metrics.conversations > 0)
    .sort((a, b) => b.metrics.conversations - a.metrics.conversations);
}

export async function timeseries(
  env: QueryEnv,
  q: RangeQuery,
): Promise<{ day: string; metrics: Metrics }[]> {
  const scoped: RangeQuery = q.value === undefined ? { ...q, dim: "all", value: "*" } : q;
  const byDay = await sums(env, scoped, "day", [
    { dim: scoped.dim, from: scoped.from, to: scoped.to },
  ]);
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, counts]) => ({ day, metrics: computeMetrics(counts) }));
}
