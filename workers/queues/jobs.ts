/**
 * Jobs consumer: a dispatcher only. Ops registers handlers per `kind` (conversation events →
 * analytics, workflows, outgoing webhooks; imports; broadcasts). Kinds without a handler are acked
 * and logged — an unknown job must never put the queue into a retry loop.
 */
import { getDb } from "../db/client";
import { log } from "../lib/log";
import { deadLetter } from "../services/dead-letters";
import { JobEnvelope, QUEUES } from "../wire/queue";
import { backoffSeconds } from "./inbound";

export type JobHandler = (body: Record<string, unknown>, env: Env) => Promise<void>;

const handlers = new Map<string, JobHandler>();
/** Kinds already reported as unhandled in this isolate (one log line each, not one per job). */
const reported = new Set<string>();

/** SEAM for ops: `registerJobHandler("conversation_event", handle)` at the Worker entry. */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export async function handleJobs(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const parsed = JobEnvelope.safeParse(msg.body);
    if (!parsed.success) {
      await deadLetter(getDb(env.DB), { messageId: msg.id, queue: QUEUES.jobs, body: msg.body, error: "job without a kind", attempts: msg.attempts });
      msg.ack();
      continue;
    }
    const handler = handlers.get(parsed.data.kind);
    if (!handler) {
      if (!reported.has(parsed.data.kind)) log("info", "job kind has no handler; acking", { kind: parsed.data.kind });
      reported.add(parsed.data.kind);
      msg.ack();
      continue;
    }
    try {
      await handler(parsed.data, env);
      msg.ack();
    } catch (err) {
      log("warn", "job failed; retrying", { kind: parsed.data.kind, attempts: msg.attempts, error: String(err) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
    }
  }
}
