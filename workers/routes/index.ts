import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { conversationRoutes } from "./conversations";
import { mountDocs } from "./docs";
import { inboxRoutes } from "./inbox";
import { socketRoutes } from "./sockets";
import { teamRoutes } from "./team";
import { webhookRoutes } from "./webhooks";
import { widgetRoutes } from "./widget";

/** The one place routers are registered. */
export function mountRoutes(app: OpenAPIHono<AppEnv>): void {
  app.route("/api", authRoutes);
  app.route("/api", teamRoutes);
  app.route("/api", auditRoutes);
  app.route("/api", conversationRoutes);
  app.route("/api", inboxRoutes);
  app.route("/api", widgetRoutes);
  app.route("/", webhookRoutes);
  app.route("/", socketRoutes);
  mountDocs(app);
}
