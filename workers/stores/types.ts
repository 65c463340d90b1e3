/**
 * One interface for every store platform: check credentials, read orders and products, verify and
 * parse webhooks. Adapters receive decrypted credentials and a fetch; they never read env or D1.
 */
import type { z } from "zod";
import type { StoreType } from "../db/schema-stores";

export type { StoreType };

/** An order as the AI and the console see it, whatever the platform. */
export interface StoreOrder {
  /** The platform's id. */
  id: string;
  /** What the shopper calls it, without a leading "#" ("1001"). */
  number: string;
  /** One of a few plain words: processing, shipped, partially shipped, delivered, cancelled, on hold, awaiting payment, refunded. */
  status: string;
  /** Whether the goods have left: an unfulfilled order can still be cancelled. */
  fulfillment: "unfulfilled" | "partial" | "fulfilled";
  email: string | null;
  phone: string | null;
  tracking: { company: string | null; number: string | null; url: string | null }[];
  total: string | null;
  currency: string | null;
  /** Where the order ships; null when the store has none (a digital order) or did not say. */
  shippingAddress?: ShippingAddress | null;
}

/** A postal address as both platforms take it; `country` is the ISO 3166-1 alpha-2 code. */
export interface ShippingAddress {
  address1: string;
  address2: string | null;
  city: string;
  zip: string | null;
  province: string | null;
  country: string | null;
}

/** What an order change needs to name: the store's id and the amount agreed on. */
export type OrderRef = Pick<StoreOrder, "id" | "number" | "total" | "currency">;

export interface StoreProduct {
  id: string;
  title: string;
  variants: {
    id: string;
    title: string;
    sku: string | null;
    price: string;
    stock: number | null;
  }[];
}

/** A draft order the store made; `adminUrl` opens it in the store's admin. */
export interface DraftOrder {
  id: string;
  name: string;
  adminUrl: string;
}

/** A store's answer, or why there is none. `refused`: the store said the credentials do not work. */
export type StoreCall<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      code:
        | "refused"
        | "unreachable"
        | "http_error"
        | "invalid_response"
        | "host_refused"
        /** The store understood the request and said no (already cancelled, nothing to refund…). */
        | "rejected";
      status: number;
      message: string;
    };

/** An order event from a store webhook, already verified. */
export interface StoreWebhookEvent {
  topic: "order.created" | "order.updated" | "order.fulfilled";
  order: StoreOrder;
}

export interface StoreAdapter<C> {
  readonly type: StoreType;
  readonly credentialsSchema: z.ZodType<C>;
  /** The store's own host: the only host its credential is ever sent to. Null when the input names none we accept. */
  host(creds: C): string | null;
  /** A real, read-only call that succeeds only with working credentials; the value is the store's name. */
  verify(creds: C, fetchFn: typeof fetch): Promise<StoreCall<string>>;
  orderByNumber(
    creds: C,
    number: string,
    fetchFn: typeof fetch,
  ): Promise<StoreCall<StoreOrder | null>>;
  ordersByCustomer(
    creds: C,
    who: { email?: string; phone?: string },
    fetchFn: typeof fetch,
  ): Promise<StoreCall<StoreOrder[]>>;
  products(creds: C, search: string, fetchFn: typeof fetch): Promise<StoreCall<StoreProduct[]>>;
  /** Cancels the order, refunding what was paid and restocking its items. */
  cancelOrder(creds: C, order: OrderRef, fetchFn: typeof fetch): Promise<StoreCall<null>>;
  /** Refunds the order's total to the original payment method. */
  refundOrder(creds: C, order: OrderRef, fetchFn: typeof fetch): Promise<StoreCall<null>>;
  /** Replaces the order's shipping address (an unfulfilled order; the caller checks). */
  changeShippingAddress(
    creds: C,
    order: OrderRef,
    address: ShippingAddress,
    fetchFn: typeof fetch,
  ): Promise<StoreCall<null>>;
  /**
   * Creates a draft order (an order the merchant completes later) for one catalogue variant; absent
   * where the platform has no clean equivalent (WooCommerce: a pending order is a real order).
   */
  createDraftOrder?(
    creds: C,
    draft: { variantId: string; quantity: number; email: string | null; note: string },
    fetchFn: typeof fetch,
  ): Promise<StoreCall<DraftOrder>>;
  /** The key that signs this store's webhooks. */
  webhookSecret(creds: C): string;
  /** Checks the signature header against the raw body; then parses an order topic, or null for others. */
  webhook(
    raw: string,
    headers: Headers,
    secret: string,
  ): Promise<{ ok: false } | { ok: true; event: StoreWebhookEvent | null }>;
}
