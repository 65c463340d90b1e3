import { z } from "@hono/zod-openapi";
import { CHANNEL_TYPE_NAME } from "./queue";

/** One of the channel registry's types (GET /channels/types lists them); the service checks which exist. */
export const ChannelTypeSchema = z.string().regex(CHANNEL_TYPE_NAME).openapi("ChannelType");

export const CreateChannelBody = z
  .strictObject({
    type: ChannelTypeSchema,
    name: z.string().trim().min(1).max(80),
    /** Shape depends on `type` (see the channels section of the README); validated per type. */
    credentials: z.record(z.string(), z.unknown()).default({}),
  })
  .openapi("CreateChannelBody");

export const UpdateChannelBody = z
  .strictObject({
    name: z.string().trim().min(1).max(80).optional(),
    status: z.enum(["active", "disabled"]).optional(),
    credentials: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("UpdateChannelBody");

/** Whether the platform accepted the credentials; null for email/widget channels and ones connected before checks existed. */
export const VerificationSchema = z
  .object({
    state: z.enum(["verified", "unverified", "refused", "webhook_failed"]),
    account: z.string().optional(),
    message: z.string().optional(),
    checkedAt: z.number(),
  })
  .openapi("ChannelVerification");

export const ChannelSchema = z
  .object({
    id: z.string(),
    type: ChannelTypeSchema,
    name: z.string(),
    status: z.enum(["active", "disabled"]),
    webhookUrl: z.string(),
    createdAt: z.number(),
    lastEventAt: z.number().nullable(),
    verification: VerificationSchema.nullable(),
  })
  .openapi("Channel");

export const TestSendBody = z
  .strictObject({
    to: z.string().min(1).max(200),
    text: z.string().min(1).max(1000).default("Test message from Edgedesk ✅"),
  })
  .openapi("TestSendBody");

/** One credentials field of a channel's connect form; `key` is the credentials key POST /channels takes. */
export const CredentialFieldSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    /** How the input is shown: `secret` is masked and never autofilled. Default `text`. */
    kind: z.enum(["text", "secret", "url"]).optional(),
    hint: z.string().optional(),
    /** Not required by the server. */
    optional: z.boolean().optional(),
    /** An HTML `pattern` the browser checks before sending (the server checks again). */
    pattern: z.string().optional(),
  })
  .openapi("ChannelCredentialField");

/**
 * What the dashboard shows for a channel type, so a new channel needs no web change: its connect
 * form, the recipient label of test sends (null: no test sends), what the page says once it is
 * connected, and which fields may be set again later.
 */
export const ChannelFormSchema = z
  .object({
    label: z.string(),
    fields: z.array(CredentialFieldSchema),
    testTo: z.string().nullable(),
    /** The label of the value shown beside the webhook URL (default "Verify token"). */
    tokenLabel: z.string().optional(),
    /** Shown after connecting (default: paste the webhook URL and token into the platform). */
    connectedNote: z.string().optional(),
    /** Fields a merchant may set after connecting, behind a button of this label on the channel. */
    edit: z
      .object({
        label: z.string(),
        fields: z.array(z.string()).min(1),
        savedNote: z.string().optional(),
      })
      .optional(),
  })
  .openapi("ChannelForm");

export const ChannelTypeInfoSchema = z
  .object({
    type: ChannelTypeSchema,
    label: z.string(),
    form: ChannelFormSchema.nullable(),
    broadcasts: z.boolean(),
  })
  .openapi("ChannelTypeInfo");
