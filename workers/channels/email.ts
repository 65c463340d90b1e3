import type { ChannelAdapter } from "./adapter";
import { EmailCredentialsSchema } from "./credentials";
import type { EmailCredentials } from "./credentials";
import { ENVELOPE_TO_HEADER, parseEmail } from "./email-parse";
import { sendEmail } from "./email-send";

export { ENVELOPE_FROM_HEADER, ENVELOPE_TO_HEADER } from "./email-parse";
export { buildReplyMime, createCloudflareMailer, createReplyMailer, replySubject } from "./email-send";
export { stripQuotedReply } from "./email-quotes";

/**
 * Email through Cloudflare Email Routing. The email() handler passes the raw MIME bytes plus the
 * envelope as `x-envelope-from` / `x-envelope-to` headers; there is no signature to check (the mail
 * arrives from the platform, not over HTTP), so `verify` only confirms the message was addressed to
 * this channel's inbox.
 */
export const emailAdapter: ChannelAdapter<EmailCredentials> = {
  type: "email",
  credentialsSchema: EmailCredentialsSchema,
  verify: async (req, creds) => req.headers.get(ENVELOPE_TO_HEADER)?.trim().toLowerCase() === creds.address.toLowerCase(),
  parse: (rawBody, headers) => parseEmail(rawBody, headers),
  send: sendEmail,
};
