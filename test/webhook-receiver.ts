/** What a merchant's receiver does with an outgoing webhook (docs/ops-integration.md), for tests to check signatures. */
import { timingSafeEqual } from "../workers/lib/crypto";
import { signWebhook } from "../workers/outgoing-webhooks/webhook-signing";

/** True when the Standard Webhooks headers sign `body` with `secret` within `tolerance` seconds. */
export async function verifyWebhook(
  secret: string,
  headers: Headers,
  body: string,
  nowSeconds: number,
  tolerance = 300,
): Promise<boolean> {
  const id = headers.get("webhook-id");
  const ts = Number(headers.get("webhook-timestamp"));
  const sigs = headers.get("webhook-signature");
  if (!id || !Number.isFinite(ts) || !sigs || Math.abs(nowSeconds - ts) > tolerance) return false;
  const expected = await signWebhook(secret, id, ts, body);
  return sigs.split(" ").some((s) => timingSafeEqual(s, expected));
}
