/**
 * What the engine does with one channel connection, through the registry's adapter: verify and
 * parse its webhooks, answer its handshake, send its replies. A webhook body is parsed once, by its
 * adapter, straight into the engine's events (wire/queue.ts).
 *
 * Besides each platform's own format, a connection also accepts Edgedesk-format events (already
 * normalised, signed `x-edgedesk-signature: sha256=<HMAC(events secret, body)>` with the connection's
 * own events secret), for importers and a merchant's own integrations; the header decides which
 * parser runs. The webhook route verifies with the same choice, so a body is parsed only the way it
 * was authenticated.
 */
import type { NormalizedEvent, OutboundMessage } from "../wire/queue";
import type {
  ChannelAdapter,
  InlineMedia,
  OutboundMessage as PlatformOutbound,
  SendContext,
} from "./adapter";
import { ENVELOPE_FROM_HEADER, ENVELOPE_TO_HEADER } from "./email-parse";
import { parseEdgedeskEvents } from "./pass-through";
import { adapterFor } from "./registry";
import { SIGNATURE_HEADER, verifyBodySignature } from "./signature";

/** A connection's secrets and settings, decrypted once per request by the caller. */
export interface ChannelContext {
  tenantId: string;
  channelId: string;
  /** The platform's handshake value (Meta's `hub.verify_token`): sent in the clear, so it authenticates nothing. */
  verifyToken: string;
  /** The key of Edgedesk-format events (credentials.ts); absent on connections that have none yet. */
  eventSecret?: string;
  credentials: Record<string, unknown>;
  config: Record<string, unknown>;
}

export interface WebhookRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  rawBody: Uint8Array;
}

export interface ParsedInbound {
  events: NormalizedEvent[];
  inline: Map<string, InlineMedia>;
}

export type SendResult =
  | { ok: true; externalMessageId: string }
  | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

/** Which parser a verified body needs: the platform's own, or the Edgedesk format (decided by its signature header). */
export type InboundFormat = "platform" | "edgedesk";

export const formatOf = (
  adapter: ChannelAdapter,
  headers: Record<string, string>,
): InboundFormat =>
  adapter.edgedeskEvents !== false && SIGNATURE_HEADER in headers ? "edgedesk" : "platform";

/**
 * The only request headers that travel with a queued body (and so into dead letters): the ones a
 * parser reads. An allow-list, so signatures, platform secrets, cookies and client addresses never
 * reach storage whatever a platform adds.
 */
const PARSER_HEADERS = ["content-type", ENVELOPE_FROM_HEADER, ENVELOPE_TO_HEADER] as const;

export function parserHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PARSER_HEADERS) if (headers[name] !== undefined) out[name] = headers[name];
  return out;
}

/** Checks a request the way `format` says: the events secret's signature, or the platform's own scheme. */
export async function verifyRequest(
  adapter: ChannelAdapter,
  req: WebhookRequest,
  channel: ChannelContext,
  format: InboundFormat,
): Promise<boolean> {
  if (format === "edgedesk")
    return verifyBodySignature(channel.eventSecret, req.rawBody, req.headers[SIGNATURE_HEADER]);
  const creds = adapter.credentialsSchema.safeParse(channel.credentials);
  if (!creds.success) return false;
  // Telegram's registered secret; never the verify token, which is no secret.
  const secret =
    typeof channel.credentials.webhookSecret === "string" ? channel.credentials.webhookSecret : "";
  return adapter.verify({ headers: new Headers(req.headers), rawBody: req.rawBody }, creds.data, {
    webhookSecret: secret,
  });
}

/** `format` is what the webhook route decided; bodies queued before it was recorded carry their signature header instead. */
export async function parseInbound(
  type: string,
  raw: Uint8Array,
  headers: Record<string, string>,
  format?: InboundFormat,
): Promise<ParsedInbound> {
  const adapter = adapterFor(type);
  if (!adapter) throw new Error(`no adapter registered for channel type ${type}`);
  if ((format ?? formatOf(adapter, headers)) === "edgedesk")
    return { events: parseEdgedeskEvents(raw), inline: new Map() };
  const res = await adapter.parse(raw, new Headers(headers));
  if (!res.ok) throw new Error(res.message);
  return {
    // The type the webhook was verified for: the engine trusts it, not the parser's label.
    events: res.events.map((e) => ({ ...e, channel: type })),
    inline: new Map(Object.entries(res.media ?? {})),
  };
}

/**
 * Sends a reply (the outbound queue's message) through the adapter with the connection's credentials.
 * `extra` adds what only some platforms take (a template, email threading); `ctx` what some need
 * (email: the mailer over the send_email binding, a fetch that reads our own media).
 */
export async function sendReply(
  adapter: ChannelAdapter,
  msg: OutboundMessage,
  channel: ChannelContext,
  extra: Partial<PlatformOutbound> = {},
  more: Partial<SendContext> = {},
): Promise<SendResult> {
  if (!adapter.send)
    return {
      ok: false,
      error: `${adapter.type} replies are not sent through the outbound queue.`,
      retryable: false,
    };
  const creds = adapter.credentialsSchema.safeParse(channel.credentials);
  if (!creds.success)
    return { ok: false, error: "The channel's credentials are incomplete.", retryable: false };
  const first = msg.attachments[0];
  const out: PlatformOutbound = {
    to: msg.to,
    ...(msg.text ? { text: msg.text } : {}),
    ...(first?.url
      ? { media: { url: first.url, mimeType: first.mimeType, filename: first.name } }
      : {}),
    ...(msg.template ? { template: msg.template } : {}),
    idempotencyKey: msg.messageId,
    ...extra,
  };
  const res = await adapter.send(out, creds.data, { ...more, fetch: more.fetch ?? fetch });
  return res.ok
    ? res
    : {
        ok: false,
        error: `${res.code}: ${res.message}`,
        retryable: res.retryable,
        retryAfterMs: res.retryAfterMs,
      };
}
