import { turnConfigChanged } from "../services/ai-turn-context";
import { afterTenantWrite } from "./after-write";

/** Prefixes whose writes change what an AI turn reads: AI settings, stage agents, usage limits, knowledge. */
export const TURN_CONFIG_PATHS = [
  "/api/settings/ai/*",
  "/api/ai-agents/*",
  "/api/usage/*",
  "/api/kb/*",
  "/api/copilot/from-message",
] as const;

/** Drops the tenant's cached turn configuration, so the merchant's next conversation turn uses the change. */
export const turnConfigEdits = () => afterTenantWrite(turnConfigChanged);
