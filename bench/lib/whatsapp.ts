/**
 * WhatsApp Cloud API deliveries for benches: a channel connected through the API with a known app
 * secret, and text-message webhooks signed as Meta signs them (X-Hub-Signature-256 over the body).
 */
import { createHmac } from "node:crypto";
import type { Request } from "./http";

export interface WhatsAppChannel {
  channelId: string;
  appSecret: string;
  phoneNumberId: string;
}

export async function connectWhatsApp(request: Request, cookie: string): Promise<WhatsAppChannel> {
  const appSecret = `bench-app-secret-${Math.random().toString(36).slice(2)}`;
  const phoneNumberId = String(100_000_000_000 + Math.floor(Math.random() * 1e9));
  const credentials = { accessToken: "bench-access-token", phoneNumberId, appSecret };
  const res = await request(
    "POST",
    "/api/channels",
    JSON.stringify({ type: "whatsapp", name: "WhatsApp bench", credentials }),
    { cookie },
  );
  if (res.status !== 201) throw new Error(`connecting WhatsApp failed: ${res.status} ${res.body}`);
  return {
    channelId: (JSON.parse(res.body) as { channel: { id: string } }).channel.id,
    appSecret,
    phoneNumberId,
  };
}

/** One text message from `waId`, as the Cloud API delivers it; `messageId` becomes the stored message's externalId. */
export function whatsappDelivery(
  channel: WhatsAppChannel,
  waId: string,
  messageId: string,
  text: string,
): { body: string; headers: Record<string, string> } {
  const value = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: "15550001234", phone_number_id: channel.phoneNumberId },
    contacts: [{ profile: { name: `Shopper ${waId}` }, wa_id: waId }],
    messages: [
      {
        from: waId,
        id: messageId,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: "text",
        text: { body: text },
      },
    ],
  };
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "bench-waba", changes: [{ field: "messages", value }] }],
  });
  return {
    body,
    headers: {
      "x-hub-signature-256": `sha256=${createHmac("sha256", channel.appSecret).update(body).digest("hex")}`,
    },
  };
}
