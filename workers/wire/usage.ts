import { z } from "@hono/zod-openapi";
import { ModelSpend } from "./model-spend";
import { USAGE_METRICS, type UsageMetric } from "./usage-metrics";

const limit = z.number().int().positive().max(1e12).nullable().optional();
/** Monthly limits; null or absent means unlimited. */
export const UsageLimits = z
  .strictObject({
    ai_replies: limit,
    translated_chars: limit,
    embeddings: limit,
    messages: limit,
  })
  .openapi("UsageLimits", {
    description:
      "Monthly limits per metric; null = unlimited. Past an AI limit replies degrade to the builtin engine.",
  });
export type UsageLimits = z.infer<typeof UsageLimits>;

const Totals = z.object(
  Object.fromEntries(USAGE_METRICS.map((m) => [m, z.number()])) as Record<UsageMetric, z.ZodNumber>,
);

/** GET /api/usage: per-day counters in the range, this month's totals, limits, what is degraded. */
export const UsageSchema = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(z.object({ day: z.string(), metric: z.string(), value: z.number() })),
  month: z.string(),
  monthTotals: Totals,
  limits: UsageLimits,
  degraded: z.array(z.string()),
  models: ModelSpend.openapi("ModelSpend", {
    description:
      "This month's estimated AI spend per task and model (tokens × the price table in workers/ai/model-pricing.ts) against the budget set in the AI settings' routing.",
  }),
});
