/**
 * Shopify through the Admin GraphQL API (2025-01) with a custom app's Admin API access token in
 * `X-Shopify-Access-Token`. Webhooks are signed with the app's API secret key
 * (`X-Shopify-Hmac-Sha256`, base64 HMAC-SHA256 of the raw body) and carry the REST order shape.
 */
import { z } from "zod";
import { normEmail, parseJson, storeJson } from "./store-fetch";
import type {
  ShippingAddress,
  StoreAdapter,
  StoreCall,
  StoreOrder,
  StoreProduct,
  StoreWebhookEvent,
} from "./types";
import { base64HmacMatches } from "./webhook-signature";

export const SHOPIFY_API_VERSION = "2025-01";

/** "acme", "acme.myshopify.com" or "https://acme.myshopify.com/admin" → "acme.myshopify.com"; anything else → null. */
export function shopifyHost(shop: string): string | null {
  const s = shop
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, "")
    .replace(/\/.*$/, "");
  const m = s.match(/^([a-z0-9][a-z0-9-]{0,59})(?:\.myshopify\.com)?$/);
  return m ? `${m[1]}.myshopify.com` : null;
}

export const ShopifyCredentialsSchema = z.object({
  shop: z
    .string()
    .min(1)
    .max(200)
    .refine((s) => shopifyHost(s) !== null, "expected your-store.myshopify.com"),
  /** Admin API access token of a custom app (`shpat_…`). */
  accessToken: z.string().min(10).max(200),
  /** The app's API secret key: Shopify signs webhooks with it. */
  apiSecret: z.string().min(10).max(200),
});
export type ShopifyCredentials = z.infer<typeof ShopifyCredentialsSchema>;

const ORDER_FIELDS = `id name email phone cancelledAt displayFinancialStatus displayFulfillmentStatus
  totalPriceSet { shopMoney { amount currencyCode } }
  customer { email phone }
  shippingAddress { address1 address2 city zip provinceCode countryCodeV2 }
  fulfillments(first: 5) { displayStatus trackingInfo(first: 3) { company number url } }`;

const GqlOrder = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  cancelledAt: z.string().nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  totalPriceSet: z
    .object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) })
    .nullish(),
  customer: z.object({ email: z.string().nullish(), phone: z.string().nullish() }).nullish(),
  shippingAddress: z
    .object({
      address1: z.string().nullish(),
      address2: z.string().nullish(),
      city: z.string().nullish(),
      zip: z.string().nullish(),
      provinceCode: z.string().nullish(),
      countryCodeV2: z.string().nullish(),
    })
    .nullish(),
  fulfillments: z
    .array(
      z.object({
        displayStatus: z.string().nullish(),
        trackingInfo: z.array(
          z.object({
            company: z.string().nullish(),
            number: z.string().nullish(),
            url: z.string().nullish(),
          }),
        ),
      }),
    )
    .default([]),
});
const Orders = z.object({ orders: z.object({ nodes: z.array(GqlOrder) }) });
const CustomersOrders = z.object({
  customers: z.object({
    nodes: z.array(z.object({ orders: z.object({ nodes: z.array(GqlOrder) }) })),
  }),
});
const Products = z.object({
  products: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        variants: z.object({
          nodes: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              sku: z.string().nullish(),
              price: z.string(),
              inventoryQuantity: z.number().nullish(),
            }),
          ),
        }),
      }),
    ),
  }),
});

