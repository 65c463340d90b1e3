/**
 * Usage seams of the live AI turn (docs/ops-integration.md): paid capabilities are metered here,
 * and a tenant past a monthly limit is answered by the builtin engine instead of a paid model.
 */
import {
  type AiSettings,
  type Providers,
  type RouteRecorder,
  type RouteTask,
  resolveRoute,
  ROUTE_TASKS,
} from "../ai";
import type { Db } from "../db/client";
import { log } from "../lib/log";
import type { ModelSpend } from "../wire/model-spend";
import { loadAiSettings, providersFor } from "./ai";
import type { UsageRead } from "../wire/shard";
import type { UsageLimits } from "../wire/usage";
import {
  getLimits,
  monthModelSpend,
  monthUsageRows,
  recordUsageAmounts,
  spendOf,
  totalsOf,
  SPEND_PREFIX,
  type SpendMetric,
  TOKENS_PREFIX,
  type UsageMetric,
} from "../analytics/usage";

type UsageEnv = Pick<Env, "DB" | "TENANT_SHARD">;

/** Metrics whose monthly limit switches the AI path to builtin. */
const DEGRADING: UsageMetric[] = ["ai_replies", "translated_chars", "embeddings"];

/** True when some task's chain (or the override) holds a paid model. */
function usesPaidModels(settings: AiSettings, override?: string | null): boolean {
  return ROUTE_TASKS.some((t) =>
    resolveRoute(settings, t, override).some((s) => s.provider !== "builtin"),
  );
}

/** What the caller already read: the tenant's limits, and the shard's counters for this month. */
export interface KnownUsage {
  limits: UsageLimits;
  usage: UsageRead | null;
}

/**
 * The settings a turn runs with: builtin (no model, no vectors) once any AI limit is reached; with
 * `overBudget` the tenant set a monthly budget, some chain holds a paid model and this month's estimated
 * spend has reached it, so the providers must skip paid models. One read of the month's counters serves
 * both (none when neither a limit nor a budget applies).
 */
export async function withinUsageLimits(
  env: UsageEnv,
  db: Db,
  tenantId: string,
  settings: AiSettings,
  override?: string | null,
  known?: KnownUsage,
): Promise<{ settings: AiSettings; degraded: boolean; overBudget: boolean }> {
  const paid = usesPaidModels(settings, override);
  if (!paid && !settings.vectorSearch) return { settings, degraded: false, overBudget: false };
  const limits = known?.limits ?? (await getLimits(db, tenantId));
  const limited = DEGRADING.filter((m) => !!limits[m]);
  const budget = paid ? settings.routing.monthlyBudgetUsd : null;
  if (!limited.length && !budget) return { settings, degraded: false, overBudget: false };
  const rows = await monthUsageRows(env, tenantId, Date.now(), known?.usage ?? undefined);
  const totals = totalsOf(rows);
  const overBudget = !!budget && spendOf(rows).spentUsd >= budget;
  if (!limited.some((m) => totals[m] >= (limits[m] ?? Infinity)))
    return { settings, degraded: false, overBudget };
  return {
    settings: { ...settings, provider: "builtin", vectorSearch: false },
    degraded: true,
    overBudget: true,
  };
}

/** What a turn used: translated characters, embeddings, and who served each task (`uses`). */
export interface Meter extends RouteRecorder {
  translatedChars: number;
  embeddings: number;
}

export const newMeter = (): Meter => ({ translatedChars: 0, embeddings: 0, uses: [] });

/** Wraps the translator and embedder so what they did successfully is counted. */
export function metered(
  p: Providers,
  meter: Meter = newMeter(),
): { providers: Providers; meter: Meter } {
  const { translator, embedder } = p;
  return {
    meter,
    providers: {
      ...p,
      translator: {
        available: translator.available,
        async translate(text, from, to, signal) {
          const res = await translator.translate(text, from, to, signal);
          if (res.ok) meter.translatedChars += text.length;
          return res;
        },
      },
      embedder: {
        available: embedder.available,
        async embed(texts, signal) {
          const res = await embedder.embed(texts, signal);
          if (res.ok) meter.embeddings += texts.length;
          return res;
        },
      },
    },
  };
}

/**
 * Counts the turn's usage in the tenant's shard (one call, none when nothing was used): translated
 * characters, embeddings, and per task and model the estimated spend and tokens (builtin costs nothing).
 */
export async function recordMeter(env: UsageEnv, tenantId: string, meter: Meter): Promise<void> {
  const amounts: Partial<Record<UsageMetric | SpendMetric, number>> = {
    translated_chars: meter.translatedChars,
    embeddings: meter.embeddings,
  };
  for (const u of meter.uses) {
    if (u.provider === "builtin") continue;
    const key = `${u.task}:${u.provider}/${u.model}`;
    const spend: SpendMetric = `${SPEND_PREFIX}${key}`;
    const tokens: SpendMetric = `${TOKENS_PREFIX}${key}`;
    amounts[spend] = (amounts[spend] ?? 0) + u.costUsd;
    amounts[tokens] = (amounts[tokens] ?? 0) + u.tokensIn + u.tokensOut;
  }
  await recordUsageAmounts(env, tenantId, amounts);
}

/**
 * Providers for an agent's request (copilot summary, suggestions, translation) under the same limits and budget
 * as the AI turn; `record()` counts what they used, in one batch, after the request.
 */
export async function budgetedProviders(
  env: Env,
  db: Db,
  tenantId: string,
  stored: AiSettings,
  task: RouteTask = "answer",
): Promise<{ providers: Providers; record: () => Promise<void> }> {
  const { settings, overBudget } = await withinUsageLimits(env, db, tenantId, stored);
  const meter = newMeter();
  const { providers } = metered(
    providersFor(env, settings, { task, overBudget, recorder: meter }),
    meter,
  );
  return {
    providers,
    record: () =>
      recordMeter(env, tenantId, meter).catch((err) =>
        log("warn", "ai usage not recorded", { tenantId, error: String(err) }),
      ),
  };
}

/** This month's spend per task and model against the tenant's budget (the usage page). */
export async function modelSpend(env: Env, db: Db, tenantId: string): Promise<ModelSpend> {
  const [settings, spend] = await Promise.all([
    loadAiSettings(env, db, tenantId),
    monthModelSpend(env, tenantId),
  ]);
  const budgetUsd = settings.routing.monthlyBudgetUsd;
  return {
    budgetUsd,
    spentUsd: spend.spentUsd,
    overBudget: budgetUsd !== null && spend.spentUsd >= budgetUsd,
    rows: spend.rows,
  };
}
