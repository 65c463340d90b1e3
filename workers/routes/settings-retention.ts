import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { getRetention, setRetention } from "../privacy/retention";
import { RetentionSettings } from "../wire/retention";

const tags = ["Settings"];
const Out = z.object({ retention: RetentionSettings });

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
      request: { body: jsonBody(RetentionSettings) },
      responses: { 200: jsonOk(Out), ...errorResponses },
    }),
    async (c) =>
      c.json({ retention: await setRetention(c.get("db"), authOf(c), c.req.valid("json")) }, 200),
  );
