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
