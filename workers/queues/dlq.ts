/** Dead-letter queue consumer: messages that exhausted their retries become rows admins can replay. */
import { getDb } from "../db/client";
import { deadLetter, originQueue } from "../services/dead-letters";

export async function handleDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  for (const msg of batch.messages) {
    await deadLetter(db, { messageId: msg.id, queue: originQueue(msg.body), body: msg.body, error: `retries exhausted after ${msg.attempts} attempt(s)`, attempts: msg.attempts });
    msg.ack();
  }
}
