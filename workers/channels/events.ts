/**
 * What an adapter's `parse` builds: the engine's events (`wire/queue.ts`), with the engine's limits
 * applied. What only some channels have (a location, an order, a reply token, email thread keys…)
 * travels in `message.extra`, which the conversation keeps as the message's meta.
 */
import { z } from "zod";
import type { MessageEvent, NormalizedEvent } from "../wire/queue";

export type { NormalizedEvent };
export type Contact = MessageEvent["contact"];
export type Media = NonNullable<MessageEvent["message"]["media"]>[number];

export const ReplyTokenSchema = z.object({ token: z.string(), expiresAt: z.number() });
export type ReplyToken = z.infer<typeof ReplyTokenSchema>;

export const ThreadKeysSchema = z.object({
  messageId: z.string(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()),
  subject: z.string().optional(),
});
export type ThreadKeys = z.infer<typeof ThreadKeysSchema>;

export type Location = {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
  url?: string;
};
export type ContactCard = {
  name: string;
  phones: { phone: string; waId?: string; type?: string }[];
  emails: { email: string; type?: string }[];
};
export type Order = {
  catalogId?: string;
  text?: string;
  items: { productId: string; quantity: number; itemPrice?: number; currency?: string }[];
};
/** `emoji: ""` means the reaction was removed. */
export type Reaction = { emoji: string; targetExternalMessageId: string };
export type Referral = {
  ref?: string;
  source?: string;
  type?: string;
  sourceId?: string;
  sourceUrl?: string;
  headline?: string;
  body?: string;
  adId?: string;
  clickId?: string;
};

/** Channel-specific parts of a message, kept in `message.extra`. */
export type Extra = {
  location?: Location;
  contacts?: ContactCard[];
  order?: Order;
  reaction?: Reaction;
  forwarded?: boolean;
  referral?: Referral;
  /** A button or quick reply's payload. */
  payload?: string;
  /** The platform's own type where `type` does not say it (`video_note`, `quick_reply`…). */
  rawType?: string;
  /** Email: the quoted history removed from `text`. */
  quotedText?: string;
  replyToken?: ReplyToken;
  threadKeys?: ThreadKeys;
  /** The business side: WhatsApp phone_number_id, page id, LINE destination, inbox address. */
  accountId?: string;
};

/** A message's content as a platform's mapping finds it. */
export type Content = { type: string; text?: string; media?: Media[]; extra?: Extra };

const MAX_TEXT = 20_000;
const MAX_MEDIA = 20;

const clean = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Text an agent can read for messages that have none of their own (a location, a sticker, a reaction). */
function describe(text: string | undefined, x: Extra): string | undefined {
  if (text) return text;
  if (x.location)
    return [
      x.location.name,
      x.location.address,
      `📍 ${x.location.latitude}, ${x.location.longitude}`,
    ]
      .filter(Boolean)
      .join(" — ");
  if (x.reaction) return x.reaction.emoji ? `Reacted ${x.reaction.emoji}` : "Removed a reaction";
  if (x.contacts?.length)
    return x.contacts
      .map((c) =>
        [c.name, ...c.phones.map((p) => p.phone), ...c.emails.map((e) => e.email)].join(" "),
      )
      .join("; ");
  if (x.order)
    return (
      x.order.text ??
      `Order: ${x.order.items.map((i) => `${i.quantity}× ${i.productId}`).join(", ")}`
    );
  if (x.payload) return x.payload;
  return undefined;
}

type Base = { channel: string; timestamp: number };

export function messageEvent(
  e: Base & {
    externalUserId: string;
    externalMessageId: string;
    contact: Contact;
    content: Content;
    replyTo?: string;
  },
): NormalizedEvent {
  const extra = e.content.extra ?? {};
  const text = describe(e.content.text, extra);
  const media = e.content.media ?? [];
  return {
    kind: "message",
    channel: e.channel,
    timestamp: Math.round(e.timestamp),
    externalUserId: e.externalUserId,
    externalMessageId: e.externalMessageId,
    contact: clean(e.contact),
    message: {
      type: e.content.type,
      ...(text ? { text: text.slice(0, MAX_TEXT) } : {}),
      ...(media.length ? { media: media.slice(0, MAX_MEDIA) } : {}),
      ...(e.replyTo ? { replyToExternalId: e.replyTo } : {}),
      extra: clean(extra),
    },
  };
}

export const editEvent = (
  e: Base & { externalUserId: string; externalMessageId: string; text: string },
): NormalizedEvent => ({
  kind: "edit",
  channel: e.channel,
  timestamp: Math.round(e.timestamp),
  externalUserId: e.externalUserId,
  externalMessageId: e.externalMessageId,
  text: e.text.slice(0, MAX_TEXT),
});

export const deleteEvent = (
  e: Base & { externalUserId: string; externalMessageId: string },
): NormalizedEvent => ({
  kind: "delete",
  channel: e.channel,
  timestamp: Math.round(e.timestamp),
  externalUserId: e.externalUserId,
  externalMessageId: e.externalMessageId,
});

export const statusEvent = (
  e: Base & {
    externalUserId?: string;
    externalMessageId: string;
    status: "sent" | "delivered" | "read" | "failed";
    error?: { code: string; message: string };
  },
): NormalizedEvent => ({
  kind: "status",
  channel: e.channel,
  timestamp: Math.round(e.timestamp),
  ...(e.externalUserId ? { externalUserId: e.externalUserId } : {}),
  externalMessageId: e.externalMessageId,
  status: e.status,
  ...(e.error ? { error: `${e.error.code}: ${e.error.message}`.slice(0, 1000) } : {}),
});

/** `eventId` keeps the platform's id (or a hash of the event) beside the event's own data. */
export const lifecycleEvent = (
  e: Base & { externalUserId: string; eventId: string; event: string; data?: unknown },
): NormalizedEvent => ({
  kind: "lifecycle",
  channel: e.channel,
  timestamp: Math.round(e.timestamp),
  externalUserId: e.externalUserId,
  event: e.event.slice(0, 60),
  data: clean({ eventId: e.eventId, data: e.data }),
});

/** Anything a parser does not know, recorded by its platform type and never answered. */
export const unknownEvent = (e: Base & { rawType: string }): NormalizedEvent => ({
  kind: "unknown",
  channel: e.channel,
  timestamp: Math.round(e.timestamp),
  description: e.rawType.slice(0, 500),
});
