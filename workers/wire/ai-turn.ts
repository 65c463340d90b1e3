/**
 * The AI turn as ConversationDO runs it: what the conversation gives the responder and what it commits.
 * The live responder (`createAiResponder` in `workers/services/ai-responder.ts`) reaches the object
 * through its dependencies (`workers/wiring.ts`).
 */
import type { Attachment, AuthorType } from "./socket";

/** Who served one task in a turn: the provider and model, whether a fallback happened, tokens and estimated cost. */
export interface RouteUse {
  task: "answer" | "translate" | "summarise" | "classify";
  provider: "workers-ai" | "openai-compatible" | "builtin";
  model: string;
  /** True when an earlier step of the chain failed (its error is in `failed`) or was skipped for the budget. */
  fallback: boolean;
  failed: { route: string; error: string }[];
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

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
  /** The AI agent that answered the conversation's last AI turn (since any hand-back), if any. */
  previousAgentId?: string | null;
  /** Aborted when an agent takes over, the shopper asks for a person, or the conversation ends. */
  signal: AbortSignal;
  onToken(token: string): void;
}

/** The AI agent that answered a turn, and why it was chosen. */
export interface AiTurnAgent {
  id: string;
  name: string;
  stage: string;
  reason: string;
}

export interface AiTurnResult {
  kind: AiTurnKind;
  text: string;
  /** The conversation's language by the shopper's recent messages (the answer's `language` may differ). */
  conversationLanguage?: string;
  /** The persona's name: shoppers and agents see it as the message's author. */
  author?: string;
  /** The stage agent that answered; absent when the workspace persona did. */
  agent?: AiTurnAgent;
  /** Set when another agent answered before: the conversation passed from it to `agent`. */
  handoffFrom?: { id: string; name: string };
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
  /** The team a handover is queued for ("sales" for a high-intent lead). */
  team?: string | null;
  /** Which provider and model served each task of the turn (answer last). */
  routes?: RouteUse[];
  /** The tenant's monthly budget was reached: paid models were skipped. */
  overBudget?: boolean;
}

export type AiResponder = (input: AiTurnInput) => Promise<AiTurnResult>;
