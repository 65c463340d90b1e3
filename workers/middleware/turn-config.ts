import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { turnConfigChanged } from "../services/ai-turn-context";

/** Prefixes whose writes change what an AI turn reads: AI settings, stage agents, usage limits, knowledge. */
export const TURN_CONFIG_PATHS = [
  "/api/settings/ai/*",
  "/api/ai-agents/*",
  "/api/usage/*",
  "/api/kb/*",
  "/api/copilot/from-message",
] as const;

/**
 * After a successful write under `TURN_CONFIG_PATHS`, drops the tenant's cached turn configuration
 * before the response leaves, so the merchant's next conversation turn already uses the change.
 */
export function turnConfigEdits(): MiddlewareHandler<AppEnv> {
  return async function turnConfigEdits(c, next) {
    await next();
    const auth = c.get("auth");
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.res.status >= 400 || !auth) return;
    await turnConfigChanged(c.env, auth.tenantId);
  };
}
