import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { writeSetting } from "../ops/settings";
import { dailyUsage, getLimits, monthTotals, USAGE_METRICS, UsageLimits, utcMonth } from "../ops/usage";
import { RangeFields, resolveRange } from "../ops/wire";
import { audit } from "../services/audit";

const tags = ["Usage"];
const Totals = z.object(Object.fromEntries(USAGE_METRICS.map((m) => [m, z.number()])) as Record<(typeof USAGE_METRICS)[number], z.ZodNumber>);
const LimitsSchema = UsageLimits.openapi("UsageLimits", { description: "Monthly limits per metric; null = unlimited. Past an AI limit replies degrade to the builtin engine." });

export const usageRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get", path: "/usage", tags, summary: "Usage per day and this month, with limits", middleware: [requireRole("viewer")] as const, request: { query: z.object(RangeFields) },
      responses: { 200: jsonOk(z.object({ from: z.string(), to: z.string(), days: z.array(z.object({ day: z.string(), metric: z.string(), value: z.number() })), month: z.string(), monthTotals: Totals, limits: LimitsSchema, degraded: z.array(z.string()) })), ...errorResponses },
    }),
    async (c) => {
      const auth = authOf(c);
      const range = resolveRange(c.req.valid("query"));
      const db = c.get("db");
      const [days, totals, limits] = await Promise.all([dailyUsage(db, auth.tenantId, range.from, range.to), monthTotals(db, auth.tenantId), getLimits(db, auth.tenantId)]);
      const degraded = USAGE_METRICS.filter((m) => !!limits[m] && totals[m] >= (limits[m] ?? Infinity));
      return c.json({ ...range, days, month: utcMonth(Date.now()), monthTotals: totals, limits, degraded }, 200);
    },
  )
  .openapi(
    createRoute({ method: "put", path: "/usage/limits", tags, summary: "Set monthly limits (audited)", middleware: [requireRole("admin")] as const, request: { body: jsonBody(LimitsSchema) }, responses: { 200: jsonOk(z.object({ limits: LimitsSchema })), ...errorResponses } }),
    async (c) => {
      const auth = authOf(c);
      const db = c.get("db");
      const before = await getLimits(db, auth.tenantId);
      const limits = c.req.valid("json");
      await writeSetting(db, auth.tenantId, "usageLimits", limits);
      await audit(db, auth.tenantId, auth, { action: "settings.usage_limits_changed", targetType: "tenant", targetId: auth.tenantId, data: { from: before, to: limits } });
      return c.json({ limits }, 200);
    },
  );
