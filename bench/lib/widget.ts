/** Widget-channel signing for benches: the real widget adapter verifies HMAC(identitySecret, body). */
import { createHmac } from "node:crypto";
import { decryptJson } from "../../workers/lib/crypto";
import { ENCRYPTION_KEY, type Worker } from "./server";

export async function widgetSecret(
  worker: Worker,
  tenantId: string,
): Promise<{ channelId: string; secret: string }> {
  const [row] = worker.d1<{ id: string; credentials_enc: string }>(
    `SELECT id, credentials_enc FROM channels WHERE tenant_id = '${tenantId.replace(/'/g, "")}' AND type = 'widget'`,
  );
  const creds = await decryptJson<{ identitySecret: string }>(ENCRYPTION_KEY, row.credentials_enc);
  return { channelId: row.id, secret: creds.identitySecret };
}

export function widgetWebhook(
  secret: string,
  userId: string,
  messageId: string,
  text: string,
): { body: string; signature: string } {
  const body = JSON.stringify({
    events: [{ type: "message", userId, messageId, text, timestamp: Date.now() }],
  });
  return { body, signature: `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` };
}
