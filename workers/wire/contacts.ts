import { z } from "@hono/zod-openapi";
import { CONVERSATION_STATUSES } from "../db/schema";
import { Obj } from "./api-fields";

/** A contact as lists show it: email, phone and payment-like attributes masked. */
export const ContactSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    language: z.string().nullable(),
    country: z.string().nullable(),
    vip: z.boolean(),
    tags: z.array(z.string()),
    attributes: Obj,
    optOut: z.array(z.string()),
    createdAt: z.number(),
    updatedAt: z.number().nullable(),
    lastSeenAt: z.number().nullable(),
    masked: z
      .array(z.string())
      .openapi({ description: "Fields shown masked; reveal them one at a time." }),
  })
  .openapi("Contact", {
    description:
      "Email, phone and payment-like attributes are masked (e.g. j***@g***.com, +34 *** *** 12).",
  });

/** A past conversation of the contact, newest first. */
export const ContactConversationSchema = z.object({
  id: z.string(),
  status: z.enum(CONVERSATION_STATUSES),
  channelType: z.string(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  lastMessageText: z.string().nullable(),
  lastMessageAt: z.number().nullable(),
  createdAt: z.number(),
  resolvedAt: z.number().nullable(),
  csatScore: z.number().nullable(),
});

/** GET /api/contacts/{id}: the contact with its channel identities, conversations and opt-ins. */
export const ContactDetailSchema = ContactSchema.extend({
  identities: z.array(
    z.object({
      id: z.string(),
      channelId: z.string(),
      channelType: z.string(),
      externalId: z.string(),
      createdAt: z.number(),
    }),
  ),
  conversations: z.array(ContactConversationSchema),
  optIns: z.array(z.object({ channelType: z.string(), source: z.string(), createdAt: z.number() })),
}).openapi("ContactDetail");
