/**
 * Usage metering per tenant per UTC day (`usage_counters`), with optional monthly limits. A tenant
 * past its AI limit is degraded to the builtin engine rather than cut off.
 */
import { and, asc, between, eq, like, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { usageCounters } from "../db/schema";
import { audit } from "../services/audit";
import { getSection, setSection } from "../services/tenant-settings";
import { UsageLimits } from "../wire/usage";
import { USAGE_METRICS, type UsageMetric } from "../wire/usage-metrics";

export { USAGE_METRICS, type UsageMetric } from "../wire/usage-metrics";

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const utcMonth = (ms: number) => new Date(ms).toISOString().slice(0, 7);

const upsert = (db: Db, tenantId: string, metric: string, amount: number, at: number) =>
  db
    .insert(usageCounters)
    .values({ tenantId, day: utcDay(at), metric, value: amount })
    .onConflictDoUpdate({
      target: [usageCounters.tenantId, usageCounters.day, usageCounters.metric],
      set: { value: sql`${usageCounters.value} + ${amount}` },
    });

/** Adds `amount` to today's counter; one upsert, safe under concurrency. */
export async function recordUsage(
  db: Db,
  tenantId: string,
  metric: UsageMetric,
  amount = 1,
  at = Date.now(),
): Promise<void> {
  if (amount <= 0) return;
  await upsert(db, tenantId, metric, amount, at);
}

/** Counters of model spend: `spend_usd:<task>:<provider/model>` (USD) and `tokens:<task>:<provider/model>`. */
export const SPEND_PREFIX = "spend_usd:";
export const TOKENS_PREFIX = "tokens:";

/** Adds several amounts to today's counters in one D1 batch (one round trip); zero amounts are skipped. */
export async function recordUsages(
  db: Db,
  tenantId: string,
  amounts: {
    metric: UsageMetric | `${typeof SPEND_PREFIX | typeof TOKENS_PREFIX}${string}`;
    amount: number;
  }[],
  at = Date.now(),
): Promise<void> {
  const [first, ...rest] = amounts
    .filter((a) => a.amount > 0)
    .map((a) => upsert(db, tenantId, a.metric, a.amount, at));
  if (first) await db.batch([first, ...rest]);
}

export interface ModelSpendTotals {
  spentUsd: number;
  rows: { task: string; route: string; tokens: number; costUsd: number }[];
}

/** This month's spend and tokens per task and model, from the counters `recordUsages` writes. */
export async function monthModelSpend(
  db: Db,
  tenantId: string,
  at = Date.now(),
): Promise<ModelSpendTotals> {
  const rows = await db
    .select({ metric: usageCounters.metric, total: sql<number>`SUM(${usageCounters.value})` })
    .from(usageCounters)
    .where(
      inTenant(
        usageCounters,
        tenantId,
        and(
          like(usageCounters.day, `${utcMonth(at)}-%`),
          or(
            like(usageCounters.metric, `${SPEND_PREFIX}%`),
            like(usageCounters.metric, `${TOKENS_PREFIX}%`),
          ),
        ),
      ),
    )
    .groupBy(usageCounters.metric);
  const byKey = new Map<string, ModelSpendTotals["rows"][number]>();
  for (const r of rows) {
    const spend = r.metric.startsWith(SPEND_PREFIX);
    const rest = r.metric.slice(spend ? SPEND_PREFIX.length : TOKENS_PREFIX.length);
    const i = rest.indexOf(":");
    if (i <= 0) continue;
    const key = rest;
    const row = byKey.get(key) ?? {
      task: rest.slice(0, i),
      route: rest.slice(i + 1),
      tokens: 0,
      costUsd: 0,
    };
    if (spend) row.costUsd += r.total;
    else row.tokens += r.total;
    byKey.set(key, row);
  }
  const out = [...byKey.values()].sort((a, b) => b.costUsd - a.costUsd || b.tokens - a.tokens);
  return { spentUsd: out.reduce((n, r) => n + r.costUsd, 0), rows: out };
}

export async function monthTotals(
  db: Db,
  tenantId: string,
  at = Date.now(),
): Promise<Record<UsageMetric, number>> {
  const rows = await db
    .select({ metric: usageCounters.metric, total: sql<number>`SUM(${usageCounters.value})` })
    .from(usageCounters)
    .where(and(eq(usageCounters.tenantId, tenantId), like(usageCounters.day, `${utcMonth(at)}-%`)))
    .groupBy(usageCounters.metric);
  const out = Object.fromEntries(USAGE_METRICS.map((m) => [m, 0])) as Record<UsageMetric, number>;
  for (const r of rows)
    if ((USAGE_METRICS as readonly string[]).includes(r.metric))
      out[r.metric as UsageMetric] = r.total;
  return out;
}

export async function dailyUsage(db: Db, tenantId: string, from: string, to: string) {
  return db
    .select({ day: usageCounters.day, metric: usageCounters.metric, value: usageCounters.value })
    .from(usageCounters)
    .where(inTenant(usageCounters, tenantId, between(usageCounters.day, from, to)))
    .orderBy(asc(usageCounters.day), asc(usageCounters.metric));
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

/**
 * For the AI path: true when the tenant has a monthly limit for `metric` and this month's usage
 * has reached it; the caller then answers with the builtin engine instead of a paid model.
 */
export async function shouldDegradeToBuiltin(
  db: Db,
  tenantId: string,
  metric: UsageMetric,
  at = Date.now(),
): Promise<boolean> {
  const limit = (await getLimits(db, tenantId))[metric];
  if (!limit) return false;
  return (await monthTotals(db, tenantId, at))[metric] >= limit;
}
