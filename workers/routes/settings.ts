import { createRoute } from "@hono/zod-openapi";
import { authOf, requireRole } from "../middleware/auth";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { getSection, putSection } from "../services/settings";
import { WidgetSettings } from "../wire/settings";

const tags = ["Settings"];

export const settingsRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/settings/widget", tags, summary: "Widget appearance", middleware: [requireRole("viewer")] as const, responses: { 200: jsonOk(WidgetSettings), ...errorResponses } }),
    async (c) => c.json(await getSection(c.get("db"), authOf(c).tenantId, "widget", WidgetSettings), 200),
  )
  .openapi(
    createRoute({ method: "put", path: "/settings/widget", tags, summary: "Set widget appearance", middleware: [requireRole("admin")] as const, request: { body: jsonBody(WidgetSettings) }, responses: { 200: jsonOk(WidgetSettings), ...errorResponses } }),
    async (c) => {
      const value = c.req.valid("json");
      await putSection(c.get("db"), authOf(c), "widget", value);
      return c.json(value, 200);
    },
  );
