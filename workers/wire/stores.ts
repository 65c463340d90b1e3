/** Store connections on the wire: what the dashboard sends and gets back (never credentials). */
import { z } from "@hono/zod-openapi";
import {
  ACTION_POLICIES,
  STORE_ACTION_KINDS,
  STORE_ACTION_STATES,
  STORE_TYPES,
} from "../db/schema-stores";

export const ConnectStoreBody = z
  .object({
    type: z.enum(STORE_TYPES),
    name: z.string().trim().min(1).max(80).optional(),
    /** Shopify: shop, accessToken, apiSecret. WooCommerce: url, consumerKey, consumerSecret (webhookSecret optional). */
    credentials: z.record(z.string(), z.string().max(300)),
  })
  .openapi("ConnectStore");

export const StoreSchema = z
  .object({
    id: z.string(),
    type: z.enum(STORE_TYPES),
    name: z.string(),
    host: z.string(),
    webhookUrl: z.string(),
    createdAt: z.number(),
    lastEventAt: z.number().nullable(),
    autoApproveBelow: z.number().nullable(),
    addressChanges: z.enum(ACTION_POLICIES),
    /** High-intent leads become draft orders in this store (Shopify only; default off). */
    draftOrders: z.boolean(),
  })
  .openapi("Store");
export type StoreView = z.infer<typeof StoreSchema>;

export const ConnectStoreResult = z.object({
  store: StoreSchema,
  /** WooCommerce only, shown once: the secret to enter on the shop's webhooks. */
  webhookSecret: z.string().optional(),
});

/** An order in the console's contact panel: what an agent needs, never the order's email or phone. */
export const ContactOrderSchema = z
  .object({
    storeId: z.string(),
    storeName: z.string(),
    number: z.string(),
    status: z.string(),
    fulfillment: z.enum(["unfulfilled", "partial", "fulfilled"]),
    total: z.string().nullable(),
    currency: z.string().nullable(),
    tracking: z.array(
      z.object({
        company: z.string().nullable(),
        number: z.string().nullable(),
        /** Only http(s) links. */
        url: z.string().nullable(),
      }),
    ),
  })
  .openapi("ContactOrder");
export type ContactOrder = z.infer<typeof ContactOrderSchema>;

export const ContactOrdersResult = z.object({
  orders: z.array(ContactOrderSchema),
  /** Stores that could not be read just now (the rest are still listed). */
  unavailable: z.array(
    z.object({ storeId: z.string(), storeName: z.string(), reason: z.string() }),
  ),
});

export const ShippingAddressSchema = z
  .object({
    address1: z.string(),
    address2: z.string().nullable(),
    city: z.string(),
    zip: z.string().nullable(),
    province: z.string().nullable(),
    country: z.string().nullable(),
  })
  .openapi("ShippingAddress");

export const StoreActionSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    storeId: z.string(),
    kind: z.enum(STORE_ACTION_KINDS),
    orderNumber: z.string(),
    amount: z.string().nullable(),
    currency: z.string().nullable(),
    /** An address change: the order's shipping address before, and the one asked for. */
    detail: z
      .object({ from: ShippingAddressSchema.nullable(), to: ShippingAddressSchema })
      .nullable(),
    state: z.enum(STORE_ACTION_STATES),
    decidedBy: z.string().nullable(),
    decidedAt: z.number().nullable(),
    error: z.string().nullable(),
    createdAt: z.number(),
  })
  .openapi("StoreAction");
export type StoreActionView = z.infer<typeof StoreActionSchema>;

export const StoreSettingsBody = z
  .strictObject({
    /** Cancel and refund orders below this amount without asking an agent; null: always ask. */
    autoApproveBelow: z.number().min(0).max(1_000_000).nullable().optional(),
    /** Shipping-address changes: proposed for an agent (approval), or left to a person (answer_only, never). */
    addressChanges: z.enum(ACTION_POLICIES).optional(),
    /** Create a draft order for a high-intent lead whose product matches a variant (Shopify). */
    draftOrders: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "Nothing to change." })
  .openapi("StoreSettings");
