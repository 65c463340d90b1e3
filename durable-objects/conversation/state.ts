import type { ConversationStatus } from "../../workers/db/schema";
import type { ConversationMeta, HandoverInfo } from "../../workers/wire/objects";

/** Everything the D1 index and the `state` frames are derived from; stored as one row. */
export interface ConvState extends ConversationMeta {
  status: ConversationStatus;
  assigneeId: string | null;
  assigneeName: string | null;
  language: string | null;
  tags: string[];
  queuePosition: number | null;
  lastMessageText: string | null;
  lastMessageAt: number | null;
  lastInboundAt: number | null;
  messageCount: number;
  inboundCount: number;
  firstInboundAt: number | null;
  firstAiResponseAt: number | null;
  firstHumanResponseAt: number | null;
  handoverAt: number | null;
  handover: HandoverInfo | null;
  humanMessageCount: number;
  resolvedAt: number | null;
  reopenCount: number;
  /** The latest rating and the resolution (its `resolvedAt`) it rated; it outlives a reopen. */
  rating: { score: number; comment: string | null; resolvedAt?: number | null } | null;
  unread: number;
  /** Bumped whenever the AI must fall silent: an AI turn started under another value is discarded. */
  aiGen: number;
  /** Seq of the newest shopper message the AI still owes an answer to, and the newest it answered. */
  aiPendingSeq: number;
  aiAnsweredSeq: number;
  createdAt: number;
}

export function initialState(meta: ConversationMeta, now: number): ConvState {
  return {
    ...meta,
    status: "bot",
    assigneeId: null,
    assigneeName: null,
    language: meta.contactLanguage,
    tags: [],
    queuePosition: null,
    lastMessageText: null,
    lastMessageAt: null,
    lastInboundAt: null,
    messageCount: 0,
    inboundCount: 0,
    firstInboundAt: null,
    firstAiResponseAt: null,
    firstHumanResponseAt: null,
    handoverAt: null,
    handover: null,
    humanMessageCount: 0,
    resolvedAt: null,
    reopenCount: 0,
    rating: null,
    unread: 0,
    aiGen: 0,
    aiPendingSeq: 0,
    aiAnsweredSeq: 0,
    createdAt: now,
  };
}

/** Which status changes the engine allows; anything else is an INVALID_STATE answer. */
const ALLOWED: Record<ConversationStatus, ConversationStatus[]> = {
  bot: ["waiting", "assigned", "resolved"],
  waiting: ["assigned", "bot", "resolved"],
  assigned: ["waiting", "bot", "resolved", "assigned"],
  resolved: ["bot", "waiting", "assigned"],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return ALLOWED[from].includes(to);
}
