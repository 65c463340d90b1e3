import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { aiAgentRoutes } from "./ai-agents";
import { aiRoutes, aiSettingsRoutes, kbSearchRoutes, polishRoutes, translateRoutes } from "./ai";
import { accountSecurityRoutes, devOutboxRoutes } from "./account-security";
import { auditRoutes } from "./audit";
import { authRoutes, inviteAcceptRoutes, meRoutes } from "./auth";
import { cannedRoutes } from "./canned";
import { copilotRoutes, kbFromMessageRoutes } from "./copilot";
import { channelRoutes } from "./channels";
import { mountDocs } from "./docs";
import { kbRoutes } from "./kb";
import { mediaRoutes } from "./media";
import { settingsRoutes } from "./widget-settings";
import { apiKeyRoutes, inviteRoutes, userRoutes } from "./team";
import { analyticsRoutes } from "./analytics";
import { broadcastRoutes } from "./broadcasts";
import { contactRoutes } from "./contacts";
import { exportRoutes } from "./export";
import { retentionRoutes } from "./settings-retention";
import { usageRoutes } from "./usage";
import { webhookEndpointRoutes } from "./webhook-endpoints";
import { workflowRoutes, workflowRunRoutes } from "./workflows";
import { conversationRoutes, reindexRoutes } from "./conversations";
import { deadLetterRoutes, presenceRoutes } from "./inbox";
import { socketRoutes } from "./sockets";
import { contactOrderRoutes, storeActionRoutes } from "./store-actions";
import { leadRoutes } from "./leads";
import { storeRoutes, storeWebhookRoutes } from "./stores";
import { webhookRoutes } from "./webhooks";
import { widgetRoutes } from "./widget";
import { demoRoutes } from "./demo";
import { pageRoutes } from "./pages";

/**
 * The one place routers are registered, each on its own prefix with paths relative to it. Order matters
 * only where two routers share a prefix (the first match answers).
 */
export function mountRoutes(app: OpenAPIHono<AppEnv>): void {
  app.route("/api/auth", authRoutes);
  app.route("/api/me", meRoutes);
  app.route("/api/invites", inviteAcceptRoutes);
  app.route("/api/auth", accountSecurityRoutes);
  app.route("/api/dev", devOutboxRoutes);
  app.route("/api/users", userRoutes);
  app.route("/api/invites", inviteRoutes);
  app.route("/api/api-keys", apiKeyRoutes);
  app.route("/api/audit", auditRoutes);
  app.route("/api/kb", kbRoutes);
  app.route("/api/settings/ai", aiSettingsRoutes);
  app.route("/api/ai", aiRoutes);
  app.route("/api/ai-agents", aiAgentRoutes);
  app.route("/api/kb", kbSearchRoutes);
  app.route("/api/copilot", polishRoutes);
  app.route("/api/translate", translateRoutes);
  app.route("/api/copilot", copilotRoutes);
  app.route("/api/kb", kbFromMessageRoutes);
  app.route("/api/canned-replies", cannedRoutes);
  app.route("/api/channels", channelRoutes);
  app.route("/api/settings/widget", settingsRoutes);
  app.route("/api/analytics", analyticsRoutes);
  app.route("/api/workflows", workflowRoutes);
  app.route("/api/workflow-runs", workflowRunRoutes);
  app.route("/api/broadcasts", broadcastRoutes);
  app.route("/api/export", exportRoutes);
  app.route("/api/contacts", contactRoutes);
  app.route("/api/webhook-endpoints", webhookEndpointRoutes);
  app.route("/api/usage", usageRoutes);
  app.route("/api/settings/retention", retentionRoutes);
  app.route("/api/search", reindexRoutes);
  app.route("/api/conversations", conversationRoutes);
  app.route("/api/presence", presenceRoutes);
  app.route("/api/dead-letters", deadLetterRoutes);
  app.route("/api/widget", widgetRoutes);
  app.route("/api/stores", storeRoutes);
  app.route("/api/contacts", contactOrderRoutes);
  app.route("/api/conversations", storeActionRoutes);
  app.route("/api/leads", leadRoutes);
  app.route("/webhooks/stores", storeWebhookRoutes);
  app.route("/webhooks", webhookRoutes);
  app.route("/ws", socketRoutes);
  app.route("/media", mediaRoutes);
  // The demo shop's page is `/demo/` (with the slash) and the web apps' pages sit at the root.
  app.route("/", demoRoutes);
  app.route("/", pageRoutes);
  mountDocs(app);
}
