/**
 * Queue messages and the normalised channel event, shared by the webhook route, the queue consumers
 * and ConversationDO. Every queue body is parsed with these schemas before use: a body that fails is
 * dead-lettered, never retried in a loop.
 * `NormalizedEvent` below is what every channel adapter's `parse` builds (`workers/channels/events.ts`)
 * and the contract the conversation engine consumes.
 */
import { z } from "zod";
import { newId } from "../lib/ids";

export const QUEUES = {
  inbound: "edgedesk-inbound",
  outbound: "edgedesk-outbound",
  jobs: "edgedesk-jobs",
  dlq: "edgedesk-dlq",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * `max_retries` of each consumer in wrangler.toml (a test keeps them equal). A message reaches the
 * dead-letter queue after 1 + max_retries deliveries; the DLQ itself counts its attempts from 1 again.
 */
export const MAX_RETRIES: Record<Exclude<QueueName, "edgedesk-dlq">, number> = {
  "edgedesk-inbound": 5,
  "edgedesk-outbound": 8,
  "edgedesk-jobs": 3,
};

/** How a channel type is spelled: its registry key (the webhook URL and queue messages carry it). */
export const CHANNEL_TYPE_NAME = /^[a-z][a-z0-9_]{0,31}$/;
/**
 * A channel type. Which ones exist is the channel registry's business (workers/channels/registry.ts),
 * checked where a request names one (an unknown type is a 404 there); the wire only checks the spelling,
 * so the objects that read it need no adapter code.
 */
export const ChannelTypeSchema = z.string().regex(CHANNEL_TYPE_NAME, "not a channel type");

const ExternalId = z.string().min(1).max(256);
/** Platform timestamps arrive in seconds or ms; the adapters convert, the engine only takes ms. */
const Timestamp = z.number().int().nonnegative();

export const NormalizedContact = z.object({
  name: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  email: z.string().max(254).optional(),
  username: z.string().max(120).optional(),
  language: z.string().max(16).optional(),
});

export const NormalizedMedia = z.object({
  /** Platform media id or storage key; `url` when the platform gives a fetchable address. */
  id: z.string().max(500).optional(),
  url: z.string().max(2000).optional(),
  mimeType: z.string().max(120).optional(),
  name: z.string().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
  /** Set on the inbound path when the bytes could not be stored (MEDIA_TOO_LARGE, MEDIA_NOT_FOUND…). */
  error: z.string().max(200).optional(),
});

export const NormalizedMessageBody = z.object({
  /** text, image, video, audio, voice, file, sticker, location, contact, interactive, reaction, … */
  type: z.string().min(1).max(40),
  text: z.string().max(20_000).optional(),
  media: z.array(NormalizedMedia).max(20).optional(),
  replyToExternalId: z.string().max(256).optional(),
  /** Anything channel-specific worth keeping (location, button payload…); stored in message.meta. */
  extra: z.record(z.string(), z.unknown()).optional(),
});

const base = { channel: ChannelTypeSchema, timestamp: Timestamp };

export const MessageEvent = z.object({
  kind: z.literal("message"),
  ...base,
  externalUserId: ExternalId,
  externalMessageId: ExternalId,
  contact: NormalizedContact.default({}),
  message: NormalizedMessageBody,
});
export const EditEvent = z.object({
  kind: z.literal("edit"),
  ...base,
  externalUserId: ExternalId,
  externalMessageId: ExternalId,
  text: z.string().max(20_000),
});
export const DeleteEvent = z.object({
  kind: z.literal("delete"),
  ...base,
  externalUserId: ExternalId,
  externalMessageId: ExternalId,
});
export const DeliveryStatus = z.enum(["sent", "delivered", "read", "failed"]);
export const StatusEvent = z.object({
  kind: z.literal("status"),
  ...base,
  externalUserId: ExternalId.optional(),
  externalMessageId: ExternalId,
  status: DeliveryStatus,
  error: z.string().max(1000).optional(),
});
export const LifecycleEvent = z.object({
  kind: z.literal("lifecycle"),
  ...base,
  externalUserId: ExternalId,
  /** follow, unfollow, opt_in, opt_out, referral, … */
  event: z.string().min(1).max(60),
  data: z.record(z.string(), z.unknown()).optional(),
});
export const UnknownEvent = z.object({
  kind: z.literal("unknown"),
  channel: ChannelTypeSchema,
  timestamp: Timestamp.optional(),
  externalUserId: ExternalId.optional(),
  description: z.string().max(500).optional(),
  raw: z.unknown().optional(),
});

export const NormalizedEvent = z.discriminatedUnion("kind", [
  MessageEvent,
  EditEvent,
  DeleteEvent,
  StatusEvent,
  LifecycleEvent,
  UnknownEvent,
]);
export type NormalizedEvent = z.infer<typeof NormalizedEvent>;
export type MessageEvent = z.infer<typeof MessageEvent>;
export type StatusEvent = z.infer<typeof StatusEvent>;

/** The largest body a channel may post (email with attachments is the largest thing one does). */
export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

/** Bodies above this travel through R2 (queue messages are limited to 128 KB). */
export const INLINE_BODY_BYTES = 64 * 1024;

/**
 * What the webhook route enqueues: the exact bytes (base64), so the consumer parses what the platform
 * signed; large bodies are stored in R2 under `rawBodyKey` instead.
 */
export const InboundWebhook = z
  .object({
    v: z.literal(1),
    kind: z.literal("webhook"),
    tenantId: z.string().min(1),
    channelId: z.string().min(1),
    channelType: ChannelTypeSchema,
    receivedAt: z.number().int(),
    rawBody: z.string().max(100_000).optional(),
    rawBodyKey: z.string().max(300).optional(),
    /** Only the headers a parser reads (see `parserHeaders`): never signatures or secrets. */
    headers: z.record(z.string(), z.string()),
    /** `edgedesk` when the body came signed in the Edgedesk format rather than the platform's. */
    format: z.enum(["platform", "edgedesk"]).optional(),
  })
  .refine((m) => (m.rawBody === undefined) !== (m.rawBodyKey === undefined), {
    message: "exactly one of rawBody and rawBodyKey",
  });
/** Already-normalised events (e.g. polled channels, replays, tests): no parsing step. */
export const InboundEvent = z.object({
  v: z.literal(1),
  kind: z.literal("event"),
  tenantId: z.string().min(1),
  channelId: z.string().min(1),
  channelType: ChannelTypeSchema,
  event: NormalizedEvent,
});
export const InboundMessage = z.discriminatedUnion("kind", [InboundWebhook, InboundEvent]);
export type InboundMessage = z.infer<typeof InboundMessage>;

/** An approved platform template (WhatsApp), the only thing sendable outside the reply window. */
export const OutboundTemplate = z.object({
  name: z.string().min(1),
  language: z.string().min(1),
  variables: z.array(z.string()).default([]),
});

/** A reply to deliver on a non-widget channel; `messageId` is the message in ConversationDO. */
export const OutboundMessage = z.object({
  v: z.literal(1),
  kind: z.literal("send"),
  tenantId: z.string().min(1),
  conversationId: z.string().min(1),
  channelId: z.string().min(1),
  channelType: ChannelTypeSchema,
  to: z.string().min(1),
  messageId: z.string().min(1),
  text: z.string(),
  attachments: z
    .array(
      z.object({
        key: z.string(),
        name: z.string(),
        mimeType: z.string(),
        size: z.number(),
        url: z.string().optional(),
      }),
    )
    .default([]),
  template: OutboundTemplate.optional(),
});
export type OutboundMessage = z.infer<typeof OutboundMessage>;

export const CONVERSATION_EVENT_TYPES = [
  "conversation.created",
  "message.created",
  "message.edited",
  "conversation.assigned",
  "conversation.handover",
  "conversation.resolved",
  "conversation.reopened",
  "conversation.rated",
  "tag.added",
] as const;
export type ConversationEventType = (typeof CONVERSATION_EVENT_TYPES)[number];

/** Jobs-queue body for ops (analytics, workflows, outgoing webhooks). `id` lets consumers dedupe. */
export const ConversationEventJob = z.object({
  kind: z.literal("conversation_event"),
  id: z.string(),
  tenantId: z.string(),
  conversationId: z.string(),
  type: z.enum(CONVERSATION_EVENT_TYPES),
  at: z.number().int(),
  data: z.record(z.string(), z.unknown()),
});
export type ConversationEventJob = z.infer<typeof ConversationEventJob>;

export interface ConversationEvent {
  tenantId: string;
  conversationId: string;
  type: ConversationEventType;
  data: Record<string, unknown>;
  at?: number;
}

export function conversationEventJob(e: ConversationEvent): ConversationEventJob {
  return {
    kind: "conversation_event",
    id: newId("evt"),
    tenantId: e.tenantId,
    conversationId: e.conversationId,
    type: e.type,
    at: e.at ?? Date.now(),
    data: e.data,
  };
}

/** Most events one batched job carries; a flush with more sends several jobs. */
export const EVENTS_PER_JOB = 100;

/**
 * Jobs-queue body: a conversation's events since its last flush, in order. The object sends one per
 * flush instead of one job per event; each event keeps its `id`, so consumers still dedupe per event.
 */
export const ConversationEventsJob = z.object({
  kind: z.literal("conversation_events"),
  tenantId: z.string(),
  conversationId: z.string(),
  events: z.array(ConversationEventJob).min(1).max(EVENTS_PER_JOB),
});
export type ConversationEventsJob = z.infer<typeof ConversationEventsJob>;

/** Every jobs-queue body has a `kind`; the dispatcher routes on it and acks kinds it does not know. */
export const JobEnvelope = z.looseObject({ kind: z.string().min(1).max(80) });
