import { z } from "zod";
import { ReplyTokenSchema } from "./events";
import type { NormalizedEvent } from "./events";
import type { ChannelFormSchema } from "../wire/channels";

/** A reply (or proactive message) to send through a channel. Validate queue payloads with this. */
export const OutboundMessageSchema = z
  .object({
    /** The conversation's externalUserId on that channel. */
    to: z.string().min(1),
    text: z.string().optional(),
    media: z
      .object({ url: z.string().url(), mimeType: z.string(), filename: z.string().optional() })
      .optional(),
    buttons: z.array(z.object({ id: z.string().min(1), title: z.string().min(1) })).optional(),
    template: z
      .object({
        name: z.string().min(1),
        language: z.string().min(1),
        variables: z.array(z.string()).optional(),
      })
      .optional(),
    replyToken: ReplyTokenSchema.optional(),
    email: z
      .object({
        subject: z.string(),
        inReplyTo: z.string().optional(),
        references: z.array(z.string()).default([]),
        /** Display form (`Shop <help@shop.com>`); the envelope sender is always the channel address. */
        from: z.string().optional(),
        html: z.string().optional(),
      })
      .optional(),
    /** Stable across retries of the same outbound message; used where the platform dedupes (LINE X-Line-Retry-Key). */
    idempotencyKey: z.string().optional(),
  })
  .refine((m) => m.text !== undefined || m.media !== undefined || m.template !== undefined, {
    message: "an outbound message needs text, media or a template",
  });
export type OutboundMessage = z.input<typeof OutboundMessageSchema>;

export type SendFailure = {
  ok: false;
  retryable: boolean;
  /** HTTP status from the platform; 0 when no response arrived (network error, validation). */
  status: number;
  code: string;
  message: string;
  retryAfterMs?: number;
};
export type SendResult = { ok: true; externalMessageId: string } | SendFailure;

/** Bytes extracted during parsing (email attachments) keyed by the media `id` used in the events. */
export type InlineMedia = { bytes: Uint8Array; mimeType: string; filename?: string; size: number };

/** A media object a platform only references (an id, or a link that needs the channel's token): what `fetchMedia` downloads. */
export type MediaRef = {
  platformId?: string;
  url?: string;
  mimeType?: string;
  filename?: string;
  size?: number;
};

/** The engine's events (events.ts builds them); `channel` is set by the caller to the verified type. */
export type ParseResult =
  | { ok: true; events: NormalizedEvent[]; media?: Record<string, InlineMedia> }
  | { ok: false; code: "MALFORMED_PAYLOAD"; message: string };

/** What the send_email binding / ForwardableEmailMessage.reply need; see email-send.ts for the Cloudflare one. */
export interface Mailer {
  send(message: { from: string; to: string; raw: string }): Promise<void>;
}

/** Pushes a reply to a live widget session (the conversation DO's WebSocket broadcast). Returns the message id. */
export interface RealtimeTransport {
  push(to: string, message: OutboundMessage): Promise<string>;
}

export type SendContext = {
  fetch: typeof fetch;
  /** Injectable clock (reply-token expiry); defaults to Date.now. */
  now?: () => number;
  mailer?: Mailer;
  realtime?: RealtimeTransport;
};

export type VerifyRequest = { headers: Headers; rawBody: Uint8Array };

/** Bytes of a platform media object, fetched on the inbound path before the message is stored. */
export type FetchedMedia = {
  ok: true;
  bytes: Uint8Array;
  mimeType: string;
  size: number;
  filename?: string;
};
export type MediaFetchResult = FetchedMedia | SendFailure;

/**
 * How a channel may be used for broadcasts, from the platform's own terms. A channel without one
 * (the web widget: nobody is on the page to receive it) takes no broadcasts.
 */
export interface BroadcastPolicy {
  /** Upper bound for a broadcast's rate on this channel. */
  maxPerMinute: number;
  requiresTemplate?: boolean;
  requiresOptIn?: boolean;
  /** Only contacts who wrote within the last 24 hours may be messaged. */
  windowOnly?: boolean;
  /** Unique recipients per rolling 24 hours across the channel's broadcasts, if the platform caps it. */
  dailyCap?: number;
}

