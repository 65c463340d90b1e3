/**
 * Outbound consumer: replies on non-widget channels go to the channel adapter. The message's
 * `delivery` records the outcome; a retryable failure is retried with backoff until the attempts run
 * out, then the message is marked failed and dead-lettered for an admin to replay.
 */
import { getAdapter } from "../channels/registry";
import { getDb } from "../db/client";
import { log } from "../lib/log";
import { loadChannel } from "../services/channel-lookup";
import { conversationStub } from "../services/conversations";
import { bindRefs } from "../services/routing";
import { deadLetter } from "../services/dead-letters";
import { OutboundMessage, QUEUES } from "../wire/queue";
import { backoffSeconds } from "./inbound";

/** Matches max_retries for edgedesk-outbound in wrangler.toml. */
export const OUTBOUND_ATTEMPTS = 8;

export async function handleOutbound(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  for (const msg of batch.messages) {
    const parsed = OutboundMessage.safeParse(msg.body);
    if (!parsed.success) {
      await deadLetter(db, { messageId: msg.id, queue: QUEUES.outbound, body: msg.body, error: "malformed outbound message", attempts: msg.attempts });
      msg.ack();
      continue;
    }
    const out = parsed.data;
    const conv = conversationStub(env, out.conversationId);
    const fail = async (error: string) => {
      await conv.recordDelivery(out.messageId, "failed", null, error);
      msg.ack();
    };
    try {
      // A retry after a send that went through (but whose ack was lost) must not send twice.
      const current = await conv.message(out.messageId);
      const status = current.ok ? (current.value.delivery?.status ?? "pending") : null;
      if (status !== "pending" && status !== "failed") {
        msg.ack();
        continue;
      }
      const channel = await loadChannel(db, env, out.channelId);
      if (!channel || channel.tenantId !== out.tenantId || channel.status !== "active") {
        await fail("The channel is disconnected or disabled.");
        continue;
      }
      const adapter = getAdapter(out.channelType);
      if (!adapter.send) {
        await fail(`${out.channelType} replies are not sent through the outbound queue.`);
        continue;
      }
      const res = await adapter.send(out, channel);
      if (res.ok) {
        await bindRefs(db, out, [res.externalMessageId], out.conversationId, []);
        await conv.recordDelivery(out.messageId, "sent", res.externalMessageId, null);
        msg.ack();
      } else if (res.retryable && msg.attempts < OUTBOUND_ATTEMPTS) {
        msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
      } else {
        await fail(res.error);
        if (res.retryable) await deadLetter(db, { messageId: msg.id, queue: QUEUES.outbound, body: msg.body, error: res.error, attempts: msg.attempts });
      }
    } catch (err) {
      log("warn", "outbound failed; retrying", { messageId: out.messageId, attempts: msg.attempts, error: String(err) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
    }
  }
}
