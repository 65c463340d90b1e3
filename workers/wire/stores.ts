/** Store connections on the wire: what the dashboard sends and gets back (never credentials). */
import { z } from "@hono/zod-openapi";
import { STORE_TYPES } from "../db/schema-stores";

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
  })
  .openapi("Store");
export type StoreView = z.infer<typeof StoreSchema>;

export const ConnectStoreResult = z.object({
  store: StoreSchema,
  /** WooCommerce only, shown once: the secret to enter on the shop's webhooks. */
  webhookSecret: z.string().optional(),
});
