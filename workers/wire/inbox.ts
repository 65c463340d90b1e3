/**
 * The console socket protocol (`/ws/inbox`, session cookie → InboxDO, one per tenant): agent presence,
 * the waiting queue, assignments and live conversation-list updates. Client frames are parsed with
 * these schemas before use. A console sends `heartbeat` at least every HEARTBEAT_MS; an agent whose
 * consoles are all gone for PRESENCE_GRACE_MS is offline and their conversations are reassigned.
 */
import { z } from "zod";
import { ConversationState } from "./socket";

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

export const AgentPresence = z.object({
  id: z.string(),
  name: z.string(),
  status: PresenceStatus,
  capacity: z.number(),
  active: z.number(),
});
export type AgentPresence = z.infer<typeof AgentPresence>;

/** The team high-intent leads are queued for: a team of this name, or agents with this skill. */
export const SALES_TEAM = "sales";

export const QueueEntry = z.object({
  conversationId: z.string(),
  position: z.number(),
  since: z.number(),
  language: z.string().nullable(),
  channelType: z.string(),
  /** The team it waits for ("sales"), null for anyone. */
  team: z.string().nullable(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

/** What changed in a conversation, for the console's list (the full row is at GET /api/conversations/:id). */
export const ConversationUpdate = z.object({
  id: z.string(),
  status: ConversationState.shape.status,
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

/** Frames the inbox sends; the console parses them with this before use. */
export const InboxServerFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("ready"),
    me: AgentPresence.nullable(),
    agents: z.array(AgentPresence),
    queue: z.array(QueueEntry),
    total: z.number(),
  }),
  z.object({ type: z.literal("presence"), agent: AgentPresence }),
  /** The first 200 waiting conversations in order, and how many wait in all. */
  z.object({ type: z.literal("queue"), queue: z.array(QueueEntry), total: z.number() }),
  z.object({
    type: z.literal("assigned"),
    conversationId: z.string(),
    agentId: z.string().nullable(),
    reason: z.string(),
  }),
  z.object({ type: z.literal("conversation"), conversation: ConversationUpdate }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
  z.object({ type: z.literal("pong") }),
]);
export type InboxServerFrame = z.infer<typeof InboxServerFrame>;
