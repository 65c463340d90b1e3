/** Leads on the wire: what the dashboard and console read, and the one change an agent makes. */
import { z } from "@hono/zod-openapi";
import { LEAD_STATUSES } from "../db/schema-leads";

export const LeadSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    contactId: z.string(),
    product: z.string().nullable(),
    variant: z.string().nullable(),
    quantity: z.number().int().nullable(),
    budget: z.string().nullable(),
    /** Given in the conversation, else the contact's record. */
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    /** 0..1; at or above `highIntent` the lead was pushed to the tenant's webhooks. */
    intentScore: z.number(),
    highIntent: z.boolean(),
    language: z.string().nullable(),
    status: z.enum(LEAD_STATUSES),
    /** The team its conversation was queued for ("sales"), once it was handed over as a lead. */
    team: z.string().nullable(),
    /** The store's catalogue item the product matched; `product` keeps the shopper's words. */
    catalogue: z
      .object({
        storeId: z.string(),
        productId: z.string(),
        title: z.string(),
        variantId: z.string().nullable(),
        variantTitle: z.string().nullable(),
      })
      .nullable(),
    /** The store draft order made for this lead (`url` opens it in the store's admin). */
    draftOrder: z.object({ id: z.string(), name: z.string(), url: z.string() }).nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("Lead");
export type LeadView = z.infer<typeof LeadSchema>;

export const LeadListQuery = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  conversationId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

export const PatchLeadBody = z.strictObject({ status: z.enum(LEAD_STATUSES) }).openapi("PatchLead");
