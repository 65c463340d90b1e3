/**
 * The conversation event the engine enqueues to JOBS_QUEUE (`kind: "conversation_event"`), parsed
 * here before ops uses it. `data` stays open: each consumer reads the fields it knows with zod.
 */
import { z } from "zod";

import { CONVERSATION_EVENT_TYPES, type ConversationEventType } from "../wire/queue";

// One list of event types: the engine's wire contract.
export { CONVERSATION_EVENT_TYPES, type ConversationEventType };

export const ConversationEvent = z.object({
  kind: z.literal("conversation_event"),
  /** Optional stable id from the producer; otherwise one is derived (see `eventKey`). */
  id: z.string().min(1).max(128).optional(),
  tenantId: z.string().min(1).max(64),
  conversationId: z.string().min(1).max(64),
  type: z.enum(CONVERSATION_EVENT_TYPES),
  at: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ConversationEvent = z.infer<typeof ConversationEvent>;

/** The fields of `data` ops reads; every one optional, unknown ones ignored. */
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

export function eventData(event: ConversationEvent): EventData {
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
export function eventKey(event: ConversationEvent): string {
  if (event.id) return event.id;
  const messageId = typeof event.data.messageId === "string" ? event.data.messageId : "";
  return `${event.type}:${event.conversationId}:${messageId || event.at}`;
}
