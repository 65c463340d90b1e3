import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import {
  dailyUsage,
  getLimits,
  monthTotals,
  setLimits,
  USAGE_METRICS,
  UsageLimits,
  utcMonth,
} from "../analytics/usage";
import { RangeFields, resolveRange } from "../wire/api-fields";

const tags = ["Usage"];
const Totals = z.object(
  Object.fromEntries(USAGE_METRICS.map((m) => [m, z.number()])) as Record<
    (typeof USAGE_METRICS)[number],
    z.ZodNumber
  >,
);
const LimitsSchema = UsageLimits.openapi("UsageLimits", {
  description:
    "Monthly limits per metric; null = unlimited. Past an AI limit replies degrade to the builtin engine.",
});

export const usageRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "Usage per day and this month, with limits",
      middleware: [requireRole("viewer")] as const,
      request: { query: z.object(RangeFields) },
      responses: {
        200: jsonOk(
          z.object({
            from: z.string(),
            to: z.string(),
            days: z.array(z.object({ day: z.string(), metric: z.string(), value: z.number() })),
            month: z.string(),
            monthTotals: Totals,
            limits: LimitsSchema,
            degraded: z.array(z.string()),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const auth = authOf(c);
      const range = resolveRange(c.req.valid("query"));
      const db = c.get("db");
      const [days, totals, limits] = await Promise.all([
        dailyUsage(c.env, auth.tenantId, range.from, range.to),
        monthTotals(c.env, auth.tenantId),
        getLimits(db, auth.tenantId),
      ]);
      const degraded = USAGE_METRICS.filter(
        (m) => !!limits[m] && totals[m] >= (limits[m] ?? Infinity),
      );
      return c.json(
        { ...range, days, month: utcMonth(Date.now()), monthTotals: totals, limits, degraded },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/limits",
      tags,
      summary: "Set monthly limits (audited)",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(LimitsSchema) },
      responses: { 200: jsonOk(z.object({ limits: LimitsSchema })), ...errorResponses },
    }),
    async (c) => {
      return c.json({ limits: await setLimits(c.get("db"), authOf(c), c.req.valid("json")) }, 200);
    },
  );
