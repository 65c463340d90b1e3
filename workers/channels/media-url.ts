import { createHmac } from "node:crypto";
import type { Attachment } from "../wire/socket";
import { toBase64Url } from "../lib/crypto";
import { base64UrlToBytes, hmac, verifyHmac } from "./crypto";

/** Domain separation: the same signing key may sign other things, never interchangeably. */
const payload = (key: string, expiresAt: number) => `edgedesk-media-v1\n${key}\n${expiresAt}`;
const DEFAULT_BASE = "/media/";

const encodeKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");

/**
 * A short-lived URL for an R2 object: `/media/<key>?exp=<ms>&sig=<base64url HMAC-SHA256>`.
 * `expiresAt` is epoch ms. Relative by default; pass `base` (e.g. PUBLIC_BASE_URL + "/media/") for absolute.
 */
export async function signMediaUrl(
  key: string,
  expiresAt: number,
  signingKey: string,
  base: string = DEFAULT_BASE,
): Promise<string> {
  if (!signingKey) throw new Error("signMediaUrl: empty signing key");
  if (!Number.isSafeInteger(expiresAt))
    throw new Error("signMediaUrl: expiresAt must be an integer (epoch ms)");
  const sig = toBase64Url(await hmac(signingKey, payload(key, expiresAt)));
  return `${base}${encodeKey(key)}?exp=${expiresAt}&sig=${sig}`;
}

/**
 * The same URL as signMediaUrl, computed synchronously (node:crypto under nodejs_compat), for code that
 * may not await: a Durable Object broadcasting a message inside one synchronous step.
 */
export function signMediaUrlSync(
  key: string,
  expiresAt: number,
  signingKey: string,
  base: string = DEFAULT_BASE,
): string {
  if (!signingKey) throw new Error("signMediaUrl: empty signing key");
  if (!Number.isSafeInteger(expiresAt))
    throw new Error("signMediaUrl: expiresAt must be an integer (epoch ms)");
  const sig = toBase64Url(
    new Uint8Array(createHmac("sha256", signingKey).update(payload(key, expiresAt)).digest()),
  );
  return `${base}${encodeKey(key)}?exp=${expiresAt}&sig=${sig}`;
}

/** Links live an hour at least; the expiry steps in 15-minute buckets so a re-render reuses the cached URL. */
export const MEDIA_URL_TTL_MS = 3600_000;
const MEDIA_URL_BUCKET_MS = 15 * 60_000;
export const mediaUrlExpiry = (now: number) =>
  Math.ceil((now + MEDIA_URL_TTL_MS) / MEDIA_URL_BUCKET_MS) * MEDIA_URL_BUCKET_MS;

/** Stored media keys: `media/<tenant>/<conversation>/…`; anything else is a platform reference, never served. */
export const mediaPrefix = (tenantId: string, conversationId: string) =>
  `media/${tenantId}/${conversationId}/`;

export type MediaUrlCheck =
  | { ok: true; key: string; expiresAt: number }
  | { ok: false; code: "MEDIA_URL_INVALID" | "MEDIA_URL_EXPIRED" };

/** Checks a URL made by signMediaUrl: signature first (constant time), then expiry. */
export async function verifyMediaUrl(
  url: string | URL,
  signingKey: string,
  now: number = Date.now(),
  base: string = DEFAULT_BASE,
): Promise<MediaUrlCheck> {
  const u = typeof url === "string" ? new URL(url, "http://local") : url;
  const basePath = new URL(base, "http://local").pathname;
  if (!u.pathname.startsWith(basePath)) return { ok: false, code: "MEDIA_URL_INVALID" };
  let key: string;
  try {
    key = u.pathname.slice(basePath.length).split("/").map(decodeURIComponent).join("/");
  } catch {
    return { ok: false, code: "MEDIA_URL_INVALID" };
  }
  const exp = u.searchParams.get("exp") ?? "";
  const sig = base64UrlToBytes(u.searchParams.get("sig") ?? "");
  if (!key || !/^\d{1,16}$/.test(exp) || !sig) return { ok: false, code: "MEDIA_URL_INVALID" };
  const expiresAt = Number(exp);
  if (!(await verifyHmac(signingKey, payload(key, expiresAt), sig)))
    return { ok: false, code: "MEDIA_URL_INVALID" };
  if (expiresAt <= now) return { ok: false, code: "MEDIA_URL_EXPIRED" };
  return { ok: true, key, expiresAt };
}

/**
 * Attachments as a client sees them: stored media of this conversation gets a fresh signed link;
 * anything else (a platform reference that could not be stored, a key from elsewhere) gets none.
 */
export function presentAttachments<T extends { attachments: Attachment[] }>(
  m: T,
  prefix: string,
  signingKey: string,
  now: number,
  base?: string,
): T {
  if (!m.attachments.length) return m;
  const exp = mediaUrlExpiry(now);
  const attachments = m.attachments.map(({ url: _url, ...a }) =>
    a.key.startsWith(prefix) ? { ...a, url: signMediaUrlSync(a.key, exp, signingKey, base) } : a,
  );
  return { ...m, attachments };
}
