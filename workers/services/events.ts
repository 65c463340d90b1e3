/**
 * Conversation events on the jobs queue: emitted by ConversationDO, consumed by analytics, workflows and
 * outgoing webhooks. The object writes them to its outbox in the same step as the change and sends them
 * itself, so an event is never lost (it may be emitted twice after a crash: `eventKey` lets consumers dedupe).
 */
import { z } from "zod";
import {
  CONVERSATION_EVENT_TYPES,
  conversationEventJob,
  type ConversationEvent,
  type ConversationEventJob,
} from "../wire/queue";

export async function emitConversationEvent(
  env: Pick<Env, "JOBS_QUEUE">,
  event: ConversationEvent | ConversationEventJob,
): Promise<void> {
  await env.JOBS_QUEUE.send("kind" in event ? event : conversationEventJob(event), {
    contentType: "json",
  });
}

/**
 * A conversation event as the jobs queue delivers it (`kind: "conversation_event"`), parsed before
 * analytics, workflows or outgoing webhooks use it. Looser than the producer's `ConversationEventJob`:
 * `id` may be missing (see `eventKey`) and `data` stays open, each consumer reading the fields it knows.
 */
export const QueuedConversationEvent = z.object({
  kind: z.literal("conversation_event"),
  /** Optional stable id from the producer; otherwise one is derived (see `eventKey`). */
  id: z.string().min(1).max(128).optional(),
  tenantId: z.string().min(1).max(64),
  conversationId: z.string().min(1).max(64),
  type: z.enum(CONVERSATION_EVENT_TYPES),
  at: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type QueuedConversationEvent = z.infer<typeof QueuedConversationEvent>;

/** The fields of `data` the consumers read; every one optional, unknown ones ignored. */
export const EventData = z.object({
  messageId: z.string().optional(),
  /** message.created: who wrote it. */
  authorType: z.enum(["shopper", "ai", "agent", "system"]).optional(),
  kind: z.string().optional(),
  text: z.string().optional(),
  language: z.string().optional(),
  intent: z.string().optional(),
  /** ISO country of the shopper's edge request (`request.cf.country`). */
  country: z.string().optional(),
  tag: z.string().optional(),
  tags: z.array(z.string()).optional(),
  reason: z.string().optional(),
  assigneeId: z.string().nullable().optional(),
  score: z.number().optional(),
  comment: z.string().optional(),
  /** conversation.resolved: who resolved, and whether the shopper confirmed the answer helped. */
  by: z.string().optional(),
  confirmed: z.boolean().optional(),
});
export type EventData = z.infer<typeof EventData>;

export function eventData(event: QueuedConversationEvent): EventData {
  const parsed = EventData.safeParse(event.data);
  if (parsed.success) return parsed.data;
  // A malformed field should not hide the others: keep what parses one key at a time.
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(EventData.shape)) {
    const r = schema.safeParse(event.data[key]);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out as EventData;
}

/** A key that is the same each time the queue redelivers one event, so every effect happens once. */
export function eventKey(event: QueuedConversationEvent): string {
  if (event.id) return event.id;
  const messageId = typeof event.data.messageId === "string" ? event.data.messageId : "";
  return `${event.type}:${event.conversationId}:${messageId || event.at}`;
}
