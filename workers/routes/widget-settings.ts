import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { inTenant } from "../db/client";
import { channels } from "../db/schema";
import { authOf, hasRole, requireRole } from "../middleware/auth";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { openCredentials } from "../services/channels";
import { getSection, putSection } from "../services/tenant-settings";
import { WidgetSettings } from "../wire/widget-settings";

const tags = ["Settings"];
const WidgetSettingsOut = WidgetSettings.extend({ identitySecret: z.string().nullable().optional() });

export const settingsRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/settings/widget",
      tags,
      summary: "Widget appearance (admins also get the identity-verification secret)",
      middleware: [requireRole("viewer")] as const,
      responses: { 200: jsonOk(z.object({ settings: WidgetSettingsOut })), ...errorResponses },
    }),
    async (c) => {
      const auth = authOf(c);
      const db = c.get("db");
      const settings = await getSection(db, auth.tenantId, "widget", WidgetSettings);
      if (!hasRole(auth.role, "admin")) return c.json({ settings }, 200);
      // The merchant's backend signs `identify()` hashes with this key; only admins ever see it.
      const widget = await db.query.channels.findFirst({ where: inTenant(channels, auth.tenantId, and(eq(channels.type, "widget"), eq(channels.status, "active"))) });
      const creds = widget ? await openCredentials(c.env, { ...widget, type: "widget" as const }) : null;
      return c.json({ settings: { ...settings, identitySecret: creds?.identitySecret ?? null } }, 200);
    },
  )
  .openapi(
    createRoute({ method: "put", path: "/settings/widget", tags, summary: "Set widget appearance", middleware: [requireRole("admin")] as const, request: { body: jsonBody(WidgetSettings) }, responses: { 200: jsonOk(z.object({ settings: WidgetSettings })), ...errorResponses } }),
    async (c) => {
      const value = c.req.valid("json");
      await putSection(c.get("db"), authOf(c), "widget", value);
      return c.json({ settings: value }, 200);
    },
  );
