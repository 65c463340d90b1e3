import type { z } from "zod";
import type { StoreType } from "../db/schema-stores";
import { shopifyAdapter, type ShopifyCredentials } from "./shopify";
import type { StoreAdapter } from "./types";
import { woocommerceAdapter, type WooCommerceCredentials } from "./woocommerce";

export type StoreCredentials = { shopify: ShopifyCredentials; woocommerce: WooCommerceCredentials };

/** Every store adapter, keyed by type. Adding a store = one adapter file + one line here. */
export const storeAdapters: { readonly [K in StoreType]: StoreAdapter<StoreCredentials[K]> } = {
  shopify: shopifyAdapter,
  woocommerce: woocommerceAdapter,
};

/** An adapter with credentials its own schema accepted (so the pair can only be used together). */
export interface BoundStore {
  readonly adapter: StoreAdapter<unknown>;
  readonly creds: unknown;
}

export function bindStore(
  type: StoreType,
  value: unknown,
): { ok: true; store: BoundStore } | { ok: false; error: z.ZodError } {
  const adapter = storeAdapters[type] as StoreAdapter<unknown>;
  const parsed = adapter.credentialsSchema.safeParse(value);
  return parsed.success
    ? { ok: true, store: { adapter, creds: parsed.data } }
    : { ok: false, error: parsed.error };
}
