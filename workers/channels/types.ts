import { z } from "zod";

export const MESSAGE_TYPES = [
  "text",
  "image",
  "video",
  "audio",
  "voice",
  "document",
  "sticker",
  "location",
  "contacts",
  "order",
  "reaction",
  "interactive_reply",
  "postback",
  "referral",
  "unsupported",
] as const;
export const MessageTypeSchema = z.enum(MESSAGE_TYPES);
export type MessageType = z.infer<typeof MessageTypeSchema>;

/** A media object as the platform describes it; bytes are fetched later (see media-fetch.ts). */
export const MediaRefSchema = z.object({
  platformId: z.string().optional(),
  url: z.string().optional(),
  mimeType: z.string().optional(),
  filename: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  sha256: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
});
export type MediaRef = z.infer<typeof MediaRefSchema>;

export const LocationSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});

export const ContactCardSchema = z.object({
  name: z.string(),
  phones: z.array(
    z.object({ phone: z.string(), waId: z.string().optional(), type: z.string().optional() }),
  ),
  emails: z.array(z.object({ email: z.string(), type: z.string().optional() })),
});
export type ContactCard = z.infer<typeof ContactCardSchema>;

export const OrderSchema = z.object({
  catalogId: z.string().optional(),
  text: z.string().optional(),
  items: z.array(
    z.object({
      productId: z.string(),
      quantity: z.number(),
      itemPrice: z.number().optional(),
      currency: z.string().optional(),
    }),
  ),
});

/** `emoji: ""` means the reaction was removed. */
export const ReactionSchema = z.object({ emoji: z.string(), targetExternalMessageId: z.string() });

export const ReferralSchema = z.object({
  ref: z.string().optional(),
  source: z.string().optional(),
  type: z.string().optional(),
  sourceId: z.string().optional(),
  sourceUrl: z.string().optional(),
  headline: z.string().optional(),
  body: z.string().optional(),
  adId: z.string().optional(),
  clickId: z.string().optional(),
});

export const ContactSchema = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  username: z.string().optional(),
  language: z.string().optional(),
});

export const MessageBodySchema = z.object({
  type: MessageTypeSchema,
  text: z.string().optional(),
  /** Email only: the HTML body as received (unsanitised — render it sandboxed). */
  html: z.string().optional(),
  /** Email only: the quoted history removed from `text`. */
  quotedText: z.string().optional(),
  media: MediaRefSchema.optional(),
  /** Email (and any future multi-attachment channel): every attachment; `media` is the first. */
  attachments: z.array(MediaRefSchema).optional(),
  location: LocationSchema.optional(),
  contacts: z.array(ContactCardSchema).optional(),
  order: OrderSchema.optional(),
  reaction: ReactionSchema.optional(),
  replyToExternalMessageId: z.string().optional(),
  forwarded: z.boolean().optional(),
  referral: ReferralSchema.optional(),
  payload: z.string().optional(),
  rawType: z.string().optional(),
});
export type MessageBody = z.infer<typeof MessageBodySchema>;

export const ReplyTokenSchema = z.object({ token: z.string(), expiresAt: z.number() });
export type ReplyToken = z.infer<typeof ReplyTokenSchema>;

export const ThreadKeysSchema = z.object({
  messageId: z.string(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()),
  subject: z.string().optional(),
});
export type ThreadKeys = z.infer<typeof ThreadKeysSchema>;

/** Fields every event has. `accountId` is the business side (WA phone_number_id, page id, LINE destination, inbox address). */
const base = {
  /** The adapter's own type (its registry key). */
  channel: z.string().min(1),
  timestamp: z.number(),
  accountId: z.string().optional(),
  /** LINE says so explicitly; idempotency keys make redeliveries harmless either way. */
  redelivered: z.boolean().optional(),
};

export const MessageEventSchema = z.object({
  kind: z.literal("message"),
  ...base,
  externalUserId: z.string().min(1),
  externalMessageId: z.string().min(1),
  contact: ContactSchema,
  message: MessageBodySchema,
  replyToken: ReplyTokenSchema.optional(),
  threadKeys: ThreadKeysSchema.optional(),
});

export const EditEventSchema = z.object({
  kind: z.literal("edit"),
  ...base,
  externalUserId: z.string().min(1),
  externalMessageId: z.string().min(1),
  eventId: z.string().min(1),
  text: z.string(),
});

export const DeleteEventSchema = z.object({
  kind: z.literal("delete"),
  ...base,
  externalUserId: z.string().min(1),
  externalMessageId: z.string().min(1),
  eventId: z.string().min(1),
});

export const DELIVERY_STATUSES = ["sent", "delivered", "read", "failed"] as const;
export const StatusEventSchema = z.object({
  kind: z.literal("status"),
  ...base,
  externalUserId: z.string().optional(),
  externalMessageId: z.string().min(1),
  /** `${externalMessageId}:${status}` — the message id alone repeats once per status. */
  eventId: z.string().min(1),
  status: z.enum(DELIVERY_STATUSES),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const LifecycleEventSchema = z.object({
  kind: z.literal("lifecycle"),
  ...base,
  externalUserId: z.string().min(1),
  eventId: z.string().min(1),
  event: z.string().min(1),
  data: z.unknown().optional(),
});

export const UnknownEventSchema = z.object({
  kind: z.literal("unknown"),
  ...base,
  eventId: z.string().min(1),
  rawType: z.string().min(1),
});

/** What every adapter's `parse` produces and the ingest consumer consumes. */
export const NormalizedEventSchema = z.discriminatedUnion("kind", [
  MessageEventSchema,
  EditEventSchema,
  DeleteEventSchema,
  StatusEventSchema,
  LifecycleEventSchema,
  UnknownEventSchema,
]);
export type NormalizedEvent = z.infer<typeof NormalizedEventSchema>;
export type InboundMessageEvent = z.infer<typeof MessageEventSchema>;
export type StatusEvent = z.infer<typeof StatusEventSchema>;
export type LifecycleEvent = z.infer<typeof LifecycleEventSchema>;
export type UnknownEvent = z.infer<typeof UnknownEventSchema>;
