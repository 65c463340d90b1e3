import { createRoute, z } from "@hono/zod-openapi";
import { authOf, requireRole } from "../middleware/auth";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { putSection } from "../services/tenant-settings";
import { widgetAppearance } from "../services/widget-appearance";
import { WidgetSettings, WidgetSettingsStored } from "../wire/widget-settings";

const tags = ["Settings"];
const WidgetSettingsOut = WidgetSettingsStored.extend({
  identitySecret: z.string().nullable().optional(),
});

export const settingsRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "Widget appearance (admins also get the identity-verification secret)",
      middleware: [requireRole("viewer")] as const,
      responses: { 200: jsonOk(z.object({ settings: WidgetSettingsOut })), ...errorResponses },
    }),
    async (c) => {
      return c.json({ settings: await widgetAppearance(c.env, c.get("db"), authOf(c)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/",
      tags,
      summary: "Set widget appearance",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(WidgetSettings) },
      responses: { 200: jsonOk(z.object({ settings: WidgetSettings })), ...errorResponses },
    }),
    async (c) => {
      const value = c.req.valid("json");
      await putSection(c.get("db"), authOf(c), "widget", value);
      return c.json({ settings: value }, 200);
    },
  );
