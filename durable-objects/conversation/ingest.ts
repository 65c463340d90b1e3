/**
 * Channel events applied to a conversation. Message, edit, delete and status events are
 * matched by the channel's message id, so each is applied once however often it is delivered.
 */
import type { NormalizedEvent } from "../../workers/wire/queue";
import type { Attachment, Message } from "../../workers/wire/socket";
import type { IngestResult } from "../../workers/wire/objects";
import type { Conversation } from "./conversation-core";
import { shopperMessage } from "./posting-messages";
import type { ConversationStore } from "./store";

const DELIVERY_RANK = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 } as const;

function attachmentsOf(e: Extract<NormalizedEvent, { kind: "message" }>): Attachment[] {
  return (e.message.media ?? []).map((m, i) => ({
    key: (m.id ?? m.url ?? `${e.externalMessageId}:${i}`).slice(0, 300),
    name: m.name ?? `${e.message.type}-${i + 1}`,
    mimeType: m.mimeType ?? "application/octet-stream",
    size: m.size ?? 0,
    // Stored media is linked when shown (signed, short-lived); platform links are never passed on.
    ...(m.error ? { error: m.error } : {}),
  }));
}

export function applyEvent(
  conv: Conversation,
  store: ConversationStore,
  event: NormalizedEvent,
  now: number,
): IngestResult {
  const id = conv.id;
  const touched = (m: Message | null): IngestResult => ({
    seq: m?.seq ?? null,
    duplicate: false,
    applied: event.kind,
  });
  switch (event.kind) {
    case "message": {
      const attachments = attachmentsOf(event);
      const text = event.message.text ?? (attachments.length ? "" : `[${event.message.type}]`);
      const name = event.contact.name ?? event.contact.username ?? conv.s.contactName;
      const res = shopperMessage(
        conv,
        {
          text,
          attachments,
          externalId: event.externalMessageId,
          language: event.contact.language ?? null,
          meta: {
            type: event.message.type,
            sentAt: event.timestamp,
            ...(event.message.extra ?? {}),
            ...(event.message.replyToExternalId
              ? { replyToExternalId: event.message.replyToExternalId }
              : {}),
          },
        },
        name,
      );
      return { seq: res.message.seq, duplicate: res.duplicate, applied: "message" };
    }
    case "edit": {
      const cur = store.byExternalId(id, event.externalMessageId);
      if (!cur || cur.text === event.text) return touched(cur);
      const updated = store.update(id, cur.id, {
        text: event.text,
        editedAt: now,
        history: [...cur.history, { text: cur.text, at: cur.editedAt ?? cur.createdAt }],
      });
      if (updated) {
        conv.broadcastUpdate(updated);
        conv.event("message.edited", {
          messageId: updated.id,
          seq: updated.seq,
          authorType: updated.author.type,
          kind: updated.kind,
          text: updated.text,
          channelType: conv.s.channelType,
        });
      }
      return touched(updated);
    }
    case "delete": {
      const cur = store.byExternalId(id, event.externalMessageId);
      if (!cur || cur.deletedAt) return touched(cur);
      // The text stays for agents (with its history); shoppers see the message as removed.
      const updated = store.update(id, cur.id, {
        deletedAt: now,
        history: [...cur.history, { text: cur.text, at: now }],
      });
      if (updated) conv.broadcastUpdate(updated);
      return touched(updated);
    }
    case "status": {
      const cur = store.byExternalId(id, event.externalMessageId);
      if (!cur) return touched(null);
      const was = cur.delivery?.status ?? "pending";
      // Statuses arrive out of order: never step back from read to delivered.
      if (DELIVERY_RANK[event.status] <= DELIVERY_RANK[was] && event.status !== "failed")
        return touched(cur);
      const updated = store.update(id, cur.id, {
        delivery: { status: event.status, error: event.error ?? null },
      });
      if (updated) conv.broadcastUpdate(updated);
      return touched(updated);
    }
    case "lifecycle": {
      const { message } = conv.append({
        authorType: "system",
        authorId: null,
        authorName: null,
        kind: "event",
        text: `Contact event: ${event.event}`,
        meta: {
          event: "lifecycle",
          lifecycle: event.event,
          data: event.data ?? {},
          internal: true,
        },
      });
      return touched(message);
    }
    case "unknown":
      store.keepUnknown(event, now);
      return touched(null);
  }
}
