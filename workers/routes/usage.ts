import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import {
  dailyUsage,
  getLimits,
  monthTotals,
  setLimits,
  USAGE_METRICS,
  utcMonth,
} from "../analytics/usage";
import { RangeFields, resolveRange } from "../wire/api-fields";
import { UsageLimits, UsageSchema } from "../wire/usage";
import { modelSpend } from "../services/ai-usage";

const tags = ["Usage"];

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
        200: jsonOk(UsageSchema),
        ...errorResponses,
      },
    }),
    async (c) => {
      const auth = authOf(c);
      const range = resolveRange(c.req.valid("query"));
      const db = c.get("db");
      const [days, totals, limits, models] = await Promise.all([
        dailyUsage(c.env, auth.tenantId, range.from, range.to),
        monthTotals(c.env, auth.tenantId),
        getLimits(db, auth.tenantId),
        modelSpend(c.env, db, auth.tenantId),
      ]);
      const degraded = USAGE_METRICS.filter(
        (m) => !!limits[m] && totals[m] >= (limits[m] ?? Infinity),
      );
      return c.json(
        {
          ...range,
          days,
          month: utcMonth(Date.now()),
          monthTotals: totals,
          limits,
          degraded,
          models,
        },
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
      request: { body: jsonBody(UsageLimits) },
      responses: { 200: jsonOk(z.object({ limits: UsageLimits })), ...errorResponses },
    }),
    async (c) => {
      return c.json({ limits: await setLimits(c.get("db"), authOf(c), c.req.valid("json")) }, 200);
    },
  );
