import type { SendFailure } from "./adapter";
import type { LineCredentials, TelegramCredentials, WhatsAppCredentials } from "./credentials";
import { callJson, errorMessage, httpFailure, isObject } from "./http";
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

/** Reads at most `limit` bytes; null as soon as the body is larger (the rest is never downloaded). */
async function readLimited(res: Response, limit: number): Promise<Uint8Array | null> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Downloads one URL, enforcing the allow-list and the per-kind size limit before and while reading. */
async function download(fetchFn: typeof fetch, url: string, headers: Record<string, string>, declared: { mimeType?: string; size?: number; filename?: string }): Promise<MediaFetchResult> {
  let res: Response;
  try {
    res = await fetchFn(url, { headers });
  } catch (err) {
    return fail("NETWORK_ERROR", errorMessage(err), true);
  }
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
  const bytes = await readLimited(res, pre.limit);
  if (!bytes) return fail("MEDIA_TOO_LARGE", `larger than the ${pre.kind} limit of ${pre.limit} bytes`);
  return { ok: true, bytes, mimeType, size: bytes.byteLength, ...(declared.filename ? { filename: declared.filename } : {}) };
}

/**
 * Fetches the bytes of a platform media object referenced by an inbound event, for the caller to
 * store in R2. Never throws; failures say whether a retry can help.
 */
export async function fetchPlatformMedia(source: MediaSource, media: MediaRef, ctx: { fetch: typeof fetch }): Promise<MediaFetchResult> {
  const declared = { mimeType: media.mimeType, size: media.size, filename: media.filename };
  switch (source.channel) {
    case "whatsapp": {
      const auth = { authorization: `Bearer ${source.creds.accessToken}` };
      if (media.url) return download(ctx.fetch, media.url, auth, declared);
      if (!media.platformId) return fail("MEDIA_REF_INVALID", "WhatsApp media needs an id");
      // Step 1: the media id resolves to a short-lived URL (valid ~5 minutes), which also needs the token.
      const meta = await callJson(ctx.fetch, `${GRAPH_API_BASE}/${encodeURIComponent(media.platformId)}?phone_number_id=${encodeURIComponent(source.creds.phoneNumberId)}`, { method: "GET", headers: auth });
      if (!meta.ok) return meta;
      if (meta.status !== 200 || !isObject(meta.body) || typeof meta.body.url !== "string") {
        return httpFailure(meta, meta.status === 404 ? "MEDIA_NOT_FOUND" : `HTTP_${meta.status}`, "WhatsApp media lookup failed");
      }
      const b = meta.body;
      return download(ctx.fetch, b.url as string, auth, {
        mimeType: typeof b.mime_type === "string" ? b.mime_type : declared.mimeType,
        size: typeof b.file_size === "number" ? b.file_size : declared.size,
        filename: declared.filename,
      });
    }
    case "telegram": {
      if (!media.platformId) return fail("MEDIA_REF_INVALID", "Telegram media needs a file_id");
      const base = `https://api.telegram.org`;
      const info = await callJson(ctx.fetch, `${base}/bot${source.creds.botToken}/getFile?file_id=${encodeURIComponent(media.platformId)}`, { method: "GET", headers: {} });
      if (!info.ok) return info;
      const result = isObject(info.body) && info.body.ok === true && isObject(info.body.result) ? info.body.result : undefined;
      if (!result || typeof result.file_path !== "string") {
        // Bot API getFile refuses files over 20 MB; nothing a retry changes.
        return httpFailure(info, info.status === 400 ? "MEDIA_UNAVAILABLE" : `TELEGRAM_${info.status}`, "Telegram getFile failed");
      }
      const path = result.file_path;
      return download(ctx.fetch, `${base}/file/bot${source.creds.botToken}/${path}`, {}, {
        ...declared,
        mimeType: declared.mimeType ?? mimeFromPath(path),
        size: declared.size ?? (typeof result.file_size === "number" ? result.file_size : undefined),
      });
    }
    case "line": {
      // Content the sender's app hosts itself ("external" provider) is fetched from there, without our token.
      if (media.url) return download(ctx.fetch, media.url, {}, declared);
      if (!media.platformId) return fail("MEDIA_REF_INVALID", "LINE media needs a message id");
      return download(ctx.fetch, `https://api-data.line.me/v2/bot/message/${encodeURIComponent(media.platformId)}/content`, { authorization: `Bearer ${source.creds.channelAccessToken}` }, declared);
    }
    case "messenger":
    case "instagram":
      if (!media.url) return fail("MEDIA_REF_INVALID", "attachment URL missing");
      return download(ctx.fetch, media.url, {}, declared);
  }
}
