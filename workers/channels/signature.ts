import { hmacSha256, timingSafeEqual, toHex } from "../lib/crypto";

export const SIGNATURE_HEADER = "x-edgedesk-signature";

/** `sha256=<hex HMAC-SHA256(secret, exact body bytes)>`, the scheme Meta and GitHub use. */
export async function signBody(secret: string, raw: Uint8Array): Promise<string> {
  return `sha256=${toHex(await hmacSha256(secret, new Uint8Array(raw)))}`;
}

export async function verifyBodySignature(
  secret: string | undefined,
  raw: Uint8Array,
  header: string | undefined,
): Promise<boolean> {
  if (!secret || !header) return false;
  return timingSafeEqual(await signBody(secret, raw), header.trim().toLowerCase());
}
