import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { aiRoutes } from "./ai";
import { accountSecurityRoutes } from "./account-security";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { cannedRoutes } from "./canned";
import { copilotRoutes } from "./copilot";
import { channelRoutes } from "./channels";
import { mountDocs } from "./docs";
import { kbRoutes } from "./kb";
import { mediaRoutes } from "./media";
import { settingsRoutes } from "./settings";
import { teamRoutes } from "./team";
import { analyticsRoutes } from "./analytics";
import { broadcastRoutes } from "./broadcasts";
import { contactRoutes } from "./contacts";
import { exportRoutes } from "./export";
import { retentionRoutes } from "./settings-retention";
import { usageRoutes } from "./usage";
import { webhookEndpointRoutes } from "./webhook-endpoints";
import { workflowRoutes } from "./workflows";
import { conversationRoutes } from "./conversations";
import { inboxRoutes } from "./inbox";
import { socketRoutes } from "./sockets";
import { webhookRoutes } from "./webhooks";
import { widgetRoutes } from "./widget";
import { demoRoutes } from "./demo";

/** The one place routers are registered. */
export function mountRoutes(app: OpenAPIHono<AppEnv>): void {
  app.route("/api", authRoutes);
  app.route("/api", accountSecurityRoutes);
  app.route("/api", teamRoutes);
  app.route("/api", auditRoutes);
  app.route("/api", kbRoutes);
  app.route("/api", aiRoutes);
  app.route("/api", copilotRoutes);
  app.route("/api", cannedRoutes);
  app.route("/api", channelRoutes);
  app.route("/api", settingsRoutes);
  // Operations (ops branch)
  app.route("/api", analyticsRoutes);
  app.route("/api", workflowRoutes);
  app.route("/api", broadcastRoutes);
  app.route("/api", exportRoutes);
  app.route("/api", contactRoutes);
  app.route("/api", webhookEndpointRoutes);
  app.route("/api", usageRoutes);
  app.route("/api", retentionRoutes);
  app.route("/api", conversationRoutes);
  app.route("/api", inboxRoutes);
  app.route("/api", widgetRoutes);
  app.route("/", webhookRoutes);
  app.route("/", socketRoutes);
  app.route("/", mediaRoutes);
  app.route("/", demoRoutes);
  mountDocs(app);
}