const stripHash = (name: string) => name.replace(/^#/, "");

function statusOf(o: {
  cancelled: boolean;
  financial: string;
  fulfillment: string;
  delivered: boolean;
}): string {
  if (o.cancelled) return "cancelled";
  if (o.financial === "REFUNDED") return "refunded";
  if (o.fulfillment === "FULFILLED") return o.delivered ? "delivered" : "shipped";
  if (o.fulfillment === "PARTIALLY_FULFILLED") return "partially shipped";
  if (o.fulfillment === "ON_HOLD") return "on hold";
  if (o.financial === "PENDING") return "awaiting payment";
  return "processing";
}

const fulfillmentOf = (displayStatus: string): StoreOrder["fulfillment"] =>
  displayStatus === "FULFILLED"
    ? "fulfilled"
    : displayStatus === "PARTIALLY_FULFILLED"
      ? "partial"
      : "unfulfilled";

function fromGql(o: z.infer<typeof GqlOrder>): StoreOrder {
  const money = o.totalPriceSet?.shopMoney;
  return {
    id: o.id,
    number: stripHash(o.name),
    fulfillment: fulfillmentOf(o.displayFulfillmentStatus),
    status: statusOf({
      cancelled: !!o.cancelledAt,
      financial: o.displayFinancialStatus ?? "",
      fulfillment: o.displayFulfillmentStatus,
      delivered: o.fulfillments.some((f) => f.displayStatus === "DELIVERED"),
    }),
    email: normEmail(o.email) ?? normEmail(o.customer?.email),
    phone: o.phone ?? o.customer?.phone ?? null,
    tracking: o.fulfillments.flatMap((f) =>
      f.trackingInfo.map((t) => ({
        company: t.company ?? null,
        number: t.number ?? null,
        url: t.url ?? null,
      })),
    ),
    total: money?.amount ?? null,
    currency: money?.currencyCode ?? null,
    shippingAddress: addressOf(o.shippingAddress),
  };
}

function addressOf(a: z.infer<typeof GqlOrder>["shippingAddress"]): ShippingAddress | null {
  if (!a?.address1 || !a.city) return null;
  return {
    address1: a.address1,
    address2: a.address2 || null,
    city: a.city,
    zip: a.zip || null,
    province: a.provinceCode || null,
    country: a.countryCodeV2 || null,
  };
}

/** One GraphQL call; GraphQL errors in a 200 are failures too. */
async function gql<T>(
  creds: ShopifyCredentials,
  fetchFn: typeof fetch,
  query: string,
  variables: Record<string, unknown>,
  schema: z.ZodType<T>,
): Promise<StoreCall<T>> {
  const host = shopifyHost(creds.shop)!;
  const res = await storeJson(
    fetchFn,
    host,
    `https://${host}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`,
    {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": creds.accessToken },
      body: JSON.stringify({ query, variables }),
    },
  );
  if (!res.ok) return res;
  const body = z
    .object({
      data: z.unknown().optional(),
      errors: z.array(z.object({ message: z.string() })).optional(),
    })
    .safeParse(res.value);
  if (!body.success)
    return {
      ok: false,
      code: "invalid_response",
      status: 200,
      message: "unexpected answer from Shopify",
    };
  if (body.data.errors?.length) {
    const denied = body.data.errors.some((e) => /access denied|scope/i.test(e.message));
    return {
      ok: false,
      code: denied ? "refused" : "http_error",
      status: 200,
      message: `Shopify: ${body.data.errors[0].message.slice(0, 200)}`,
    };
  }
  const data = schema.safeParse(body.data.data);
  return data.success
    ? { ok: true, value: data.data }
    : {
        ok: false,
        code: "invalid_response",
        status: 200,
        message: "unexpected answer from Shopify",
      };
}

/** Values inside a search query are quoted, so a shopper's text cannot add search terms. */
const quoted = (v: string) => `"${v.replace(/["\\]/g, "")}"`;

/** The REST order shape Shopify's order webhooks carry. */
const HookOrder = z.object({
  id: z.union([z.number(), z.string()]),
  name: z.string(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  cancelled_at: z.string().nullish(),
  financial_status: z.string().nullish(),
  fulfillment_status: z.string().nullish(),
  total_price: z.string().nullish(),
  currency: z.string().nullish(),
  customer: z.object({ email: z.string().nullish(), phone: z.string().nullish() }).nullish(),
  fulfillments: z
    .array(
      z.object({
        shipment_status: z.string().nullish(),
        tracking_company: z.string().nullish(),
        tracking_number: z.string().nullish(),
        tracking_url: z.string().nullish(),
      }),
    )
    .default([]),
});
const TOPICS: Record<string, StoreWebhookEvent["topic"]> = {
  "orders/create": "order.created",
  "orders/updated": "order.updated",
  "orders/fulfilled": "order.fulfilled",
};

function fromHook(o: z.infer<typeof HookOrder>): StoreOrder {
  const fulfillment =
    o.fulfillment_status === "fulfilled"
      ? "FULFILLED"
      : o.fulfillment_status === "partial"
        ? "PARTIALLY_FULFILLED"
        : "UNFULFILLED";
  return {
    id: String(o.id),
    number: stripHash(o.name),
    fulfillment: fulfillmentOf(fulfillment),
    status: statusOf({
      cancelled: !!o.cancelled_at,
      financial: (o.financial_status ?? "").toUpperCase(),
      fulfillment,
      delivered: o.fulfillments.some((f) => f.shipment_status === "delivered"),
    }),
    email: normEmail(o.email) ?? normEmail(o.customer?.email),
    phone: o.phone ?? o.customer?.phone ?? null,
    tracking: o.fulfillments
      .filter((f) => f.tracking_number || f.tracking_url)
      .map((f) => ({
        company: f.tracking_company ?? null,
        number: f.tracking_number ?? null,
        url: f.tracking_url ?? null,
      })),
    total: o.total_price ?? null,
    currency: o.currency ?? null,
  };
}

const UserErrors = z.array(z.object({ message: z.string() }));
const CancelResult = z.object({
  orderCancel: z.object({
    job: z.object({ id: z.string() }).nullish(),
    orderCancelUserErrors: UserErrors,
  }),
});
const UpdateResult = z.object({
  orderUpdate: z.object({ order: z.object({ id: z.string() }).nullish(), userErrors: UserErrors }),
});
const Transactions = z.object({
  order: z
    .object({
      transactions: z.array(
        z.object({ id: z.string(), gateway: z.string(), kind: z.string(), status: z.string() }),
      ),
    })
    .nullable(),
});
const RefundResult = z.object({
  refundCreate: z.object({
    refund: z.object({ id: z.string() }).nullish(),
    userErrors: UserErrors,
  }),
});

/** A mutation's user errors are the store saying no. */ const DraftResult = z.object({
  draftOrderCreate: z.object({
    draftOrder: z
      .object({ id: z.string(), name: z.string(), legacyResourceId: z.string() })
      .nullish(),
    userErrors: UserErrors,
  }),
});

function rejected(errors: { message: string }[]): StoreCall<null> {
  return errors.length
    ? {
        ok: false,
        code: "rejected",
        status: 200,
        message: `Shopify: ${errors[0].message.slice(0, 200)}`,
      }
    : { ok: true, value: null };
}

const STAFF_NOTE = "Requested by the customer in a support conversation; approved in Edgedesk.";

export const shopifyAdapter: StoreAdapter<ShopifyCredentials> = {
  type: "shopify",
  credentialsSchema: ShopifyCredentialsSchema,
  host: (creds) => shopifyHost(creds.shop),
  async verify(creds, fetchFn) {
    const res = await gql(
      creds,
      fetchFn,
      "query { shop { name } }",
      {},
      z.object({ shop: z.object({ name: z.string() }) }),
    );
    return res.ok ? { ok: true, value: res.value.shop.name } : res;
  },
  async orderByNumber(creds, number, fetchFn) {
    const res = await gql(
      creds,
      fetchFn,
      `query OrderByName($q: String!) { orders(first: 1, query: $q) { nodes { ${ORDER_FIELDS} } } }`,
      { q: `name:${quoted(`#${stripHash(number)}`)}` },
      Orders,
    );
    if (!res.ok) return res;
    // The search is fuzzy on some shops; only an exact name is this order.
    const hit = res.value.orders.nodes.find(
      (o) => stripHash(o.name).toLowerCase() === stripHash(number).toLowerCase(),
    );
    return { ok: true, value: hit ? fromGql(hit) : null };
  },
  async ordersByCustomer(creds, who, fetchFn) {
    if (who.email) {
      const res = await gql(
        creds,
        fetchFn,
        `query OrdersByEmail($q: String!) { orders(first: 10, query: $q, reverse: true) { nodes { ${ORDER_FIELDS} } } }`,
        { q: `email:${quoted(normEmail(who.email) ?? who.email)}` },
        Orders,
      );
      return res.ok
        ? {
            ok: true,
            value: res.value.orders.nodes
              .map(fromGql)
              .filter((o) => o.email === normEmail(who.email)),
          }
        : res;
    }
    if (!who.phone) return { ok: true, value: [] };
    // Orders cannot be searched by phone; customers can.
    const res = await gql(
      creds,
      fetchFn,
      `query OrdersByPhone($q: String!) { customers(first: 1, query: $q) { nodes { orders(first: 10, reverse: true) { nodes { ${ORDER_FIELDS} } } } } }`,
      { q: `phone:${quoted(who.phone)}` },
      CustomersOrders,
    );
    return res.ok
      ? { ok: true, value: res.value.customers.nodes.flatMap((c) => c.orders.nodes.map(fromGql)) }
      : res;
  },
  async products(creds, search, fetchFn) {
    const res = await gql(
      creds,
      fetchFn,
      "query Products($q: String) { products(first: 10, query: $q) { nodes { id title variants(first: 20) { nodes { id title sku price inventoryQuantity } } } } }",
      { q: search ? `title:${quoted(search)}*` : null },
      Products,
    );
    if (!res.ok) return res;
    return {
      ok: true,
      value: res.value.products.nodes.map(
        (p): StoreProduct => ({
          id: p.id,
          title: p.title,
          variants: p.variants.nodes.map((v) => ({
            id: v.id,
            title: v.title,
            sku: v.sku ?? null,
            price: v.price,
            stock: v.inventoryQuantity ?? null,
          })),
        }),
      ),
    };
  },
  async cancelOrder(creds, order, fetchFn) {
    // 2025-01: refund and restock are required arguments; the cancellation itself runs as a job.
    const res = await gql(
      creds,
      fetchFn,
      `mutation OrderCancel($orderId: ID!, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: CUSTOMER, refund: true, restock: true, notifyCustomer: true, staffNote: $staffNote) {
    job { id } orderCancelUserErrors { field message code } } }`,
      { orderId: order.id, staffNote: STAFF_NOTE },
      CancelResult,
    );
    return res.ok ? rejected(res.value.orderCancel.orderCancelUserErrors) : res;
  },
  async refundOrder(creds, order, fetchFn) {
    if (!order.total)
      return { ok: false, code: "rejected", status: 0, message: "the order has no total" };
    // A refund names the payment it returns: the order's successful sale or capture.
    const txs = await gql(
      creds,
      fetchFn,
      "query OrderTransactions($id: ID!) { order(id: $id) { transactions(first: 10) { id gateway kind status } } }",
      { id: order.id },
      Transactions,
    );
    if (!txs.ok) return txs;
    const paid = txs.value.order?.transactions.find(
      (t) => (t.kind === "SALE" || t.kind === "CAPTURE") && t.status === "SUCCESS",
    );
    if (!paid)
      return { ok: false, code: "rejected", status: 200, message: "no captured payment to refund" };
    const res = await gql(
      creds,
      fetchFn,
      `mutation RefundCreate($input: RefundInput!) {
  refundCreate(input: $input) { refund { id } userErrors { field message } } }`,
      {
        input: {
          orderId: order.id,
          notify: true,
          note: STAFF_NOTE,
          transactions: [
            {
              orderId: order.id,
              parentId: paid.id,
              gateway: paid.gateway,
              kind: "REFUND",
              amount: order.total,
            },
          ],
        },
      },
      RefundResult,
    );
    return res.ok ? rejected(res.value.refundCreate.userErrors) : res;
  },
  async changeShippingAddress(creds, order, a, fetchFn) {
    // 2025-01 `orderUpdate(input: OrderInput!)`; `shippingAddress` is a MailingAddressInput.
    const res = await gql(
      creds,
      fetchFn,
      `mutation OrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) { order { id } userErrors { field message } } }`,
      {
        input: {
          id: order.id,
          shippingAddress: {
            address1: a.address1,
            address2: a.address2,
            city: a.city,
            zip: a.zip,
            provinceCode: a.province,
            countryCode: a.country,
          },
        },
      },
      UpdateResult,
    );
    return res.ok ? rejected(res.value.orderUpdate.userErrors) : res;
  },
  async createDraftOrder(creds, d, fetchFn) {
    // 2025-01 `draftOrderCreate(input: DraftOrderInput!)`; a line item names a catalogue variant.
    const res = await gql(
      creds,
      fetchFn,
      `mutation DraftOrderCreate($input: DraftOrderInput!) {
  draftOrderCreate(input: $input) { draftOrder { id name legacyResourceId } userErrors { field message } } }`,
      {
        input: {
          lineItems: [{ variantId: d.variantId, quantity: d.quantity }],
          ...(d.email ? { email: d.email } : {}),
          note: d.note,
          tags: ["edgedesk-lead"],
        },
      },
      DraftResult,
    );
    if (!res.ok) return res;
    const { draftOrder, userErrors } = res.value.draftOrderCreate;
    if (!draftOrder) {
      const no = rejected(userErrors.length ? userErrors : [{ message: "no draft order" }]);
      return no.ok ? { ok: false, code: "rejected", status: 200, message: "no draft order" } : no;
    }
    const host = shopifyHost(creds.shop)!;
    return {
      ok: true,
      value: {
        id: draftOrder.id,
        name: draftOrder.name,
        adminUrl: `https://${host}/admin/draft_orders/${encodeURIComponent(draftOrder.legacyResourceId)}`,
      },
    };
  },
  webhookSecret: (creds) => creds.apiSecret,
  async webhook(raw, headers, secret) {
    if (!(await base64HmacMatches(raw, headers.get("x-shopify-hmac-sha256"), secret)))
      return { ok: false };
    const topic = TOPICS[headers.get("x-shopify-topic") ?? ""];
    if (!topic) return { ok: true, event: null };
    const order = HookOrder.safeParse(parseJson(raw));
    return { ok: true, event: order.success ? { topic, order: fromHook(order.data) } : null };
  },
};
