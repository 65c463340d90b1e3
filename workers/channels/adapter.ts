import { z } from "zod";
import { ReplyTokenSchema } from "./types";
import type { ChannelType, NormalizedEvent } from "./types";

/** A reply (or proactive message) to send through a channel. Validate queue payloads with this. */
export const OutboundMessageSchema = z
  .object({
    /** The conversation's externalUserId on that channel. */
    to: z.string().min(1),
    text: z.string().optional(),
    media: z.object({ url: z.string().url(), mimeType: z.string(), filename: z.string().optional() }).optional(),
    buttons: z.array(z.object({ id: z.string().min(1), title: z.string().min(1) })).optional(),
    template: z
      .object({ name: z.string().min(1), language: z.string().min(1), variables: z.array(z.string()).optional() })
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

/** Bytes extracted during parsing (email attachments) keyed by the `platformId` used in the events. */
export type InlineMedia = { bytes: Uint8Array; mimeType: string; filename?: string; size: number };

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

/** One per channel, registered in registry.ts. Adapters never throw on platform/HTTP errors. */
export interface ChannelAdapter<C> {
  type: ChannelType;
  credentialsSchema: z.ZodType<C>;
  /** GET subscription handshake; null when the request is not one. */
  handshake?(url: URL, verifyToken: string): Response | null;
  /** Authenticates the request over the exact received bytes, in constant time. */
  verify(req: VerifyRequest, creds: C, secrets: { webhookSecret: string }): Promise<boolean>;
  /** Async because email parsing (postal-mime) is; the JSON channels resolve immediately. */
  parse(rawBody: Uint8Array, headers: Headers): Promise<ParseResult>;
  send(out: OutboundMessage, creds: C, ctx: SendContext): Promise<SendResult>;
  /**
   * Asks the platform whether the credentials work (one read-only call). A retryable failure means the
   * platform could not be reached or answer (not verified yet); any other failure means it refused them.
   */
  check?(creds: C, ctx: Pick<SendContext, "fetch">): Promise<CheckResult>;
}

/** The outcome of a credentials check: `account` is how the platform names what the credentials open. */
export type CheckResult = { ok: true; account?: string } | SendFailure;

export const malformed = (message: string): ParseResult => ({ ok: false, code: "MALFORMED_PAYLOAD", message });

/** A failure decided before any request was made (bad content for this channel). */
export const invalidOutbound = (code: string, message: string): SendFailure => ({
  ok: false, retryable: false, status: 0, code, message,
});
