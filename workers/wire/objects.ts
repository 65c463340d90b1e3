/**
 * What the Durable Objects and the rest of the Worker exchange: the facts that create a conversation,
 * RPC results, the inbox's queue operations and the conversation outbox's items. Services and routes
 * import these (and the typed stubs in `durable-objects/rpc.ts`), never an object's internals.
 */
import type { ChannelType } from "../db/schema";
import type { ErrorCode } from "../lib/errors";
import type { ConversationState } from "./socket";
import type { ConversationEventJob, NormalizedEvent, OutboundMessage } from "./queue";

/** An RPC answer: expected failures are values (RPC drops custom error fields); bugs throw. */
export type DoResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };
export const fail = (
  code: ErrorCode,
  message: string,
): { ok: false; code: ErrorCode; message: string } => ({ ok: false, code, message });

/** Who the conversation is with and where; given by whoever creates the conversation. */
export interface ConversationMeta {
  conversationId: string;
  tenantId: string;
  channelId: string;
  channelType: ChannelType;
  contactId: string;
  contactName: string | null;
  /** The contact's id on the channel: where outbound replies go. */
  externalUserId: string;
  contactVip: boolean;
  contactLanguage: string | null;
  /** ISO country, when known (phone number, widget edge location); absent in states written before it existed. */
  contactCountry?: string | null;
}

export interface HandoverInfo {
  reason: string;
  rule: string | null;
  summary: string | null;
  intent: string | null;
  sentiment: string | null;
  /** The team whose members take it ("sales" for a high-intent lead); absent: anyone's queue. */
  team?: string | null;
}

/** Who acts on a conversation: REST and socket callers, automations, the AI. */
export interface Actor {
  type: "agent" | "system" | "shopper" | "ai";
  id: string | null;
  name: string | null;
}

/** What applying one channel event did. */
export interface IngestResult {
  seq: number | null;
  duplicate: boolean;
  applied: NormalizedEvent["kind"];
}

export interface Transition {
  from: string;
  to: string;
  reason: string;
  actorType: string;
  actorId: string | null;
  at: number;
}

export interface Participant {
  type: string;
  id: string | null;
  name: string | null;
  lastReadSeq: number;
}

export interface ConversationSnapshot {
  state: ConversationState;
  handover: HandoverInfo | null;
  lastSeq: number;
  transitions: Transition[];
  participants: Participant[];
}

/** The tenant inbox's queue bookkeeping, sent by a conversation in the order its changes happened. */
export type InboxOp =
  | {
      op: "enqueue";
      conversationId: string;
      language: string | null;
      channelType: string;
      since: number;
      /** Only this team's members (by team name or skill) take it. */
      team?: string | null;
    }
  | {
      op: "claim";
      conversationId: string;
      agentId: string;
      since: number;
      /** Why (takeover, assigned, agent_replied, reopened…): the assignee's console announces it. */
      reason: string;
    }
  | { op: "release"; conversationId: string };

/** An effect a conversation records with its change and delivers after: an ops event, a reply, an inbox op. */
export type OutboxItem =
  | { t: "job"; job: ConversationEventJob }
  | { t: "send"; msg: OutboundMessage }
  | { t: "inbox"; tenantId: string; inbox: InboxOp };
