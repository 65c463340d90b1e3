import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { getRetention, RetentionSettings, setRetention } from "../privacy/retention";

const tags = ["Settings"];
const Schema = RetentionSettings.openapi("RetentionSettings", {
  description:
    "Days to keep each kind of data; null keeps it forever. Applied every 5 minutes by the cron; every deletion is audited.",
});
const Out = z.object({
  retention: z.object({
    conversationsDays: z.number().nullable(),
    unansweredQuestionsDays: z.number().nullable(),
    webhookDeliveriesDays: z.number(),
    workflowRunsDays: z.number(),
  }),
});

export const retentionRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "Retention settings",
      middleware: [requireRole("admin")] as const,
      responses: { 200: jsonOk(Out), ...errorResponses },
    }),
    async (c) => c.json({ retention: await getRetention(c.get("db"), authOf(c).tenantId) }, 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/",
      tags,
      summary: "Replace retention settings (audited)",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(Schema) },
      responses: { 200: jsonOk(Out), ...errorResponses },
    }),
    async (c) =>
      c.json({ retention: await setRetention(c.get("db"), authOf(c), c.req.valid("json")) }, 200),
  );
