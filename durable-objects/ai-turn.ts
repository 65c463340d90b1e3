/**
 * SEAM — the AI turn as ConversationDO runs it. The real responder (`createAiResponder` in
 * `./ai-responder.ts`, built on `runAiTurn` from `workers/ai/agent.ts`) is installed by each
 * ConversationDO from its own env; `setAiResponder` overrides it in this isolate (tests inject
 * deterministic responders, or `handoverResponder` for engine tests that need every chat handed over).
 */
import type { Attachment, AuthorType } from "../workers/wire/socket";

export type AiTurnKind = "answer" | "offer_handover" | "handover" | "collect_contact";

export interface AiTurnInput {
  tenantId: string;
  conversationId: string;
  /** The contact the conversation is with (their language is stored after the turn). */
  contactId: string;
  /** The newest shopper message the turn answers. */
  message: string;
  /** Files sent with that message (voice notes, images), as stored in R2. */
  attachments: Attachment[];
  /** Earlier chat, oldest first, without notes or system lines; AI turns carry what they were. */
  history: { role: AuthorType; text: string; kind?: AiTurnKind }[];
  contact: { vip: boolean; language: string | null; country?: string | null };
  /** Aborted when an agent takes over, the shopper asks for a person, or the conversation ends. */
  signal: AbortSignal;
  onToken(token: string): void;
}

export interface AiTurnResult {
  kind: AiTurnKind;
  text: string;
  /** The conversation's language by the shopper's recent messages (the answer's `language` may differ). */
  conversationLanguage?: string;
  /** The persona's name: shoppers and agents see it as the message's author. */
  author?: string;
  language?: string;
  /** Set on answers: the shopper's language, and the cited entry's when it differs. */
  shopperLanguage?: string;
  entryLanguage?: string;
  citations?: string[];
  rule?: string | null;
  reason?: string;
  summary?: string;
  intent?: string;
  sentiment?: string;
  tags?: string[];
}

export type AiResponder = (input: AiTurnInput) => Promise<AiTurnResult>;

/** Brings in a person for every message: for engine tests about queues and routing. */
export const handoverResponder: AiResponder = async () => ({
  kind: "handover",
  text: "I'll get a person to help you.",
  reason: "ai_unavailable",
  rule: null,
});

let override: AiResponder | null = null;

/** Overrides the responder every ConversationDO in this isolate uses; `null` restores the real one. */
export function setAiResponder(responder: AiResponder | null): void {
  override = responder;
}

/** The injected responder, or null when the conversation should run the real AI turn. */
export function aiResponder(): AiResponder | null {
  return override;
}
