/**
 * Usage metering per tenant per UTC day, counted in the tenant's shard (TenantShardDO), with optional
 * monthly limits. A tenant past its AI limit is degraded to the builtin engine rather than cut off.
 * Counters from before the shard are read from D1 (`usage_counters`) until the tenant's move is done.
 */
import { z } from "zod";
import { shardStub } from "../../durable-objects/rpc";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import type { UsageRead, UsageRow } from "../wire/shard";
import { audit } from "../services/audit";
import { getSection, setSection } from "../services/tenant-settings";
import { UsageLimits } from "../wire/usage";
import { USAGE_METRICS, type UsageMetric } from "../wire/usage-metrics";

export { USAGE_METRICS, type UsageMetric } from "../wire/usage-metrics";

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const utcMonth = (ms: number) => new Date(ms).toISOString().slice(0, 7);

type UsageEnv = Pick<Env, "DB" | "TENANT_SHARD">;

/** Adds amounts to the counters of `at`'s day in the tenant's shard; one call, nothing for zeros. */
export async function recordUsageAmounts(
  env: Pick<Env, "TENANT_SHARD">,
  tenantId: string,
  amounts: Partial<Record<UsageMetric | SpendMetric, number>>,
  at = Date.now(),
): Promise<void> {
  const positive = Object.fromEntries(
    Object.entries(amounts).filter((e): e is [string, number] => (e[1] ?? 0) > 0),
  );
  if (Object.keys(positive).length) await shardStub(env, tenantId).addUsage(utcDay(at), positive);
}

/** Adds `amount` to the metric's counter of `at`'s day. */
export async function recordUsage(
  env: Pick<Env, "TENANT_SHARD">,
  tenantId: string,
  metric: UsageMetric,
  amount = 1,
  at = Date.now(),
): Promise<void> {
  await recordUsageAmounts(env, tenantId, { [metric]: amount }, at);
}

/**
 * Counters per day and metric in [from, to]: the shard's own plus those from before it. Until the
 * tenant's move is done, a day's counter still in D1 is the current value of that row (the shard's copy
 * of it, if the move got that far, is the same row).
 */
async function usageRows(
  env: UsageEnv,
  tenantId: string,
  from: string,
  to: string,
  read?: UsageRead,
): Promise<UsageRow[]> {
  const shard = read ?? (await shardStub(env, tenantId).usageRows(from, to));
  const key = (r: UsageRow) => `${r.day}|${r.metric}`;
  const legacy = new Map(shard.legacy.map((r) => [key(r), r]));
  if (!shard.legacyMoved) {
    const [inRange, left] = await env.DB.batch([
      env.DB.prepare(
        "SELECT day, metric, value FROM usage_counters WHERE tenant_id = ? AND day BETWEEN ? AND ?",
      ).bind(tenantId, from, to),
      env.DB.prepare(
        `SELECT EXISTS (SELECT 1 FROM usage_counters WHERE tenant_id = ?1)
           OR EXISTS (SELECT 1 FROM ops_processed_events WHERE tenant_id = ?1) AS n`,
      ).bind(tenantId),
    ]);
    for (const r of inRange.results as UsageRow[]) legacy.set(key(r), r);
    // Nothing left in D1 (a tenant from after the shard, or moved): stop looking there.
    if (!(left.results[0] as { n: number }).n) await shardStub(env, tenantId).usageLegacyMoved();
  }
  const sums = new Map<string, UsageRow>();
  for (const r of [...shard.live, ...legacy.values()]) {
    const k = key(r);
    const s = sums.get(k);
    if (s) s.value += r.value;
    else sums.set(k, { day: r.day, metric: r.metric, value: r.value });
  }
  return [...sums.values()].sort((a, b) =>
    a.day === b.day ? a.metric.localeCompare(b.metric) : a.day.localeCompare(b.day),
  );
}

/** Counters of model spend: `spend_usd:<task>:<provider/model>` (USD) and `tokens:<task>:<provider/model>`. */
export const SPEND_PREFIX = "spend_usd:";
export const TOKENS_PREFIX = "tokens:";
export type SpendMetric = `${typeof SPEND_PREFIX | typeof TOKENS_PREFIX}${string}`;

export interface ModelSpendTotals {
  spentUsd: number;
  rows: { task: string; route: string; tokens: number; costUsd: number }[];
}

