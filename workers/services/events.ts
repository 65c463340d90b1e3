/**
 * Conversation events for ops (analytics, workflows, outgoing webhooks), carried on the jobs queue.
 * ConversationDO writes them to its outbox in the same step as the change, then emits them here, so an
 * event is never lost (it may be emitted twice after a crash: `id` lets consumers dedupe).
 */
import { newId } from "../lib/ids";
import type { ConversationEventJob, ConversationEventType } from "../wire/queue";

export interface ConversationEvent {
  tenantId: string;
  conversationId: string;
  type: ConversationEventType;
  data: Record<string, unknown>;
  at?: number;
}

export function conversationEventJob(e: ConversationEvent): ConversationEventJob {
  return { kind: "conversation_event", id: newId("evt"), tenantId: e.tenantId, conversationId: e.conversationId, type: e.type, at: e.at ?? Date.now(), data: e.data };
}

export async function emitConversationEvent(env: Pick<Env, "JOBS_QUEUE">, event: ConversationEvent | ConversationEventJob): Promise<void> {
  await env.JOBS_QUEUE.send("kind" in event ? event : conversationEventJob(event), { contentType: "json" });
}

/** One queue call for many events (the DO's outbox flush). */
export async function emitConversationEvents(env: Pick<Env, "JOBS_QUEUE">, jobs: ConversationEventJob[]): Promise<void> {
  if (jobs.length) await env.JOBS_QUEUE.sendBatch(jobs.map((body) => ({ body, contentType: "json" as const })));
}
