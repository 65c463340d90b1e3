import { base64UrlToBytes, bytesToBase64Url, hmac, verifyHmac } from "./crypto";

/** Domain separation: the same signing key may sign other things, never interchangeably. */
const payload = (key: string, expiresAt: number) => `edgedesk-media-v1\n${key}\n${expiresAt}`;
const DEFAULT_BASE = "/media/";

const encodeKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");

/**
 * A short-lived URL for an R2 object: `/media/<key>?exp=<ms>&sig=<base64url HMAC-SHA256>`.
 * `expiresAt` is epoch ms. Relative by default; pass `base` (e.g. PUBLIC_BASE_URL + "/media/") for absolute.
 */
export async function signMediaUrl(key: string, expiresAt: number, signingKey: string, base: string = DEFAULT_BASE): Promise<string> {
  if (!signingKey) throw new Error("signMediaUrl: empty signing key");
  if (!Number.isSafeInteger(expiresAt)) throw new Error("signMediaUrl: expiresAt must be an integer (epoch ms)");
  const sig = bytesToBase64Url(await hmac(signingKey, payload(key, expiresAt)));
  return `${base}${encodeKey(key)}?exp=${expiresAt}&sig=${sig}`;
}

export type MediaUrlCheck = { ok: true; key: string; expiresAt: number } | { ok: false; code: "MEDIA_URL_INVALID" | "MEDIA_URL_EXPIRED" };

/** Checks a URL made by signMediaUrl: signature first (constant time), then expiry. */
export async function verifyMediaUrl(url: string | URL, signingKey: string, now: number = Date.now(), base: string = DEFAULT_BASE): Promise<MediaUrlCheck> {
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
  if (!(await verifyHmac(signingKey, payload(key, expiresAt), sig))) return { ok: false, code: "MEDIA_URL_INVALID" };
  if (expiresAt <= now) return { ok: false, code: "MEDIA_URL_EXPIRED" };
  return { ok: true, key, expiresAt };
}
