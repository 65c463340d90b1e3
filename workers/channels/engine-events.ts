/**
 * Maps the adapters' rich events (types.ts) onto the engine's normalised events (wire/queue.ts).
 * Channel-specific details (location, order, referral, reply token, email thread keys…) travel in
 * `message.extra`, which the conversation keeps as the message's meta.
 */
import type { NormalizedEvent as EngineEvent } from "../wire/queue";
import type { MediaRef, NormalizedEvent } from "./types";

const MAX_TEXT = 20_000;

function media(ref: MediaRef) {
  return {
    id: ref.platformId,
    url: ref.url,
    mimeType: ref.mimeType,
    name: ref.filename,
    size: ref.size,
  };
}

/** Text an agent can read for messages that have none of their own (a location, a sticker, a reaction). */
function describe(m: Extract<NormalizedEvent, { kind: "message" }>["message"]): string | undefined {
  if (m.text) return m.text;
  if (m.location)
    return [
      m.location.name,
      m.location.address,
      `📍 ${m.location.latitude}, ${m.location.longitude}`,
    ]
      .filter(Boolean)
      .join(" — ");
  if (m.reaction) return m.reaction.emoji ? `Reacted ${m.reaction.emoji}` : "Removed a reaction";
  if (m.contacts?.length)
    return m.contacts
      .map((c) =>
        [c.name, ...c.phones.map((p) => p.phone), ...c.emails.map((e) => e.email)].join(" "),
      )
      .join("; ");
  if (m.order)
    return (
      m.order.text ??
      `Order: ${m.order.items.map((i) => `${i.quantity}× ${i.productId}`).join(", ")}`
    );
  if (m.payload) return m.payload;
  return undefined;
}

const clean = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** `channel` is the type the webhook was verified for: the engine trusts it, not the parser's label. */
export function toEngineEvents(events: NormalizedEvent[], channel: string): EngineEvent[] {
  return events.map((e): EngineEvent => {
    switch (e.kind) {
      case "message": {
        const m = e.message;
        const refs = m.attachments?.length ? m.attachments : m.media ? [m.media] : [];
        const text = describe(m);
        return {
          kind: "message",
          channel,
          timestamp: Math.round(e.timestamp),
          externalUserId: e.externalUserId,
          externalMessageId: e.externalMessageId,
          contact: clean(e.contact),
          message: {
            type: m.type,
            ...(text ? { text: text.slice(0, MAX_TEXT) } : {}),
            ...(refs.length ? { media: refs.slice(0, 20).map(media) } : {}),
            ...(m.replyToExternalMessageId
              ? { replyToExternalId: m.replyToExternalMessageId }
              : {}),
            extra: clean({
              location: m.location,
              contacts: m.contacts,
              order: m.order,
              reaction: m.reaction,
              forwarded: m.forwarded,
              referral: m.referral,
              payload: m.payload,
              rawType: m.rawType,
              quotedText: m.quotedText,
              replyToken: e.replyToken,
              threadKeys: e.threadKeys,
              accountId: e.accountId,
            }),
          },
        };
      }
      case "edit":
        return {
          kind: "edit",
          channel,
          timestamp: Math.round(e.timestamp),
          externalUserId: e.externalUserId,
          externalMessageId: e.externalMessageId,
          text: e.text.slice(0, MAX_TEXT),
        };
      case "delete":
        return {
          kind: "delete",
          channel,
          timestamp: Math.round(e.timestamp),
          externalUserId: e.externalUserId,
          externalMessageId: e.externalMessageId,
        };
      case "status":
        return {
          kind: "status",
          channel,
          timestamp: Math.round(e.timestamp),
          ...(e.externalUserId ? { externalUserId: e.externalUserId } : {}),
          externalMessageId: e.externalMessageId,
          status: e.status,
          ...(e.error ? { error: `${e.error.code}: ${e.error.message}`.slice(0, 1000) } : {}),
        };
      case "lifecycle":
        return {
          kind: "lifecycle",
          channel,
          timestamp: Math.round(e.timestamp),
          externalUserId: e.externalUserId,
          event: e.event.slice(0, 60),
          data: clean({ eventId: e.eventId, data: e.data }),
        };
      case "unknown":
        return {
          kind: "unknown",
          channel,
          timestamp: Math.round(e.timestamp),
          description: e.rawType.slice(0, 500),
        };
    }
  });
}
