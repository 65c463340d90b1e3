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
 * After a write under `TURN_CONFIG_PATHS`, drops the tenant's cached turn configuration
 * before the response leaves, so the merchant's next conversation turn already uses the change.
 */
export function turnConfigEdits(): MiddlewareHandler<AppEnv> {
  return async function turnConfigEdits(c, next) {
    await next();
    const auth = c.get("auth");
    // Also after a failure: a write may have landed before it, and a needless refill is one D1 read.
    if (c.req.method === "GET" || c.req.method === "HEAD" || !auth) return;
    await turnConfigChanged(c.env, auth.tenantId);
  };
}
