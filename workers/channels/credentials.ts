import { z } from "zod";

/** Decrypted credentials per channel type. Adapters receive these as a parameter and never read env. */
export const WhatsAppCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  phoneNumberId: z.string().min(1),
  /** Meta App Secret: key of X-Hub-Signature-256. */
  appSecret: z.string().min(1),
  wabaId: z.string().min(1).optional(),
});

export const MetaPageCredentialsSchema = z.object({
  pageAccessToken: z.string().min(1),
  appSecret: z.string().min(1),
  pageId: z.string().min(1),
});

export const TelegramCredentialsSchema = z.object({
  botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "expected <bot id>:<token>"),
  /** The X-Telegram-Bot-Api-Secret-Token we generate and register with setWebhook. */
  webhookSecret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/)
    .optional(),
});

export const LineCredentialsSchema = z.object({
  channelSecret: z.string().min(1),
  channelAccessToken: z.string().min(1),
});

export const EmailCredentialsSchema = z.object({
  /** The inbox address mail is routed to and replies are sent from. */
  address: z.string().email(),
  /** Display name used in From when the outbound message gives none. */
  displayName: z.string().optional(),
});

export const WidgetCredentialsSchema = z.object({
  /** Shared with the merchant's backend to sign user ids (generated, never shown to visitors). */
  identitySecret: z.string().min(16).optional(),
  /** Origins allowed to post widget messages; empty/absent = any (identity still verified). */
  allowedOrigins: z.array(z.string().url()).optional(),
});

export type WhatsAppCredentials = z.infer<typeof WhatsAppCredentialsSchema>;
export type MetaPageCredentials = z.infer<typeof MetaPageCredentialsSchema>;
export type TelegramCredentials = z.infer<typeof TelegramCredentialsSchema>;
export type LineCredentials = z.infer<typeof LineCredentialsSchema>;
export type EmailCredentials = z.infer<typeof EmailCredentialsSchema>;
export type WidgetCredentials = z.infer<typeof WidgetCredentialsSchema>;

/**
 * The key of a connection's Edgedesk-format events (`x-edgedesk-signature`, see signature.ts), for
 * importers and a merchant's own integrations. Generated on connect and sealed beside the platform's
 * credentials, never taken from input and shown once; a connection without one refuses such events.
 * The verify token is no substitute: it is a handshake value the platform sends in the clear.
 */
export const EVENT_SECRET_FIELD = "eventSecret";

/** Splits a connection's sealed JSON into the platform's credentials and its events secret. */
export function splitEventSecret(sealed: Record<string, unknown>): {
  credentials: Record<string, unknown>;
  eventSecret?: string;
} {
  const { [EVENT_SECRET_FIELD]: secret, ...credentials } = sealed;
  return typeof secret === "string" && secret.length > 0
    ? { credentials, eventSecret: secret }
    : { credentials };
}

/** The JSON to seal for a connection: its platform credentials plus, when it has one, its events secret. */
export const withEventSecret = (
  credentials: object,
  eventSecret: string | undefined,
): Record<string, unknown> =>
  eventSecret ? { ...credentials, [EVENT_SECRET_FIELD]: eventSecret } : { ...credentials };
