/**
 * SEAM — the AI turn as ConversationDO runs it. The lead wires the real responder (`runAiTurn` from
 * `workers/ai/agent.ts`) with `setAiResponder(runAiTurn)` at the Worker entry; until then the default
 * below is honest: it answers nothing itself and hands the shopper to a person.
 */
import type { AuthorType } from "../workers/wire/socket";

export interface AiTurnInput {
  tenantId: string;
  conversationId: string;
  /** The newest shopper message the turn answers. */
  message: string;
  /** Earlier chat, oldest first, without notes or system lines. */
  history: { role: AuthorType; text: string }[];
  contact: { vip: boolean; language: string | null };
  /** Aborted when an agent takes over, the shopper asks for a person, or the conversation ends. */
  signal: AbortSignal;
  onToken(token: string): void;
}

export interface AiTurnResult {
  kind: "answer" | "offer_handover" | "handover" | "collect_contact";
  text: string;
  language?: string;
  citations?: string[];
  rule?: string | null;
  reason?: string;
  summary?: string;
  intent?: string;
  sentiment?: string;
  tags?: string[];
}

export type AiResponder = (input: AiTurnInput) => Promise<AiTurnResult>;

/** Without an AI module the only honest move is to bring in a person. */
export const handoverResponder: AiResponder = async () => ({
  kind: "handover",
  text: "I'll get a person to help you.",
  reason: "ai_unavailable",
  rule: null,
});

let current: AiResponder = handoverResponder;

/** Installs the responder every ConversationDO in this isolate uses (the Worker entry; tests). */
export function setAiResponder(responder: AiResponder | null): void {
  current = responder ?? handoverResponder;
}

export function aiResponder(): AiResponder {
  return current;
}
