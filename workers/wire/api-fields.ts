/** API fields shared by several routers: UTC date ranges, page limits, the metrics shape, loose objects. */
import { z } from "@hono/zod-openapi";
import { ApiError } from "../lib/errors";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD (UTC).");
const MAX_RANGE_DAYS = 1100;

/** `from`/`to` query fields (UTC days, inclusive); default: the last 30 days. */
export const RangeFields = { from: Day.optional(), to: Day.optional() };

export function resolveRange(q: { from?: string; to?: string }): { from: string; to: string } {
  const to = q.to ?? new Date().toISOString().slice(0, 10);
  const from =
    q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (!(span >= 0))
    throw new ApiError("VALIDATION_FAILED", "The request did not pass validation.", [
      { path: "from", message: "from must not be after to" },
    ]);
  if (span > MAX_RANGE_DAYS)
    throw new ApiError("VALIDATION_FAILED", "The request did not pass validation.", [
      { path: "from", message: `A range spans at most ${MAX_RANGE_DAYS} days.` },
    ]);
  return { from, to };
}

export const Limit = (max = 100, dflt = 50) =>
  z.coerce.number().int().min(1).max(max).default(dflt);

const Duration = z.object({
  count: z.number(),
  p50: z.number().nullable(),
  p90: z.number().nullable(),
  meanSeconds: z.number().nullable(),
});
export const MetricsSchema = z
  .object({
    conversations: z.number(),
    resolved: z.number(),
    aiResolved: z.object({
      total: z.number(),
      confirmed: z.number(),
      assumed: z.number(),
      rate: z.number().nullable(),
    }),
    handover: z.object({
      count: z.number(),
      rate: z.number().nullable(),
      reasons: z.record(z.string(), z.number()),
    }),
    firstResponse: z.object({ ai: Duration, human: Duration }),
    resolutionTime: Duration,
    reopen: z.object({ count: z.number(), rate: z.number().nullable() }),
    csat: z.object({
      responses: z.number(),
      positive: z.number(),
      score: z.number().nullable(),
      responseRate: z.number().nullable(),
    }),
  })
  .openapi("Metrics", {
    description: "Times in seconds; rates 0..1. Definitions: docs/metrics.md.",
  });

/** Loose object for rows whose shape is documented in prose (logs, receipts). */
export const Obj = z.record(z.string(), z.unknown());
