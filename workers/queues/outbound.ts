/**
 * Outbound consumer: replies on non-widget channels go to the channel adapter. The message's
 * `delivery` records the outcome; a retryable failure is retried with backoff until the attempts run
 * out, then the message is marked failed and dead-lettered for an admin to replay.
 */
import type { ChannelAdapter } from "../channels/adapter";
import { sendReply, type SendResult } from "../channels/connection";
import { createCloudflareMailer } from "../channels/email";
import { mediaPrefix, presentAttachments } from "../channels/media-url";
import { getDb, type Db } from "../db/client";
import { log } from "../lib/log";
import { loadChannel, type ChannelRecord } from "../services/channel-lookup";
import { ownMediaFetch } from "../services/own-media";
import { recordThreadMessage, replyThreading } from "../services/email-threads";
import { conversationStub } from "../services/conversations";
import { adapterFor } from "../channels/registry";
import { bindRefs } from "../services/routing";
import { deadLetter } from "../services/dead-letters";
import { OutboundMessage, QUEUES } from "../wire/queue";
import { backoffSeconds } from "./inbound";

/** Matches max_retries for edgedesk-outbound in wrangler.toml. */
export const OUTBOUND_ATTEMPTS = 8;

/** Exponential backoff, never shorter than the platform asked for (queues take whole seconds, at most 12 h). */
export function retryDelaySeconds(attempts: number, retryAfterMs?: number): number {
  return Math.min(
    Math.max(backoffSeconds(attempts), Math.ceil((retryAfterMs ?? 0) / 1000)),
    43_200,
  );
}

/** Threaded channels' replies (email) go through the send_email binding, threaded onto the conversation's earlier messages. */
async function sendThreadReply(
  env: Env,
  db: Db,
  adapter: ChannelAdapter,
  out: OutboundMessage,
  channel: ChannelRecord,
): Promise<SendResult> {
  const thread = await replyThreading(db, out.tenantId, out.conversationId);
  const email = {
    subject: thread.subject ?? "Your request",
    references: thread.references,
    ...(thread.inReplyTo ? { inReplyTo: thread.inReplyTo } : {}),
  };
  // An attachment is one of our own signed links: read from R2 rather than through our own hostname.
  return sendReply(
    adapter,
    out,
    channel,
    { email },
    { mailer: createCloudflareMailer(env.EMAIL), fetch: ownMediaFetch(env) },
  );
}

export async function handleOutbound(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  for (const msg of batch.messages) {
    const parsed = OutboundMessage.safeParse(msg.body);
    if (!parsed.success) {
      await deadLetter(db, {
        messageId: msg.id,
        queue: QUEUES.outbound,
        body: msg.body,
        error: "malformed outbound message",
        attempts: msg.attempts,
      });
      msg.ack();
      continue;
    }
    // Platforms fetch our media themselves: stored attachments go out as absolute signed links.
    const out = presentAttachments(
      parsed.data,
      mediaPrefix(parsed.data.tenantId, parsed.data.conversationId),
      env.SIGNING_KEY,
      Date.now(),
      `${env.PUBLIC_BASE_URL}/media/`,
    );
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
      const adapter = adapterFor(out.channelType);
      if (!adapter?.send) {
        await fail(`${out.channelType} replies are not sent through the outbound queue.`);
        continue;
      }
      const res = adapter.threads
        ? await sendThreadReply(env, db, adapter, out, channel)
        : await sendReply(adapter, out, channel);
      if (res.ok) {
        await bindRefs(db, out, [res.externalMessageId], out.conversationId, []);
        // Our Message-ID joins the thread: the shopper's answer will reference it.
        if (adapter.threads)
          await recordThreadMessage(db, out.tenantId, out.conversationId, res.externalMessageId);
        await conv.recordDelivery(out.messageId, "sent", res.externalMessageId, null);
        msg.ack();
      } else if (res.retryable && msg.attempts < OUTBOUND_ATTEMPTS) {
        // A platform's Retry-After (429) is a floor: retrying sooner only earns another 429.
        msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts, res.retryAfterMs) });
      } else {
        await fail(res.error);
        if (res.retryable)
          await deadLetter(db, {
            messageId: msg.id,
            queue: QUEUES.outbound,
            body: msg.body,
            error: res.error,
            attempts: msg.attempts,
          });
      }
    } catch (err) {
      log("warn", "outbound failed; retrying", {
        messageId: out.messageId,
        attempts: msg.attempts,
        error: String(err),
      });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
    }
  }
}