/** The days of `at`'s UTC month, as the usage reads take them. */
export function monthRange(at = Date.now()): { from: string; to: string } {
  const month = utcMonth(at);
  return { from: `${month}-01`, to: `${month}-31` };
}

/** This month's counters (`read`: the shard's rows for `monthRange(at)`, when the caller has them). */
export async function monthUsageRows(
  env: UsageEnv,
  tenantId: string,
  at = Date.now(),
  read?: UsageRead,
): Promise<UsageRow[]> {
  const { from, to } = monthRange(at);
  return usageRows(env, tenantId, from, to, read);
}

/** This month's spend and tokens per task and model, from the spend counters in the tenant's shard. */
export async function monthModelSpend(
  env: UsageEnv,
  tenantId: string,
  at = Date.now(),
): Promise<ModelSpendTotals> {
  return spendOf(await monthUsageRows(env, tenantId, at));
}

/** Spend and tokens per task and model in counter rows. */
export function spendOf(rows: UsageRow[]): ModelSpendTotals {
  const byKey = new Map<string, ModelSpendTotals["rows"][number]>();
  for (const r of rows) {
    const spend = r.metric.startsWith(SPEND_PREFIX);
    if (!spend && !r.metric.startsWith(TOKENS_PREFIX)) continue;
    const rest = r.metric.slice(spend ? SPEND_PREFIX.length : TOKENS_PREFIX.length);
    const i = rest.indexOf(":");
    if (i <= 0) continue;
    const row = byKey.get(rest) ?? {
      task: rest.slice(0, i),
      route: rest.slice(i + 1),
      tokens: 0,
      costUsd: 0,
    };
    if (spend) row.costUsd += r.value;
    else row.tokens += r.value;
    byKey.set(rest, row);
  }
  const out = [...byKey.values()].sort((a, b) => b.costUsd - a.costUsd || b.tokens - a.tokens);
  return { spentUsd: out.reduce((n, r) => n + r.costUsd, 0), rows: out };
}

export async function monthTotals(
  env: UsageEnv,
  tenantId: string,
  at = Date.now(),
): Promise<Record<UsageMetric, number>> {
  return totalsOf(await monthUsageRows(env, tenantId, at));
}

/** Totals per usage metric in counter rows. */
export function totalsOf(rows: UsageRow[]): Record<UsageMetric, number> {
  const out = Object.fromEntries(USAGE_METRICS.map((m) => [m, 0])) as Record<UsageMetric, number>;
  for (const r of rows)
    if ((USAGE_METRICS as readonly string[]).includes(r.metric))
      out[r.metric as UsageMetric] += r.value;
  return out;
}

export async function dailyUsage(
  env: UsageEnv,
  tenantId: string,
  from: string,
  to: string,
): Promise<UsageRow[]> {
  return usageRows(env, tenantId, from, to);
}

export async function getLimits(db: Db, tenantId: string): Promise<UsageLimits> {
  return getSection(db, tenantId, "usageLimits", UsageLimits);
}

/** Replaces the monthly limits and audits the change. */
export async function setLimits(db: Db, auth: Auth, limits: UsageLimits): Promise<UsageLimits> {
  const before = await getLimits(db, auth.tenantId);
  await setSection(db, auth.tenantId, "usageLimits", limits);
  await audit(db, auth.tenantId, auth, {
    action: "settings.usage_limits_changed",
    targetType: "tenant",
    targetId: auth.tenantId,
    data: { from: before, to: limits },
  });
  return limits;
}

/** The metrics among `metrics` whose monthly limit this month's usage has reached. */
export async function reachedLimits(
  env: UsageEnv,
  db: Db,
  tenantId: string,
  metrics: readonly UsageMetric[],
  at = Date.now(),
): Promise<UsageMetric[]> {
  const limits = await getLimits(db, tenantId);
  const limited = metrics.filter((m) => !!limits[m]);
  if (!limited.length) return [];
  const totals = await monthTotals(env, tenantId, at);
  return limited.filter((m) => totals[m] >= (limits[m] ?? Infinity));
}

/**
 * For the AI path: true when the tenant has a monthly limit for `metric` and this month's usage
 * has reached it; the caller then answers with the builtin engine instead of a paid model.
 */
export async function shouldDegradeToBuiltin(
  env: UsageEnv,
  db: Db,
  tenantId: string,
  metric: UsageMetric,
  at = Date.now(),
): Promise<boolean> {
  return (await reachedLimits(env, db, tenantId, [metric], at)).length > 0;
}
