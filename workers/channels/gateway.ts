/**
 * The engine's side of the channels: what the webhook route, the inbound consumer and the outbound
 * consumer call. Each platform's real adapter (registry.ts) sits behind it; events come out in the
 * engine's normalised shape (wire/queue.ts).
 *
 * Besides each platform's own format, every connection also accepts Edgedesk-format events (already
 * normalised, signed `x-edgedesk-signature: sha256=<HMAC(events secret, body)>` with the connection's
 * own events secret), for importers and a merchant's own integrations; the header decides which
 * parser runs. The webhook route verifies with the same choice, so a body is parsed only the way it
 * was authenticated.
 */
import type { ChannelType } from "../db/schema";
import type { NormalizedEvent, OutboundMessage } from "../wire/queue";
import type { InlineMedia, OutboundMessage as PlatformOutbound, SendContext } from "./adapter";
import { toEngineEvents } from "./engine-events";
import { passThroughAdapter } from "./pass-through";
import { channelAdapters } from "./registry";
import { ENVELOPE_FROM_HEADER, ENVELOPE_TO_HEADER } from "./email-parse";
import { SIGNATURE_HEADER } from "./signature";
import { widgetServerAdapter } from "./widget-server";

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

export type SendResult = { ok: true; externalMessageId: string } | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

export interface GatewayAdapter {
  readonly type: ChannelType | "*";
  verify(req: WebhookRequest, channel: ChannelContext): Promise<boolean>;
  handshake?(req: WebhookRequest, channel: ChannelContext): Response | null;
  /** Normalises a verified body; throws on a malformed one (the consumer dead-letters it). */
  parse(raw: Uint8Array, headers: Record<string, string>): NormalizedEvent[] | Promise<NormalizedEvent[]>;
  /** Like parse, plus media that arrived inside the body (email attachments), by media id. */
  parseWithMedia?(raw: Uint8Array, headers: Record<string, string>): Promise<ParsedInbound>;
  /** `ctx` adds what some platforms need (email: the mailer over the send_email binding, a fetch that reads our own media). */
  send?(msg: OutboundMessage, channel: ChannelContext, extra?: Partial<PlatformOutbound>, ctx?: Partial<SendContext>): Promise<SendResult>;
}

/** Wraps a platform adapter: credentials checked against its schema, events mapped to the engine's shape. */
function platform<K extends Exclude<ChannelType, "widget">>(type: K): GatewayAdapter {
  const adapter = channelAdapters[type];
  const creds = (channel: ChannelContext) => adapter.credentialsSchema.safeParse(channel.credentials);
  const parseWithMedia = async (raw: Uint8Array, headers: Record<string, string>): Promise<ParsedInbound> => {
    const res = await adapter.parse(raw, new Headers(headers));
    if (!res.ok) throw new Error(res.message);
    return { events: toEngineEvents(res.events), inline: new Map(Object.entries(res.media ?? {})) };
  };
  return {
    type,
    async verify(req, channel) {
      const c = creds(channel);
      if (!c.success) return false;
      // Telegram's registered secret; never the verify token, which is no secret.
      const secret = typeof channel.credentials.webhookSecret === "string" ? channel.credentials.webhookSecret : "";
      return adapter.verify({ headers: new Headers(req.headers), rawBody: req.rawBody }, c.data, { webhookSecret: secret });
    },
    handshake(req, channel) {
      return adapter.handshake?.(req.url, channel.verifyToken) ?? null;
    },
    async parse(raw, headers) {
      return (await parseWithMedia(raw, headers)).events;
    },
    parseWithMedia,
    async send(msg, channel, extra = {}, more = {}) {
      const c = creds(channel);
      if (!c.success) return { ok: false, error: "The channel's credentials are incomplete.", retryable: false };
      const out: PlatformOutbound = {
        to: msg.to,
        ...(msg.text ? { text: msg.text } : {}),
        ...(msg.attachments[0]?.url ? { media: { url: msg.attachments[0].url, mimeType: msg.attachments[0].mimeType, filename: msg.attachments[0].name } } : {}),
        idempotencyKey: msg.messageId,
        ...extra,
      };
      const ctx: SendContext = { ...more, fetch: more.fetch ?? fetch };
      const res = await adapter.send(out, c.data, ctx);
      return res.ok ? res : { ok: false, error: `${res.code}: ${res.message}`, retryable: res.retryable, retryAfterMs: res.retryAfterMs };
    },
  };
}

const adapters = new Map<string, GatewayAdapter>([
  ["whatsapp", platform("whatsapp")],
  ["messenger", platform("messenger")],
  ["instagram", platform("instagram")],
  ["telegram", platform("telegram")],
  ["line", platform("line")],
  ["email", platform("email")],
  ["widget", widgetServerAdapter],
]);

/** Which parser a verified body needs: the platform's own, or the Edgedesk format (decided by its signature header). */
export type InboundFormat = "platform" | "edgedesk";

export const formatOf = (type: ChannelType, headers: Record<string, string>): InboundFormat =>
  type !== "widget" && SIGNATURE_HEADER in headers ? "edgedesk" : "platform";

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

export function getAdapter(type: ChannelType, headers: Record<string, string> = {}, format: InboundFormat = formatOf(type, headers)): GatewayAdapter {
  if (format === "edgedesk") return passThroughAdapter;
  return adapters.get(type) ?? passThroughAdapter;
}

/** Replaces the adapter for one channel type (tests use it to observe outbound sends). */
export function registerAdapter(type: ChannelType, adapter: GatewayAdapter): void {
  adapters.set(type, adapter);
}

/** `format` is what the webhook route decided; bodies queued before it was recorded carry their signature header instead. */
export async function parseInbound(type: ChannelType, raw: Uint8Array, headers: Record<string, string>, format?: InboundFormat): Promise<ParsedInbound> {
  const adapter = getAdapter(type, headers, format);
  if (adapter.parseWithMedia) return adapter.parseWithMedia(raw, headers);
  return { events: await adapter.parse(raw, headers), inline: new Map() };
}
