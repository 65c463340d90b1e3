import { readLimited } from "../lib/read-limited";
import type { SendFailure } from "./adapter";
import type { LineCredentials, TelegramCredentials, WhatsAppCredentials } from "./credentials";
import { guardedGet, onHosts, type Credential } from "./guarded-fetch";
import { httpFailure, isObject, readJson, type JsonResponse } from "./http";
import { checkMedia, normalizeMime } from "./media";
import { GRAPH_API_BASE } from "./meta";
import type { MediaRef } from "./types";

export type FetchedMedia = { ok: true; bytes: Uint8Array; mimeType: string; size: number; filename?: string };
export type MediaFetchResult = FetchedMedia | SendFailure;

/** Where the bytes live; email attachments arrive inline and widget uploads go straight to R2. */
export type MediaSource =
  | { channel: "whatsapp"; creds: WhatsAppCredentials }
  | { channel: "telegram"; creds: TelegramCredentials }
  | { channel: "line"; creds: LineCredentials }
  | { channel: "messenger" | "instagram" };

const fail = (code: string, message: string, retryable = false, status = 0): SendFailure => ({ ok: false, retryable, status, code, message });

const EXTENSION_MIME: Record<string, string> = {
  jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", gif: "image/gif",
  mp4: "video/mp4", mov: "video/quicktime", webm: "video/webm", oga: "audio/ogg", ogg: "audio/ogg", mp3: "audio/mpeg", m4a: "audio/mp4",
  pdf: "application/pdf", txt: "text/plain", csv: "text/csv", zip: "application/zip",
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
async function download(fetchFn: typeof fetch, url: string, credential: Credential | undefined, declared: { mimeType?: string; size?: number; filename?: string }): Promise<MediaFetchResult> {
  const got = await guardedGet(fetchFn, url, credential);
  if (!got.ok) return got;
  const res = got.res;
  // LINE answers 202 while it is still preparing video/audio content.
  if (res.status === 202) return fail("MEDIA_NOT_READY", "content is still being prepared", true, 202);
  if (!res.ok) {
    await res.body?.cancel();
    return fail(res.status === 404 ? "MEDIA_NOT_FOUND" : `HTTP_${res.status}`, `media download failed: HTTP ${res.status}`, res.status === 429 || res.status >= 500, res.status);
  }
  const header = res.headers.get("content-type");
  const fromHeader = header && normalizeMime(header) !== "application/octet-stream" ? header : undefined;
  const mimeType = normalizeMime(declared.mimeType ?? fromHeader ?? (declared.filename && mimeFromPath(declared.filename)) ?? "application/octet-stream");
  const length = Number(res.headers.get("content-length") ?? NaN);
  const pre = checkMedia({ mimeType, size: declared.size ?? (Number.isFinite(length) ? length : undefined) });
  if (!pre.ok) {
    await res.body?.cancel();
    return fail(pre.code, pre.message);
  }
  const bytes = await readLimited(res.body, pre.limit);
  if (!bytes) return fail("MEDIA_TOO_LARGE", `larger than the ${pre.kind} limit of ${pre.limit} bytes`);
  return { ok: true, bytes, mimeType, size: bytes.byteLength, ...(declared.filename ? { filename: declared.filename } : {}) };
}

/** A platform API call that answers JSON (WhatsApp's media lookup, Telegram's getFile), through the guard. */
async function lookup(fetchFn: typeof fetch, url: string, credential: Credential): Promise<JsonResponse | SendFailure> {
  const got = await guardedGet(fetchFn, url, credential);
  return got.ok ? readJson(got.res) : got;
}

/**
 * Fetches the bytes of a platform media object referenced by an inbound event, for the caller to
 * store in R2. Never throws; failures say whether a retry can help. A link that is not on the
 * platform's own hosts (LINE's external content, Messenger's CDN links, an imported event's
 * attachment) is fetched without any credential; every link passes the unsafe-URL guard.
 */
export async function fetchPlatformMedia(source: MediaSource, media: MediaRef, ctx: { fetch: typeof fetch }): Promise<MediaFetchResult> {
  const declared = { mimeType: media.mimeType, size: media.size, filename: media.filename };
  const bare = (url: string) => download(ctx.fetch, url, undefined, declared);
  switch (source.channel) {
    case "whatsapp": {
      const credential: Credential = { headers: { authorization: `Bearer ${source.creds.accessToken}` }, hosts: PLATFORM_HOSTS.whatsapp };
      if (media.url && onHosts(media.url, credential.hosts)) return download(ctx.fetch, media.url, credential, declared);
      if (!media.platformId) return media.url ? bare(media.url) : fail("MEDIA_REF_INVALID", "WhatsApp media needs an id");
      // Step 1: the media id resolves to a short-lived URL (valid ~5 minutes), which also needs the token.
      const meta = await lookup(ctx.fetch, `${GRAPH_API_BASE}/${encodeURIComponent(media.platformId)}?phone_number_id=${encodeURIComponent(source.creds.phoneNumberId)}`, credential);
      if (!meta.ok) return meta;
      if (meta.status !== 200 || !isObject(meta.body) || typeof meta.body.url !== "string") {
        return httpFailure(meta, meta.status === 404 ? "MEDIA_NOT_FOUND" : `HTTP_${meta.status}`, "WhatsApp media lookup failed");
      }
      const b = meta.body;
      return download(ctx.fetch, b.url as string, credential, {
        mimeType: typeof b.mime_type === "string" ? b.mime_type : declared.mimeType,
        size: typeof b.file_size === "number" ? b.file_size : declared.size,
        filename: declared.filename,
      });
    }
    case "telegram": {
      if (!media.platformId) return media.url ? bare(media.url) : fail("MEDIA_REF_INVALID", "Telegram media needs a file_id");
      const base = `https://api.telegram.org`;
      const credential: Credential = { headers: {}, hosts: PLATFORM_HOSTS.telegram };
      const info = await lookup(ctx.fetch, `${base}/bot${source.creds.botToken}/getFile?file_id=${encodeURIComponent(media.platformId)}`, credential);
      if (!info.ok) return info;
      const result = isObject(info.body) && info.body.ok === true && isObject(info.body.result) ? info.body.result : undefined;
      if (!result || typeof result.file_path !== "string") {
        // Bot API getFile refuses files over 20 MB; nothing a retry changes.
        return httpFailure(info, info.status === 400 ? "MEDIA_UNAVAILABLE" : `TELEGRAM_${info.status}`, "Telegram getFile failed");
      }
      const path = result.file_path;
      return download(ctx.fetch, `${base}/file/bot${source.creds.botToken}/${path}`, credential, {
        ...declared,
        mimeType: declared.mimeType ?? mimeFromPath(path),
        size: declared.size ?? (typeof result.file_size === "number" ? result.file_size : undefined),
      });
    }
    case "line": {
      // Content the sender's app hosts itself ("external" provider) is fetched from there, without our token.
      if (media.url) return bare(media.url);
      if (!media.platformId) return fail("MEDIA_REF_INVALID", "LINE media needs a message id");
      const credential: Credential = { headers: { authorization: `Bearer ${source.creds.channelAccessToken}` }, hosts: PLATFORM_HOSTS.line };
      return download(ctx.fetch, `https://api-data.line.me/v2/bot/message/${encodeURIComponent(media.platformId)}/content`, credential, declared);
    }
    case "messenger":
    case "instagram":
      if (!media.url) return fail("MEDIA_REF_INVALID", "attachment URL missing");
      return bare(media.url);
  }
}
