import type { SendingChannelAdapter } from "./adapter";
import { WhatsAppCredentialsSchema } from "./credentials";
import type { WhatsAppCredentials } from "./credentials";
import { checkMetaCredentials, GRAPH_API_BASE, metaHandshake, verifyMetaRequest } from "./meta";
import { fetchWhatsAppMedia } from "./media-fetch";
import { parseWhatsApp } from "./whatsapp-parse";
import { sendWhatsApp } from "./whatsapp-send";

export { canSendFreeForm, whatsappWindow, buildWhatsAppPayload } from "./whatsapp-send";

/** WhatsApp Cloud API: X-Hub-Signature-256 with the app secret, Graph API `/messages` for sending. */
export const whatsappAdapter: SendingChannelAdapter<WhatsAppCredentials, "whatsapp"> = {
  type: "whatsapp",
  label: "WhatsApp",
  credentialsSchema: WhatsAppCredentialsSchema,
  handshake: metaHandshake,
  verify: (req, creds) => verifyMetaRequest(req, creds.appSecret),
  parse: (rawBody) => parseWhatsApp(rawBody),
  send: sendWhatsApp,
  replyWindowMs: 24 * 3600_000,
  fetchMedia: fetchWhatsAppMedia,
  // Business-initiated messages only as approved templates, to opted-in users; about 80 msg/s per
  // number and a daily cap on unique recipients by tier (1,000 for a new number; `config.messagingLimit` raises it).
  broadcast: { maxPerMinute: 1200, requiresTemplate: true, requiresOptIn: true, dailyCap: 1000 },
  form: {
    label: "WhatsApp Business (Cloud API)",
    fields: [
      { key: "phoneNumberId", label: "Phone number ID" },
      { key: "accessToken", label: "Access token", kind: "secret" },
      {
        key: "appSecret",
        label: "App secret",
        kind: "secret",
        hint: "Used to check the X-Hub-Signature-256 of each webhook.",
      },
      {
        key: "wabaId",
        label: "Business Account ID",
        optional: true,
        pattern: "[0-9]{5,30}",
        hint: "WhatsApp Business Account ID: lets broadcasts use your approved templates.",
      },
    ],
    testTo: "Recipient phone number (E.164)",
    edit: {
      label: "Business Account",
      fields: ["wabaId"],
      savedNote: "Saved. Sync the templates from the broadcast form.",
    },
  },
  // The phone number id must be one the token can read: a typo there fails every send later.
  check: (creds, ctx) =>
    checkMetaCredentials(
      ctx.fetch,
      `${GRAPH_API_BASE}/${encodeURIComponent(creds.phoneNumberId)}`,
      creds.accessToken,
      (b) =>
        typeof b.display_phone_number === "string"
          ? b.display_phone_number
          : typeof b.id === "string"
            ? b.id
            : null,
    ),
};
