/** Broadcast wire types: audience filters, message variants, and a broadcast as the API returns it. */
import { z } from "@hono/zod-openapi";
import { BROADCAST_STATUSES, RECIPIENT_STATUSES } from "../db/schema-ops";

const Short = z.string().trim().min(1).max(64);
const Scalar = z.union([z.string().max(200), z.number(), z.boolean()]);

export const Audience = z
  .strictObject({
    /** Contacts with all of these tags. */
    tags: z.array(Short).max(20).default([]),
    /** …and at least one of these. */
    anyTags: z.array(Short).max(20).default([]),
    /** Attribute equality (strings case-insensitive). */
    attributes: z.record(z.string().regex(/^[\w-]{1,64}$/), Scalar).default({}),
    languages: z.array(z.string().min(2).max(16)).max(50).default([]),
    vip: z.boolean().optional(),
  })
  .openapi("BroadcastAudience");
export type Audience = z.infer<typeof Audience>;

export const TemplateRefSchema = z.strictObject({
  name: Short,
  language: z.string().min(2).max(16),
  params: z.array(z.string().max(500)).max(20).default([]),
});

export const Variant = z
  .strictObject({
    id: z.string().regex(/^[\w-]{1,16}$/),
    weight: z.number().int().min(1).max(100).default(1),
    /** Text with {{contact.name | fallback}} placeholders. */
    text: z.string().min(1).max(4000).optional(),
    template: TemplateRefSchema.optional(),
  })
  .refine((v) => !!v.text !== !!v.template, "A variant has either text or a template.")
  .openapi("BroadcastVariant");
export type Variant = z.infer<typeof Variant>;

export const Variants = z
  .array(Variant)
  .min(1)
  .max(5)
  .refine((vs) => new Set(vs.map((v) => v.id)).size === vs.length, "Variant ids must be unique.");

/** A broadcast as the API returns it (GET/POST /api/broadcasts…). */
export const BroadcastSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    channelId: z.string(),
    channelType: z.string(),
    audience: Audience,
    variants: z.array(Variant),
    status: z.enum(BROADCAST_STATUSES),
    scheduledAt: z.number().nullable(),
    ratePerMinute: z.number(),
    audienceDone: z.boolean(),
    heartbeatAt: z.number().nullable(),
    tick: z.number(),
    note: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.number(),
    startedAt: z.number().nullable(),
    finishedAt: z.number().nullable(),
  })
  .openapi("Broadcast");

/** Recipients per status, plus delivered/read from the platform's status webhooks. */
export const BroadcastCountsSchema = z.object({
  total: z.number(),
  pending: z.number(),
  sending: z.number(),
  sent: z.number(),
  failed: z.number(),
  skipped: z.number(),
  delivered: z.number(),
  read: z.number(),
});

export const BroadcastProgressSchema = BroadcastCountsSchema.extend({
  byVariant: z.record(z.string(), BroadcastCountsSchema),
}).openapi("BroadcastProgress");

/** One recipient's status, address masked (GET /api/broadcasts/{id}/recipients). */
export const BroadcastRecipientSchema = z
  .object({
    id: z.string(),
    broadcastId: z.string(),
    contactId: z.string(),
    address: z.string(),
    variantId: z.string(),
    status: z.enum(RECIPIENT_STATUSES),
    reason: z.string().nullable(),
    attempts: z.number(),
    sentAt: z.number().nullable(),
    externalMessageId: z.string().nullable(),
    deliveryStatus: z.string().nullable(),
    deliveryUpdatedAt: z.number().nullable(),
  })
  .openapi("BroadcastRecipient");
