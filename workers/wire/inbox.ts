/**
 * The console socket protocol (`/ws/inbox`, session cookie → InboxDO, one per tenant): agent presence,
 * the waiting queue, assignments and live conversation-list updates. Client frames are parsed with
 * these schemas before use. A console sends `heartbeat` at least every HEARTBEAT_MS; an agent whose
 * consoles are all gone for PRESENCE_GRACE_MS is offline and their conversations are reassigned.
 */
import { z } from "zod";
import { CONVERSATION_STATUSES } from "../db/schema";

export const HEARTBEAT_MS = 25_000;
export const PRESENCE_GRACE_MS = 30_000;
/** A socket or API client silent this long counts as gone. */
export const PRESENCE_TIMEOUT_MS = 90_000;

export const PresenceStatus = z.enum(["online", "away", "offline"]);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

export const InboxClientFrame = z.discriminatedUnion("type", [
  z.object({ type: z.literal("presence"), status: PresenceStatus }),
  z.object({ type: z.literal("heartbeat") }),
  z.object({ type: z.literal("ping") }),
]);
export type InboxClientFrame = z.infer<typeof InboxClientFrame>;

export interface AgentPresence {
  id: string;
  name: string;
  status: PresenceStatus;
  capacity: number;
  active: number;
}

export interface QueueEntry {
  conversationId: string;
  position: number;
  since: number;
  language: string | null;
  channelType: string;
}

/** What changed in a conversation, for the console's list (the full row is at GET /api/conversations/:id). */
export const ConversationUpdate = z.object({
  id: z.string(),
  status: z.enum(CONVERSATION_STATUSES),
  channelType: z.string(),
  assigneeId: z.string().nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  lastMessageText: z.string().nullable(),
  lastMessageAt: z.number().nullable(),
  unread: z.number().int(),
  queuePosition: z.number().int().nullable(),
});
export type ConversationUpdate = z.infer<typeof ConversationUpdate>;

export type InboxServerFrame =
  | {
      type: "ready";
      me: AgentPresence | null;
      agents: AgentPresence[];
      queue: QueueEntry[];
      total: number;
    }
  | { type: "presence"; agent: AgentPresence }
  /** The first 200 waiting conversations in order, and how many wait in all. */
  | { type: "queue"; queue: QueueEntry[]; total: number }
  | { type: "assigned"; conversationId: string; agentId: string | null; reason: string }
  | { type: "conversation"; conversation: ConversationUpdate }
  | { type: "error"; code: string; message: string }
  | { type: "pong" };
