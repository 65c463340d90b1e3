/**
 * WooCommerce through the REST API v3 (`/wp-json/wc/v3`), consumer key and secret as HTTP Basic
 * auth over HTTPS. Tracking numbers come from the Shipment Tracking extension's order meta
 * (`_wc_shipment_tracking_items`); core WooCommerce has none. Webhooks are signed with the secret
 * set on the webhook (`X-WC-Webhook-Signature`, base64 HMAC-SHA256 of the raw body).
 */
import { z } from "zod";
import { unsafeUrlReason } from "../lib/http-safety";
import { normEmail, normPhone, parseJson, storeJson } from "./store-fetch";
import type { StoreAdapter, StoreCall, StoreOrder, StoreWebhookEvent } from "./types";
import { base64HmacMatches } from "./webhook-signature";

/** The shop's base URL without a trailing slash, when it passes the unsafe-URL guard; else null. */
export function wooBase(url: string): string | null {
  if (unsafeUrlReason(url)) return null;
  const u = new URL(url);
  if (u.search || u.hash) return null;
  return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
}

export const WooCommerceCredentialsSchema = z.object({
  url: z
    .string()
    .max(300)
    .refine((u) => wooBase(u) !== null, "expected the shop's public https:// address"),
  consumerKey: z.string().regex(/^ck_[A-Za-z0-9]{10,100}$/, "expected ck_…"),
  consumerSecret: z.string().regex(/^cs_[A-Za-z0-9]{10,100}$/, "expected cs_…"),
  /** The secret to enter on the shop's webhooks (generated on connect when not given). */
  webhookSecret: z.string().min(16).max(200),
});
export type WooCommerceCredentials = z.infer<typeof WooCommerceCredentialsSchema>;

const Tracking = z.array(
  z.object({
    tracking_provider: z.string().nullish(),
    custom_tracking_provider: z.string().nullish(),
    tracking_number: z.string().nullish(),
    custom_tracking_link: z.string().nullish(),
  }),
);
const WooOrder = z.object({
  id: z.number(),
  number: z.string(),
  status: z.string(),
  currency: z.string().nullish(),
  total: z.string().nullish(),
  billing: z.object({ email: z.string().nullish(), phone: z.string().nullish() }).nullish(),
  shipping: z
    .object({
      address_1: z.string().nullish(),
      address_2: z.string().nullish(),
      city: z.string().nullish(),
      postcode: z.string().nullish(),
      state: z.string().nullish(),
      country: z.string().nullish(),
    })
    .nullish(),
  meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).default([]),
});

const STATUS: Record<string, string> = {
  pending: "awaiting payment",
  processing: "processing",
  "on-hold": "on hold",
  completed: "shipped",
  cancelled: "cancelled",
  refunded: "refunded",
  failed: "payment failed",
};

function fromWoo(o: z.infer<typeof WooOrder>): StoreOrder {
  const items = Tracking.safeParse(
    o.meta_data.find((m) => m.key === "_wc_shipment_tracking_items")?.value,
  );
  return {
    id: String(o.id),
    number: o.number,
    status: STATUS[o.status] ?? o.status,
    // Core WooCommerce marks a shipped order "completed"; there is no partial state.
    fulfillment: o.status === "completed" ? "fulfilled" : "unfulfilled",
    email: normEmail(o.billing?.email),
    phone: o.billing?.phone || null,
    tracking: (items.success ? items.data : []).map((t) => ({
      company: t.custom_tracking_provider || t.tracking_provider || null,
      number: t.tracking_number ?? null,
      url: t.custom_tracking_link || null,
    })),
    total: o.total ?? null,
    currency: o.currency ?? null,
    shippingAddress:
      o.shipping?.address_1 && o.shipping.city
        ? {
            address1: o.shipping.address_1,
            address2: o.shipping.address_2 || null,
            city: o.shipping.city,
            zip: o.shipping.postcode || null,
            province: o.shipping.state || null,
            country: o.shipping.country || null,
          }
        : null,
  };
}

async function get<T>(
  creds: WooCommerceCredentials,
  fetchFn: typeof fetch,
  path: string,
  schema: z.ZodType<T>,
  write?: { method: "POST" | "PUT"; body: Record<string, unknown> },
): Promise<StoreCall<T>> {
  const base = wooBase(creds.url)!;
  const res = await storeJson(fetchFn, new URL(base).hostname, `${base}/wp-json/wc/v3${path}`, {
    method: write?.method ?? "GET",
    headers: {
      authorization: `Basic ${btoa(`${creds.consumerKey}:${creds.consumerSecret}`)}`,
      accept: "application/json",
      ...(write ? { "content-type": "application/json" } : {}),
    },
    ...(write ? { body: JSON.stringify(write.body) } : {}),
  });
  if (!res.ok) return res;
  const data = schema.safeParse(res.value);
  return data.success
    ? { ok: true, value: data.data }
    : {
        ok: false,
        code: "invalid_response",
        status: 200,
        message: "unexpected answer from WooCommerce",
      };
}

const TOPICS: Record<string, StoreWebhookEvent["topic"]> = {
  "order.created": "order.created",
  "order.updated": "order.updated",
};