/** What the dashboard's forms show for a channel (workers/wire/channels.ts). */
export type ChannelForm = z.infer<typeof ChannelFormSchema>;
export type CredentialField = ChannelForm["fields"][number];

/**
 * One per channel, registered in registry.ts; the registry's keys are the channel types. Required
 * fields are what every channel does (verify, parse); the optional ones are where channels differ.
 * Adapters never throw on platform/HTTP errors.
 */
export interface ChannelAdapter<C = unknown, T extends string = string> {
  type: T;
  /** The platform's name in messages to merchants ("WhatsApp", "LINE"). */
  label: string;
  credentialsSchema: z.ZodType<C>;
  /** GET subscription handshake; null when the request is not one. */
  handshake?(url: URL, verifyToken: string): Response | null;
  /** Authenticates the request over the exact received bytes, in constant time. */
  verify(req: VerifyRequest, creds: C, secrets: { webhookSecret: string }): Promise<boolean>;
  /** Async because email parsing (postal-mime) is; the JSON channels resolve immediately. */
  parse(rawBody: Uint8Array, headers: Headers): Promise<ParseResult>;
  /** Absent where replies do not go through the outbound queue (the widget answers over its socket). */
  send?(out: OutboundMessage, creds: C, ctx: SendContext): Promise<SendResult>;
  /**
   * Asks the platform whether the credentials work (one read-only call). A retryable failure means the
   * platform could not be reached or answer (not verified yet); any other failure means it refused them.
   */
  check?(creds: C, ctx: Pick<SendContext, "fetch">): Promise<CheckResult>;
  /** Runs on connect once `check` passed, e.g. registering the webhook URL with the platform. */
  connect?(
    creds: C,
    ctx: { fetch: typeof fetch; webhookUrl: string },
  ): Promise<SendResult | { ok: true }>;
  /** Credential fields Edgedesk generates when the merchant gives none, with their length in random bytes. */
  generatedSecrets?: Readonly<Record<string, number>>;
  /** The value shown beside the webhook URL when the platform echoes one (Telegram's secret token); else a random handshake token. */
  verifyToken?(creds: C): string | undefined;
  /** Non-secret settings kept in clear beside the sealed credentials (an email inbox's address, for routing mail). */
  config?(creds: C): Record<string, unknown>;
  /** Free-form replies are allowed only this long after the contact's last message (the platform's reply window). */
  replyWindowMs?: number;
  /** Downloads media the platform only references (an id, or a link that needs the channel's token). */
  fetchMedia?(media: MediaRef, creds: C, ctx: { fetch: typeof fetch }): Promise<MediaFetchResult>;
  /** Absent: no broadcasts on this channel. */
  broadcast?: BroadcastPolicy;
  /** Absent: connected outside the channels page's form (the widget comes with every account). */
  form?: ChannelForm;
  /** A contact's messages may belong to different conversations, one per thread (email). */
  threads?: boolean;
  /** Edgedesk-format events are accepted on the webhook (default); the widget's server events have their own format. */
  edgedeskEvents?: boolean;
  /** False when the platform's own bodies never come over HTTP (mail arrives through the email() handler): the webhook then takes Edgedesk-format events only. */
  httpWebhook?: boolean;
}

/** A channel whose replies go out through the outbound queue: every platform but the widget. */
export type SendingChannelAdapter<C = unknown, T extends string = string> = ChannelAdapter<C, T> & {
  send: NonNullable<ChannelAdapter<C, T>["send"]>;
};

/** The outcome of a credentials check: `account` is how the platform names what the credentials open. */
export type CheckResult = { ok: true; account?: string } | SendFailure;

export const malformed = (message: string): ParseResult => ({
  ok: false,
  code: "MALFORMED_PAYLOAD",
  message,
});

/** A failure decided before any request was made (bad content for this channel). */
export const invalidOutbound = (code: string, message: string): SendFailure => ({
  ok: false,
  retryable: false,
  status: 0,
  code,
  message,
});
