/**
 * Usage seams of the live AI turn (docs/ops-integration.md): paid capabilities are metered here,
 * and a tenant past a monthly limit is answered by the builtin engine instead of a paid model.
 */
import type { AiSettings, Providers } from "../ai";
import type { Db } from "../db/client";
import { reachedLimits, recordUsageAmounts, type UsageMetric } from "../analytics/usage";

type UsageEnv = Pick<Env, "DB" | "TENANT_SHARD">;

/** Metrics whose monthly limit switches the AI path to builtin. */
const DEGRADING: UsageMetric[] = ["ai_replies", "translated_chars", "embeddings"];

/** The settings a turn runs with: builtin (no model, no vectors) once any AI limit is reached. */
export async function withinUsageLimits(
  env: UsageEnv,
  db: Db,
  tenantId: string,
  settings: AiSettings,
): Promise<{ settings: AiSettings; degraded: boolean }> {
  if (settings.provider === "builtin" && !settings.vectorSearch)
    return { settings, degraded: false };
  if (!(await reachedLimits(env, db, tenantId, DEGRADING)).length)
    return { settings, degraded: false };
  return { settings: { ...settings, provider: "builtin", vectorSearch: false }, degraded: true };
}

export interface Meter {
  translatedChars: number;
  embeddings: number;
}

/** Wraps the translator and embedder so what they did successfully is counted. */
export function metered(p: Providers): { providers: Providers; meter: Meter } {
  const meter: Meter = { translatedChars: 0, embeddings: 0 };
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

/** Counts what the turn's providers did, in the tenant's shard (one call, none when nothing was used). */
export async function recordMeter(env: UsageEnv, tenantId: string, meter: Meter): Promise<void> {
  await recordUsageAmounts(env, tenantId, {
    translated_chars: meter.translatedChars,
    embeddings: meter.embeddings,
  });
}
