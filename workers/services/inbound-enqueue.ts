/**
 * Puts a verified raw inbound body (a webhook or an email) on the inbound queue. Small bodies travel
 * inline; larger ones go to R2 first (queue messages are limited), and the consumer deletes them once
 * applied.
 */
import { parserHeaders, type InboundFormat } from "../channels/connection";
import type { ChannelType } from "../db/schema";
import { toBase64 } from "../lib/crypto";
import { newId } from "../lib/ids";
import { INLINE_BODY_BYTES, type InboundMessage } from "../wire/queue";

export interface InboundSource {
  tenantId: string;
  channelId: string;
  type: ChannelType;
}

/** `headers` are the request's; only those a parser reads are kept (see `parserHeaders`). */
export async function enqueueRaw(
  env: Pick<Env, "MEDIA" | "INBOUND_QUEUE">,
  channel: InboundSource,
  rawBody: Uint8Array,
  headers: Record<string, string>,
  format: InboundFormat = "platform",
): Promise<void> {
  const base: InboundMessage = {
    v: 1,
    kind: "webhook",
    tenantId: channel.tenantId,
    channelId: channel.channelId,
    channelType: channel.type,
    receivedAt: Date.now(),
    headers: parserHeaders(headers),
    format,
  };
  let body: InboundMessage;
  if (rawBody.byteLength > INLINE_BODY_BYTES) {
    const key = `inbound/${channel.tenantId}/${newId("wh")}`;
    await env.MEDIA.put(key, rawBody);
    body = { ...base, rawBodyKey: key };
  } else {
    body = { ...base, rawBody: toBase64(rawBody) };
  }
  await env.INBOUND_QUEUE.send(body, { contentType: "json" });
}
