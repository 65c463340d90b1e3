import type { SendingChannelAdapter } from "./adapter";
import { EmailCredentialsSchema } from "./credentials";
import type { EmailCredentials } from "./credentials";
import { ENVELOPE_TO_HEADER, parseEmail } from "./email-parse";
import { sendEmail } from "./email-send";

export { ENVELOPE_FROM_HEADER, ENVELOPE_TO_HEADER } from "./email-parse";
export {
  buildReplyMime,
  createCloudflareMailer,
  createReplyMailer,
  replySubject,
} from "./email-send";
export { stripQuotedReply } from "./email-quotes";

/**
 * Email through Cloudflare Email Routing. The email() handler passes the raw MIME bytes plus the
 * envelope as `x-envelope-from` / `x-envelope-to` headers; there is no signature to check (the mail
 * arrives from the platform, not over HTTP), so `verify` only confirms the message was addressed to
 * this channel's inbox.
 */
export const emailAdapter: SendingChannelAdapter<EmailCredentials, "email"> = {
  type: "email",
  label: "Email",
  credentialsSchema: EmailCredentialsSchema,
  verify: async (req, creds) =>
    req.headers.get(ENVELOPE_TO_HEADER)?.trim().toLowerCase() === creds.address.toLowerCase(),
  parse: (rawBody, headers) => parseEmail(rawBody, headers),
  send: sendEmail,
  // The inbox address is kept in clear so the email() handler finds the channel without decrypting every row.
  config: (creds) => ({ address: creds.address.toLowerCase() }),
  threads: true,
  // Its check (the recipient address) is no secret, so raw mail is refused on the webhook.
  httpWebhook: false,
  // Gentle pacing.
  broadcast: { maxPerMinute: 300 },
  form: {
    label: "Email",
    fields: [
      {
        key: "address",
        label: "Support address",
        hint: "Mail to this address becomes conversations (Email Routing → this Worker).",
      },
      {
        key: "displayName",
        label: "Sender name",
        optional: true,
        hint: "Shown in From on replies, e.g. Acme Support.",
      },
    ],
    // Mail is tested by writing to the support address: the server refuses test sends for email.
    testTo: null,
    connectedNote: "Route mail for the support address to this Worker (Cloudflare Email Routing).",
  },
};
