import { fromBase64, hmacSha256, timingSafeEqual } from "../lib/crypto";

/**
 * Shopify and WooCommerce both sign the raw body: base64(HMAC-SHA256(secret, body)) in a header.
 * Compared as bytes in constant time; a missing or malformed header is a mismatch.
 */
export async function base64HmacMatches(
  raw: string,
  header: string | null,
  secret: string,
): Promise<boolean> {
  if (!header || !secret) return false;
  let given: Uint8Array;
  try {
    given = fromBase64(header.trim());
  } catch {
    return false;
  }
  return timingSafeEqual(await hmacSha256(secret, raw), given);
}
