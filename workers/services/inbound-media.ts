/**
 * Platform media into R2, on the inbound path, before a message reaches its conversation: the message
 * then names the stored object (`media/<tenant>/<conversation>/…`), which agents and shoppers read
 * through short-lived signed links and the AI reads for transcription. Platform links expire (WhatsApp
 * after minutes) and need the channel's token, so they are never shown to anyone.
 *
 * The object key is derived from the platform's message id, so a redelivered webhook finds the bytes
 * already stored and fetches nothing. A download that fails leaves the message whole, with the
 * attachment marked `error` (too large, not allowed, gone): the text is never held back for an image.
 */
import type { ChannelAdapter, InlineMedia, MediaFetchResult } from "../channels/adapter";
import { checkMedia } from "../channels/media";
import { mediaPrefix } from "../channels/media-url";
import { adapterFor } from "../channels/registry";
import type { Db } from "../db/client";
import { toHex } from "../lib/crypto";
import { log } from "../lib/log";
import type { NormalizedEvent } from "../wire/queue";
import { loadChannel } from "./channel-lookup";
import type { ChannelRef } from "./routing";

type MessageEvent = Extract<NormalizedEvent, { kind: "message" }>;
type Media = NonNullable<MessageEvent["message"]["media"]>[number];

export interface MediaDeps {
  fetch: typeof fetch;
  /** Pause before the one retry of a download that may pass (a 429, a 5xx, LINE's 202). */
  retryDelayMs: number;
}

const defaultDeps = (): MediaDeps => ({
  fetch: (input, init) => fetch(input, init),
  retryDelayMs: 800,
});

async function objectStem(
  ch: ChannelRef,
  conversationId: string,
  externalMessageId: string,
): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${ch.channelId}\n${externalMessageId}`),
  );
  return `${mediaPrefix(ch.tenantId, conversationId)}${toHex(new Uint8Array(digest)).slice(0, 32)}`;
}

/** Where a channel's media is downloaded from, with the credentials it needs. */
interface MediaSource {
  fetchMedia: NonNullable<ChannelAdapter["fetchMedia"]>;
  creds: unknown;
}

/** The adapter's download with the channel's credentials; null for channels whose media never needs fetching. */
async function sourceOf(env: Env, db: Db, ch: ChannelRef): Promise<MediaSource | null> {
  const adapter = adapterFor(ch.channelType);
  if (!adapter?.fetchMedia) return null;
  const channel = await loadChannel(db, env, ch.channelId);
  if (!channel) return null;
  const creds = adapter.credentialsSchema.safeParse(channel.credentials);
  if (!creds.success) return null;
  return { fetchMedia: adapter.fetchMedia, creds: creds.data };
}

function fromInline(item: InlineMedia): MediaFetchResult {
  const check = checkMedia({
    mimeType: item.mimeType,
    size: item.bytes.byteLength,
    source: "email",
  });
  if (!check.ok)
    return { ok: false, retryable: false, status: 0, code: check.code, message: check.message };
  return {
    ok: true,
    bytes: item.bytes,
    mimeType: check.mimeType,
    size: item.bytes.byteLength,
    ...(item.filename ? { filename: item.filename } : {}),
  };
}

async function download(source: MediaSource, m: Media, deps: MediaDeps): Promise<MediaFetchResult> {
  const ref = {
    platformId: m.id,
    url: m.url,
    mimeType: m.mimeType,
    filename: m.name,
    size: m.size,
  };
  const first = await source.fetchMedia(ref, source.creds, { fetch: deps.fetch });
  if (first.ok || !first.retryable) return first;
  await new Promise((r) => setTimeout(r, deps.retryDelayMs));
  return source.fetchMedia(ref, source.creds, { fetch: deps.fetch });
}

async function storeOne(
  env: Env,
  key: string,
  m: Media,
  get: () => Promise<MediaFetchResult>,
  where: Record<string, string>,
): Promise<Media> {
  const existing = await env.MEDIA.head(key);
  if (existing)
    return {
      ...m,
      id: key,
      mimeType: existing.httpMetadata?.contentType ?? m.mimeType,
      size: existing.size,
    };
  const got = await get();
  if (!got.ok) {
    log("warn", "inbound media not stored", { ...where, code: got.code, retryable: got.retryable });
    return { ...m, error: got.code };
  }
  const name = m.name ?? got.filename;
  await env.MEDIA.put(key, got.bytes, {
    httpMetadata: {
      contentType: got.mimeType,
      ...(name
        ? { contentDisposition: `inline; filename*=UTF-8''${encodeURIComponent(name)}` }
        : {}),
    },
    customMetadata: where,
  });
  return { ...m, id: key, mimeType: got.mimeType, size: got.size, ...(name ? { name } : {}) };
}

/**
 * Returns the events with every media item either stored (its id now the R2 key) or marked with the
 * reason it could not be. Throws only when R2 itself fails, so the lane is retried.
 */
export async function storeInboundMedia(
  env: Env,
  db: Db,
  ch: ChannelRef,
  conversationId: string,
  events: NormalizedEvent[],
  inline: ReadonlyMap<string, InlineMedia> = new Map(),
  deps: MediaDeps = defaultDeps(),
): Promise<NormalizedEvent[]> {
  if (!events.some((e) => e.kind === "message" && e.message.media?.length)) return events;
  const prefix = mediaPrefix(ch.tenantId, conversationId);
  let source: MediaSource | null | undefined;
  const out: NormalizedEvent[] = [];
  for (const e of events) {
    if (e.kind !== "message" || !e.message.media?.length) {
      out.push(e);
      continue;
    }
    const stem = await objectStem(ch, conversationId, e.externalMessageId);
    const media = await Promise.all(
      e.message.media.map(async (m, i): Promise<Media> => {
        if (m.id?.startsWith(prefix)) return m;
        const where = {
          tenantId: ch.tenantId,
          conversationId,
          channel: ch.channelType,
          externalMessageId: e.externalMessageId.slice(0, 200),
        };
        const held = m.id ? inline.get(m.id) : undefined;
        if (held) return storeOne(env, `${stem}/${i}`, m, async () => fromInline(held), where);
        source ??= await sourceOf(env, db, ch);
        const from = source;
        // Nothing to fetch from (a widget or an imported event): the reference stays as it came.
        if (!from) return m;
        return storeOne(env, `${stem}/${i}`, m, () => download(from, m, deps), where);
      }),
    );
    out.push({ ...e, message: { ...e.message, media } });
  }
  return out;
}
