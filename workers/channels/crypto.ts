/**
 * Byte-level helpers for webhook signatures. HMAC checks go through crypto.subtle.verify, which
 * compares in constant time; plain secrets (Telegram) use `timingSafeEqual` from lib/crypto.ts.
 */
const encoder = new TextEncoder();

export const utf8 = (s: string): Uint8Array<ArrayBuffer> => encoder.encode(s);

/** Copies into a fresh ArrayBuffer-backed view: WebCrypto rejects views over SharedArrayBuffer types. */
const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(b.byteLength);
  out.set(b);
  return out;
};

export type HmacHash = "SHA-256" | "SHA-1";

const importHmacKey = (secret: string | Uint8Array, hash: HmacHash): Promise<CryptoKey> =>
  crypto.subtle.importKey(
    "raw",
    typeof secret === "string" ? utf8(secret) : own(secret),
    { name: "HMAC", hash },
    false,
    ["sign", "verify"],
  );

export async function hmac(
  secret: string | Uint8Array,
  data: Uint8Array | string,
  hash: HmacHash = "SHA-256",
): Promise<Uint8Array> {
  const key = await importHmacKey(secret, hash);
  const bytes = typeof data === "string" ? utf8(data) : own(data);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
}

/** Constant-time HMAC check of `signature` over `data`; false (never throws) for any malformed input. */
export async function verifyHmac(
  secret: string | Uint8Array,
  data: Uint8Array | string,
  signature: Uint8Array | null,
  hash: HmacHash = "SHA-256",
): Promise<boolean> {
  if (!signature || signature.byteLength === 0) return false;
  if (typeof secret === "string" && secret.length === 0) return false;
  const key = await importHmacKey(secret, hash);
  const bytes = typeof data === "string" ? utf8(data) : own(data);
  return crypto.subtle.verify("HMAC", key, own(signature), bytes);
}

/** Strict hex decoding (either case); null on odd length or any non-hex character. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Strict standard base64 (the LINE header); null when it is not valid base64. */
export function base64ToBytes(b64: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function base64UrlToBytes(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  return base64ToBytes(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
}
