/**
 * Conversation events for ops (analytics, workflows, outgoing webhooks), carried on the jobs queue.
 * ConversationDO writes them to its outbox in the same step as the change and sends them itself, so an
 * event is never lost (it may be emitted twice after a crash: `id` lets consumers dedupe).
 */
import { conversationEventJob, type ConversationEvent, type ConversationEventJob } from "../wire/queue";

export async function emitConversationEvent(env: Pick<Env, "JOBS_QUEUE">, event: ConversationEvent | ConversationEventJob): Promise<void> {
  await env.JOBS_QUEUE.send("kind" in event ? event : conversationEventJob(event), { contentType: "json" });
}
