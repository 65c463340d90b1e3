import { log } from "../lib/log";
import { QUEUES } from "../wire/queue";
import { handleDeadLetters } from "./dlq";
import { handleInbound } from "./inbound";
import { handleJobs } from "./jobs";
import { handleOutbound } from "./outbound";

const consumers: Record<string, (batch: MessageBatch<unknown>, env: Env) => Promise<void>> = {
  [QUEUES.inbound]: handleInbound,
  [QUEUES.outbound]: handleOutbound,
  [QUEUES.jobs]: handleJobs,
  [QUEUES.dlq]: handleDeadLetters,
};

/** The Worker's `queue()` handler: one consumer per queue, chosen by `batch.queue`. */
export async function dispatchQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const consumer = consumers[batch.queue];
  if (consumer) return consumer(batch, env);
  log("error", "batch from an unknown queue; retrying later", {
    queue: batch.queue,
    size: batch.messages.length,
  });
  batch.retryAll({ delaySeconds: 60 });
}
