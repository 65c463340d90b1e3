/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-signature` is
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64 bytes of a `whsec_` secret.
 */
import { fromBase64, hmacSha256, toBase64 } from "../lib/crypto";

const PREFIX = "whsec_";

export function newWebhookSecret(): string {
  return PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(24)));
}

function keyBytes(secret: string) {
  return fromBase64(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret);
}

export async function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  return `v1,${toBase64(await hmacSha256(keyBytes(secret), `${id}.${timestampSeconds}.${body}`))}`;
}

export async function webhookHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<Record<string, string>> {
  return {
    "content-type": "application/json",
    "user-agent": "Edgedesk-Webhooks/1.0",
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": await signWebhook(secret, id, timestampSeconds, body),
  };
}
