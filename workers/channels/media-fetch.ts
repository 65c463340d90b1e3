import { readLimited } from "../lib/read-limited";
import type { MediaFetchResult, SendFailure } from "./adapter";
import type { LineCredentials, TelegramCredentials, WhatsAppCredentials } from "./credentials";
import { guardedGet, onHosts, type Credential } from "./guarded-fetch";
import { httpFailure, isObject, readJson, type JsonResponse } from "./http";
import { checkMedia, normalizeMime } from "./media";
import { GRAPH_API_BASE } from "./meta";
import type { MediaRef } from "./adapter";

export type { FetchedMedia, MediaFetchResult } from "./adapter";
type Ctx = { fetch: typeof fetch };

const fail = (code: string, message: string, retryable = false, status = 0): SendFailure => ({
  ok: false,
  retryable,
  status,
  code,
  message,
});

const EXTENSION_MIME: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  oga: "audio/ogg",
  ogg: "audio/ogg",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  zip: "application/zip",
};
const mimeFromPath = (path: string) => EXTENSION_MIME[path.split(".").pop()?.toLowerCase() ?? ""];

/**
 * Each platform's own hosts: the only ones its credential is sent to, at every hop. WhatsApp's media
 * links are Graph API lookups answered with a `lookaside.fbsbx.com` URL; LINE serves content from
 * `api-data.line.me`; Telegram's file links carry the bot token in their path.
 */
export const PLATFORM_HOSTS = {
  whatsapp: ["graph.facebook.com", "lookaside.fbsbx.com"],
  telegram: ["api.telegram.org"],
  line: ["api.line.me", "api-data.line.me"],
} as const satisfies Record<string, readonly string[]>;

/** Downloads one URL through the guard, enforcing the per-kind size limit before and while reading. */
async function download(
  fetchFn: typeof fetch,
  url: string,
  credential: Credential | undefined,
  declared: { mimeType?: string; size?: number; filename?: string },
): Promise<MediaFetchResult> {
  const got = await guardedGet(fetchFn, url, credential);
  if (!got.ok) return got;
  const res = got.res;
  // LINE answers 202 while it is still preparing video/audio content.
  if (res.status === 202)
    return fail("MEDIA_NOT_READY", "content is still being prepared", true, 202);
  if (!res.ok) {
    await res.body?.cancel();
    return fail(
      res.status === 404 ? "MEDIA_NOT_FOUND" : `HTTP_${res.status}`,
      `media download failed: HTTP ${res.status}`,
      res.status === 429 || res.status >= 500,
      res.status,
    );
  }
  const header = res.headers.get("content-type");
  const fromHeader =
    header && normalizeMime(header) !== "application/octet-stream" ? header : undefined;
  const mimeType = normalizeMime(
    declared.mimeType ??
      fromHeader ??
      (declared.filename && mimeFromPath(declared.filename)) ??
      "application/octet-stream",
  );
  const length = Number(res.headers.get("content-length") ?? NaN);
  const pre = checkMedia({
    mimeType,
    size: declared.size ?? (Number.isFinite(length) ? length : undefined),
  });
  if (!pre.ok) {
    await res.body?.cancel();
    return fail(pre.code, pre.message);
  }
  const bytes = await readLimited(res.body, pre.limit);
  if (!bytes)
    return fail("MEDIA_TOO_LARGE", `larger than the ${pre.kind} limit of ${pre.limit} bytes`);
  return {
    ok: true,
    bytes,
    mimeType,
    size: bytes.byteLength,
    ...(declared.filename ? { filename: declared.filename } : {}),
  };
}

/** A platform API call that answers JSON (WhatsApp's media lookup, Telegram's getFile), through the guard. */
async function lookup(
  fetchFn: typeof fetch,
  url: string,
  credential: Credential,
): Promise<JsonResponse | SendFailure> {
  const got = await guardedGet(fetchFn, url, credential);
  return got.ok ? readJson(got.res) : got;
}

/*
 * Each platform's media download (its adapter's `fetchMedia`). Never throws; failures say whether a
 * retry can help. A link that is not on the platform's own hosts (LINE's external content, Messenger's
 * CDN links, an imported event's attachment) is fetched without any credential; every link passes the
 * unsafe-URL guard. Email attachments arrive inline and widget uploads go straight to R2.
 */
const declaredOf = (media: MediaRef) => ({
  mimeType: media.mimeType,
  size: media.size,
  filename: media.filename,
});