export const woocommerceAdapter: StoreAdapter<WooCommerceCredentials> = {
  type: "woocommerce",
  credentialsSchema: WooCommerceCredentialsSchema,
  host: (creds) => {
    const base = wooBase(creds.url);
    return base ? new URL(base).hostname : null;
  },
  async verify(creds, fetchFn) {
    const res = await get(creds, fetchFn, "/orders?per_page=1", z.array(z.unknown()));
    return res.ok ? { ok: true, value: new URL(wooBase(creds.url)!).hostname } : res;
  },
  async orderByNumber(creds, number, fetchFn) {
    // The order number is the order's id unless a sequential-numbers plugin renames it; search covers that.
    if (/^\d{1,12}$/.test(number)) {
      const res = await get(creds, fetchFn, `/orders/${number}`, WooOrder);
      if (res.ok) return { ok: true, value: fromWoo(res.value) };
      if (res.code !== "http_error" || res.status !== 404) return res;
    }
    const found = await get(
      creds,
      fetchFn,
      `/orders?search=${encodeURIComponent(number)}&per_page=5`,
      z.array(WooOrder),
    );
    if (!found.ok) return found;
    const hit = found.value.find((o) => o.number === number);
    return { ok: true, value: hit ? fromWoo(hit) : null };
  },
  async ordersByCustomer(creds, who, fetchFn) {
    const term = who.email ?? who.phone;
    if (!term) return { ok: true, value: [] };
    const res = await get(
      creds,
      fetchFn,
      `/orders?search=${encodeURIComponent(term)}&per_page=10`,
      z.array(WooOrder),
    );
    if (!res.ok) return res;
    // search matches any field; keep the orders that are this customer's.
    const mine = (o: StoreOrder) =>
      who.email ? o.email === normEmail(who.email) : normPhone(o.phone) === normPhone(who.phone);
    return { ok: true, value: res.value.map(fromWoo).filter(mine) };
  },
  async products(creds, search, fetchFn) {
    const P = z.array(
      z.object({
        id: z.number(),
        name: z.string(),
        sku: z.string().nullish(),
        price: z.string(),
        stock_quantity: z.number().nullish(),
      }),
    );
    const res = await get(
      creds,
      fetchFn,
      `/products?per_page=10${search ? `&search=${encodeURIComponent(search)}` : ""}`,
      P,
    );
    if (!res.ok) return res;
    return {
      ok: true,
      value: res.value.map((p) => ({
        id: String(p.id),
        title: p.name,
        variants: [
          {
            id: String(p.id),
            title: p.name,
            sku: p.sku || null,
            price: p.price,
            stock: p.stock_quantity ?? null,
          },
        ],
      })),
    };
  },
  async cancelOrder(creds, order, fetchFn) {
    // Cancelling restocks the items; the payment is returned by `refundOrder` (WooCommerce does not refund on cancel).
    const res = await get(creds, fetchFn, `/orders/${encodeURIComponent(order.id)}`, WooOrder, {
      method: "PUT",
      body: { status: "cancelled" },
    });
    if (!res.ok) return res;
    return res.value.status === "cancelled"
      ? { ok: true, value: null }
      : { ok: false, code: "rejected", status: 200, message: `the order is ${res.value.status}` };
  },
  async refundOrder(creds, order, fetchFn) {
    if (!order.total)
      return { ok: false, code: "rejected", status: 0, message: "the order has no total" };
    // api_refund: the payment gateway returns the money, not only a note on the order.
    const res = await get(
      creds,
      fetchFn,
      `/orders/${encodeURIComponent(order.id)}/refunds`,
      z.object({ id: z.number(), amount: z.string() }),
      {
        method: "POST",
        body: {
          amount: order.total,
          reason: "Requested by the customer in a support conversation",
          api_refund: true,
        },
      },
    );
    return res.ok ? { ok: true, value: null } : res;
  },
  async changeShippingAddress(creds, order, a, fetchFn) {
    // "Update an order": PUT /orders/<id> with the `shipping` object; the answer is the updated order.
    const res = await get(creds, fetchFn, `/orders/${encodeURIComponent(order.id)}`, WooOrder, {
      method: "PUT",
      body: {
        shipping: {
          address_1: a.address1,
          address_2: a.address2 ?? "",
          city: a.city,
          postcode: a.zip ?? "",
          state: a.province ?? "",
          country: a.country ?? "",
        },
      },
    });
    if (!res.ok) return res;
    return res.value.shipping?.address_1 === a.address1
      ? { ok: true, value: null }
      : { ok: false, code: "rejected", status: 200, message: "the store kept the old address" };
  },
  webhookSecret: (creds) => creds.webhookSecret,
  async webhook(raw, headers, secret) {
    // Saving a webhook in WooCommerce first POSTs an unsigned `webhook_id=<n>` and refuses the URL unless
    // it gets a 200; the ping carries no data, so answering it changes nothing.
    if (!headers.has("x-wc-webhook-signature") && /^webhook_id=\d{1,20}$/.test(raw))
      return { ok: true, event: null };
    if (!(await base64HmacMatches(raw, headers.get("x-wc-webhook-signature"), secret)))
      return { ok: false };
    const topic = TOPICS[headers.get("x-wc-webhook-topic") ?? ""];
    if (!topic) return { ok: true, event: null };
    const order = WooOrder.safeParse(parseJson(raw));
    if (!order.success) return { ok: true, event: null };
    const normalised = fromWoo(order.data);
    return {
      ok: true,
      event: {
        topic: order.data.status === "completed" ? "order.fulfilled" : topic,
        order: normalised,
      },
    };
  },
};
