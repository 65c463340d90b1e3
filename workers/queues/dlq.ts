/** Dead-letter queue consumer: messages that exhausted their retries become rows admins can replay. */
import { getDb } from "../db/client";
import { deadLetter, originQueue } from "../services/dead-letters";
import { MAX_RETRIES, QUEUES } from "../wire/queue";

export async function handleDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  for (const msg of batch.messages) {
    const queue = originQueue(msg.body);
    // The DLQ's own attempt count restarts at 1; the origin queue delivered it 1 + max_retries times.
    const attempts = queue === QUEUES.dlq ? msg.attempts : MAX_RETRIES[queue] + 1;
    await deadLetter(db, {
      messageId: msg.id,
      queue,
      body: msg.body,
      error: `retries exhausted after ${attempts} attempt(s) on ${queue}`,
      attempts,
    });
    msg.ack();
  }
}
