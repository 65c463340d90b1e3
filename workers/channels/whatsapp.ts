import type { ChannelAdapter } from "./adapter";
import { WhatsAppCredentialsSchema } from "./credentials";
import type { WhatsAppCredentials } from "./credentials";
import { checkMetaCredentials, GRAPH_API_BASE, metaHandshake, verifyMetaRequest } from "./meta";
import { parseWhatsApp } from "./whatsapp-parse";
import { sendWhatsApp } from "./whatsapp-send";

export { canSendFreeForm, whatsappWindow, buildWhatsAppPayload } from "./whatsapp-send";

/** WhatsApp Cloud API: X-Hub-Signature-256 with the app secret, Graph API `/messages` for sending. */
export const whatsappAdapter: ChannelAdapter<WhatsAppCredentials> = {
  type: "whatsapp",
  credentialsSchema: WhatsAppCredentialsSchema,
  handshake: metaHandshake,
  verify: (req, creds) => verifyMetaRequest(req, creds.appSecret),
  parse: (rawBody) => parseWhatsApp(rawBody),
  send: sendWhatsApp,
  // The phone number id must be one the token can read: a typo there fails every send later.
  check: (creds, ctx) => checkMetaCredentials(ctx.fetch, `${GRAPH_API_BASE}/${encodeURIComponent(creds.phoneNumberId)}`, creds.accessToken, (b) => (typeof b.display_phone_number === "string" ? b.display_phone_number : typeof b.id === "string" ? b.id : null)),
};