/** WhatsApp: the media id resolves to a short-lived URL (valid ~5 minutes), which also needs the token. */
export async function fetchWhatsAppMedia(
  media: MediaRef,
  creds: WhatsAppCredentials,
  ctx: Ctx,
): Promise<MediaFetchResult> {
  const declared = declaredOf(media);
  const credential: Credential = {
    headers: { authorization: `Bearer ${creds.accessToken}` },
    hosts: PLATFORM_HOSTS.whatsapp,
  };
  if (media.url && onHosts(media.url, credential.hosts))
    return download(ctx.fetch, media.url, credential, declared);
  if (!media.platformId)
    return media.url
      ? download(ctx.fetch, media.url, undefined, declared)
      : fail("MEDIA_REF_INVALID", "WhatsApp media needs an id");
  const meta = await lookup(
    ctx.fetch,
    `${GRAPH_API_BASE}/${encodeURIComponent(media.platformId)}?phone_number_id=${encodeURIComponent(creds.phoneNumberId)}`,
    credential,
  );
  if (!meta.ok) return meta;
  if (meta.status !== 200 || !isObject(meta.body) || typeof meta.body.url !== "string") {
    return httpFailure(
      meta,
      meta.status === 404 ? "MEDIA_NOT_FOUND" : `HTTP_${meta.status}`,
      "WhatsApp media lookup failed",
    );
  }
  const b = meta.body;
  return download(ctx.fetch, b.url as string, credential, {
    mimeType: typeof b.mime_type === "string" ? b.mime_type : declared.mimeType,
    size: typeof b.file_size === "number" ? b.file_size : declared.size,
    filename: declared.filename,
  });
}

/** Telegram: getFile names the path; the file link carries the bot token in its path. */
export async function fetchTelegramMedia(
  media: MediaRef,
  creds: TelegramCredentials,
  ctx: Ctx,
): Promise<MediaFetchResult> {
  const declared = declaredOf(media);
  if (!media.platformId)
    return media.url
      ? download(ctx.fetch, media.url, undefined, declared)
      : fail("MEDIA_REF_INVALID", "Telegram media needs a file_id");
  const base = `https://api.telegram.org`;
  const credential: Credential = { headers: {}, hosts: PLATFORM_HOSTS.telegram };
  const info = await lookup(
    ctx.fetch,
    `${base}/bot${creds.botToken}/getFile?file_id=${encodeURIComponent(media.platformId)}`,
    credential,
  );
  if (!info.ok) return info;
  const result =
    isObject(info.body) && info.body.ok === true && isObject(info.body.result)
      ? info.body.result
      : undefined;
  if (!result || typeof result.file_path !== "string") {
    // Bot API getFile refuses files over 20 MB; nothing a retry changes.
    return httpFailure(
      info,
      info.status === 400 ? "MEDIA_UNAVAILABLE" : `TELEGRAM_${info.status}`,
      "Telegram getFile failed",
    );
  }
  const path = result.file_path;
  return download(ctx.fetch, `${base}/file/bot${creds.botToken}/${path}`, credential, {
    ...declared,
    mimeType: declared.mimeType ?? mimeFromPath(path),
    size: declared.size ?? (typeof result.file_size === "number" ? result.file_size : undefined),
  });
}

/** LINE: content API by message id; content the sender's app hosts itself ("external") is fetched from there, without our token. */
export async function fetchLineMedia(
  media: MediaRef,
  creds: LineCredentials,
  ctx: Ctx,
): Promise<MediaFetchResult> {
  const declared = declaredOf(media);
  if (media.url) return download(ctx.fetch, media.url, undefined, declared);
  if (!media.platformId) return fail("MEDIA_REF_INVALID", "LINE media needs a message id");
  const credential: Credential = {
    headers: { authorization: `Bearer ${creds.channelAccessToken}` },
    hosts: PLATFORM_HOSTS.line,
  };
  return download(
    ctx.fetch,
    `https://api-data.line.me/v2/bot/message/${encodeURIComponent(media.platformId)}/content`,
    credential,
    declared,
  );
}

/** Messenger/Instagram: attachments are plain CDN links that need no credential. */
export async function fetchLinkedMedia(
  media: MediaRef,
  _creds: unknown,
  ctx: Ctx,
): Promise<MediaFetchResult> {
  if (!media.url) return fail("MEDIA_REF_INVALID", "attachment URL missing");
  return download(ctx.fetch, media.url, undefined, declaredOf(media));
}
