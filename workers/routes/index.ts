import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { aiRoutes } from "./ai";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { channelRoutes } from "./channels";
import { mountDocs } from "./docs";
import { kbRoutes } from "./kb";
import { settingsRoutes } from "./settings";
import { teamRoutes } from "./team";

/** The one place routers are registered. */
export function mountRoutes(app: OpenAPIHono<AppEnv>): void {
  app.route("/api", authRoutes);
  app.route("/api", teamRoutes);
  app.route("/api", auditRoutes);
  app.route("/api", kbRoutes);
  app.route("/api", aiRoutes);
  app.route("/api", channelRoutes);
  app.route("/api", settingsRoutes);
  mountDocs(app);
}
