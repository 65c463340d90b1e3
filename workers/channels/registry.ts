/**
 * SEAM — the channels branch replaces this file with the real registry (one adapter per channel).
 * Until then it holds what the engine needs to run end to end: the real `widget` adapter (server-side
 * events signed with the widget's identity secret) and a pass-through adapter for every other channel
 * type that accepts bodies which are already normalised events, signed with the channel's verify token.
 * The engine only calls `getAdapter(type)` and `parseInbound(type, raw, headers)`.
 */
import type { ChannelType } from "../db/schema";
import type { NormalizedEvent, OutboundMessage } from "../wire/queue";
import { passThroughAdapter } from "./pass-through";
import { widgetAdapter } from "./widget";

/** A connection's secrets and settings, decrypted once per request by the caller. */
export interface ChannelContext {
  tenantId: string;
  channelId: string;
  verifyToken: string;
  credentials: Record<string, unknown>;
  config: Record<string, unknown>;
}

export interface WebhookRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  rawBody: Uint8Array;
}

export type SendResult = { ok: true; externalMessageId: string } | { ok: false; error: string; retryable: boolean };

export interface ChannelAdapter {
  readonly type: ChannelType | "*";
  /** True when the request provably comes from the platform (signature over the exact bytes). */
  verify(req: WebhookRequest, channel: ChannelContext): Promise<boolean>;
  /** GET handshakes (e.g. `hub.challenge`); null when the channel has none. */
  handshake?(req: WebhookRequest, channel: ChannelContext): Response | null;
  /** Normalises a verified body; throws on a malformed body (the consumer dead-letters it). */
  parse(raw: Uint8Array, headers: Record<string, string>): NormalizedEvent[];
  /** Delivers a reply; channels whose replies travel over sockets (widget) have none. */
  send?(msg: OutboundMessage, channel: ChannelContext): Promise<SendResult>;
}

const adapters = new Map<string, ChannelAdapter>([["widget", widgetAdapter]]);

export function getAdapter(type: ChannelType): ChannelAdapter {
  return adapters.get(type) ?? passThroughAdapter;
}

/** Replaces the adapter for one channel type (tests use it to observe outbound sends). */
export function registerAdapter(type: ChannelType, adapter: ChannelAdapter): void {
  adapters.set(type, adapter);
}

export function parseInbound(type: ChannelType, raw: Uint8Array, headers: Record<string, string>): NormalizedEvent[] {
  return getAdapter(type).parse(raw, headers);
}
