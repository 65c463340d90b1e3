/** Replies leaving through a channel: the outbound queue's message and the console's Retry. */
import { fail, type DoResult } from "../../workers/wire/objects";
import { OutboundTemplate, type OutboundMessage } from "../../workers/wire/queue";
import type { Message } from "../../workers/wire/socket";
import type { Conversation } from "./conversation-core";

/** The outbound queue's message for a reply; the same on a retry, so the consumer's idempotency holds. */
export function sendOf(
  c: Conversation,
  msg: Message,
  meta: Record<string, unknown> | undefined,
): OutboundMessage {
  const send: OutboundMessage = {
    v: 1,
    kind: "send",
    tenantId: c.s.tenantId,
    conversationId: c.id,
    channelId: c.s.channelId,
    channelType: c.s.channelType,
    to: c.s.externalUserId,
    messageId: msg.id,
    text: msg.text,
    attachments: msg.attachments,
  };
  const template = OutboundTemplate.safeParse(meta?.template);
  if (template.success) send.template = template.data;
  return send;
}

/**
 * Queues a failed reply again (the console's Retry): it goes back to pending and the socket shows it.
 * A reply that is not failed (pending, sent, delivered) is returned untouched, so a double click
 * or a retried request sends nothing twice.
 */
export function retrySend(c: Conversation, messageId: string): DoResult<Message> {
  const cur = c.store.byId(c.id, messageId);
  if (!cur || cur.deletedAt) return fail("NOT_FOUND", "No such message.");
  const reply =
    cur.author.type === "agent" || cur.author.type === "ai" || cur.author.type === "system";
  if (!reply || !cur.delivery || c.s.channelType === "widget")
    return fail(
      "INVALID_STATE",
      "Only replies sent through a messaging channel can be sent again.",
    );
  if (cur.delivery.status !== "failed") return { ok: true, value: cur };
  const updated = c.store.update(c.id, messageId, {
    delivery: { status: "pending", error: null },
  })!;
  c.outbox({ t: "send", msg: sendOf(c, updated, updated.meta) });
  c.out.message(updated, true);
  return { ok: true, value: updated };
}
