import { describe, expect, it } from "vitest";
import { mockStores, SHOPIFY, WOO } from "../../test/fixtures/stores/mock-stores";
import shopifyHook from "../../test/fixtures/stores/shopify/webhook-orders-fulfilled.json";
import wooOrders from "../../test/fixtures/stores/woocommerce/orders.json";
import { hmacSha256, toBase64 } from "../lib/crypto";
import { orderIntent } from "../ai/store-orders";
import { ownsOrder, samePhone } from "./identity";
import { shopifyAdapter, shopifyHost } from "./shopify";
import { storeJson } from "./store-fetch";
import { woocommerceAdapter, wooBase } from "./woocommerce";

const woo = { ...WOO, webhookSecret: "woo-webhook-secret-0001" };
const sign = async (secret: string, raw: string) => toBase64(await hmacSha256(secret, raw));

describe("shopify adapter", () => {
  it("should find an order by its name with status and tracking, calling only the shop's GraphQL endpoint with the token header", async () => {
    const m = mockStores();
    const res = await shopifyAdapter.orderByNumber(SHOPIFY, "#1001", m.fetch);
    expect(res).toEqual({
      ok: true,
      value: expect.objectContaining({
        number: "1001",
        status: "shipped",
        email: "bob.norman@mail.example.com",
        tracking: [
          {
            company: "UPS",
            number: "1Z2345",
            url: "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z2345",
          },
        ],
      }),
    });
    expect(m.seen.map((r) => r.url)).toEqual([
      "https://snowdevil.myshopify.com/admin/api/2025-01/graphql.json",
    ]);
    expect(m.seen[0].headers["x-shopify-access-token"]).toBe(SHOPIFY.accessToken);
    expect(JSON.parse(m.seen[0].body).variables).toEqual({ q: 'name:"#1001"' });
  });

  it("should map delivered, cancelled and unfulfilled orders and answer null for an unknown number", async () => {
    const m = mockStores();
    const status = async (n: string) => {
      const r = await shopifyAdapter.orderByNumber(SHOPIFY, n, m.fetch);
      return r.ok ? (r.value?.status ?? null) : r.code;
    };
    expect([
      await status("1002"),
      await status("1003"),
      await status("1004"),
      await status("9999"),
    ]).toEqual(["processing", "delivered", "cancelled", null]);
  });

  it("should list a customer's orders by email and by phone (through customers, which Shopify can search by phone)", async () => {
    const m = mockStores();
    const byEmail = await shopifyAdapter.ordersByCustomer(
      SHOPIFY,
      { email: "Bob.Norman@mail.example.com" },
      m.fetch,
    );
    expect(byEmail.ok && byEmail.value.map((o) => o.number)).toEqual(["1001", "1003"]);
    const byPhone = await shopifyAdapter.ordersByCustomer(
      SHOPIFY,
      { phone: "+16135550143" },
      m.fetch,
    );
    expect(byPhone.ok && byPhone.value.map((o) => o.number)).toEqual(["1002", "1004"]);
    expect(JSON.parse(m.seen[1].body).query).toContain("customers(first: 1");
  });

  it("should read products with variant price and stock", async () => {
    const res = await shopifyAdapter.products(SHOPIFY, "ipod", mockStores().fetch);
    expect(res.ok && res.value[1]).toEqual({
      id: "gid://shopify/Product/20995642",
      title: "IPod Nano - 8gb",
      variants: [
        expect.objectContaining({ title: "Pink", price: "199.00", stock: 10 }),
        expect.objectContaining({ title: "Black", stock: 0 }),
      ],
    });
  });

  it("should call a refused token refused, and accept only myshopify.com shop names", async () => {
    expect(
      await shopifyAdapter.verify(SHOPIFY, mockStores({ shopifyRefuses: true }).fetch),
    ).toMatchObject({ ok: false, code: "refused", status: 401 });
    expect(await shopifyAdapter.verify(SHOPIFY, mockStores().fetch)).toEqual({
      ok: true,
      value: "Snowdevil",
    });
    expect(
      ["acme", "acme.myshopify.com", "https://ACME.myshopify.com/admin"].map(shopifyHost),
    ).toEqual(["acme.myshopify.com", "acme.myshopify.com", "acme.myshopify.com"]);
    expect(
      [
        "acme.example.com",
        "evil.com/x.myshopify.com",
        "acme.myshopify.com.evil.com",
        "127.0.0.1",
        "a b",
      ].map(shopifyHost),
    ).toEqual([null, null, null, null, null]);
  });

  it("should verify X-Shopify-Hmac-Sha256 over the raw body and parse the order topics", async () => {
    const raw = JSON.stringify(shopifyHook);
    const headers = (sig: string, topic = "orders/fulfilled") =>
      new Headers({ "x-shopify-hmac-sha256": sig, "x-shopify-topic": topic });
    const good = await shopifyAdapter.webhook(
      raw,
      headers(await sign(SHOPIFY.apiSecret, raw)),
      SHOPIFY.apiSecret,
    );
    expect(good).toEqual({
      ok: true,
      event: {
        topic: "order.fulfilled",
        order: expect.objectContaining({
          id: "450789469",
          number: "1001",
          status: "shipped",
          tracking: [expect.objectContaining({ number: "1Z2345" })],
        }),
      },
    });
    expect(
      await shopifyAdapter.webhook(
        raw,
        headers(await sign("another-secret-entirely", raw)),
        SHOPIFY.apiSecret,
      ),
    ).toEqual({ ok: false });
    expect(
      await shopifyAdapter.webhook(
        `${raw} `,
        headers(await sign(SHOPIFY.apiSecret, raw)),
        SHOPIFY.apiSecret,
      ),
    ).toEqual({ ok: false });
    expect(await shopifyAdapter.webhook(raw, new Headers(), SHOPIFY.apiSecret)).toEqual({
      ok: false,
    });
    expect(
      await shopifyAdapter.webhook(
        raw,
        headers(await sign(SHOPIFY.apiSecret, raw), "products/update"),
        SHOPIFY.apiSecret,
      ),
    ).toEqual({ ok: true, event: null });
  });
});

describe("woocommerce adapter", () => {
  it("should get an order by number with Basic auth on the shop's host, and read Shipment Tracking meta", async () => {
    const m = mockStores();
    const res = await woocommerceAdapter.orderByNumber(woo, "728", m.fetch);
    expect(res).toEqual({
      ok: true,
      value: expect.objectContaining({
        number: "728",
        status: "shipped",
        email: "lucia.garcia@example.com",
        phone: "+34 600 111 222",
        tracking: [
          {
            company: "Correos",
            number: "PQ4F6P0700042820128001A",
            url: expect.stringMatching(/^https:\/\/www\.correos\.es\//),
          },
        ],
      }),
    });
    expect(m.seen[0].url).toBe("https://shop.example.com/wp-json/wc/v3/orders/728");
    expect(m.seen[0].headers.authorization).toBe(
      `Basic ${btoa(`${WOO.consumerKey}:${WOO.consumerSecret}`)}`,
    );
  });

  it("should answer null for an unknown order after the documented 404, and refuse wrong keys", async () => {
    const m = mockStores();
    expect(await woocommerceAdapter.orderByNumber(woo, "4040", m.fetch)).toEqual({
      ok: true,
      value: null,
    });
    expect(
      await woocommerceAdapter.verify(
        { ...woo, consumerSecret: "cs_wrong000000000000000" },
        m.fetch,
      ),
    ).toMatchObject({ ok: false, code: "refused", status: 401 });
  });

  it("should keep only the customer's own orders from a search", async () => {
    const res = await woocommerceAdapter.ordersByCustomer(
      woo,
      { email: "john.doe@example.com" },
      mockStores().fetch,
    );
    expect(res.ok && res.value.map((o) => o.number)).toEqual(["727"]);
  });

  it("should accept only public https shop URLs", () => {
    expect(wooBase("https://shop.example.com/")).toBe("https://shop.example.com");
    expect(wooBase("https://example.com/store")).toBe("https://example.com/store");
    for (const bad of [
      "http://shop.example.com",
      "https://localhost",
      "https://10.0.0.5",
      "https://[::1]",
      "https://user:pw@shop.example.com",
      "https://shop.example.com:8443",
      "https://shop.example.com/?x=1",
      "ftp://shop.example.com",
    ])
      expect(wooBase(bad), bad).toBeNull();
  });

  it("should verify X-WC-Webhook-Signature and report a completed order as fulfilled", async () => {
    const raw = JSON.stringify(wooOrders[1]);
    const headers = (sig: string) =>
      new Headers({ "x-wc-webhook-signature": sig, "x-wc-webhook-topic": "order.updated" });
    expect(
      await woocommerceAdapter.webhook(
        raw,
        headers(await sign(woo.webhookSecret, raw)),
        woo.webhookSecret,
      ),
    ).toEqual({
      ok: true,
      event: { topic: "order.fulfilled", order: expect.objectContaining({ number: "728" }) },
    });
    expect(
      await woocommerceAdapter.webhook(
        raw,
        headers(await sign("not-the-secret-0000", raw)),
        woo.webhookSecret,
      ),
    ).toEqual({ ok: false });
    // The unsigned ping WooCommerce sends when the webhook is saved: accepted, carries nothing.
    expect(
      await woocommerceAdapter.webhook(
        "webhook_id=12",
        new Headers({ "content-type": "application/x-www-form-urlencoded" }),
        woo.webhookSecret,
      ),
    ).toEqual({ ok: true, event: null });
    expect(
      await woocommerceAdapter.webhook(
        raw,
        new Headers({ "x-wc-webhook-topic": "order.updated" }),
        woo.webhookSecret,
      ),
    ).toEqual({ ok: false });
  });
});

describe("store calls", () => {
  it("should send a credential only to the store's own host and never follow a redirect", async () => {
    const m = mockStores();
    const init = { method: "GET" as const, headers: { authorization: "Basic x" } };
    expect(
      await storeJson(
        m.fetch,
        "shop.example.com",
        "https://evil.example.net/wp-json/wc/v3/orders",
        init,
      ),
    ).toMatchObject({ ok: false, code: "host_refused" });
    expect(await storeJson(m.fetch, "localhost", "https://localhost/x", init)).toMatchObject({
      ok: false,
      code: "host_refused",
    });
    expect(m.seen).toEqual([]);
    const redirecting = (async () =>
      new Response(null, {
        status: 302,
        headers: { location: "https://evil.example.net/" },
      })) as unknown as typeof fetch;
    expect(
      await storeJson(
        redirecting,
        "shop.example.com",
        "https://shop.example.com/wp-json/wc/v3/orders",
        init,
      ),
    ).toMatchObject({ ok: false, code: "host_refused" });
  });
});

describe("order ownership", () => {
  it("should match by email case-insensitively or by phone digits, national against international", () => {
    const order = { email: "john.doe@example.com", phone: "(555) 555-5555" };
    expect(ownsOrder(order, { emails: ["John.Doe@Example.com"], phones: [] })).toBe(true);
    expect(ownsOrder(order, { emails: [], phones: ["15555555555"] })).toBe(true);
    expect(ownsOrder(order, { emails: ["jane@example.com"], phones: ["15555555556"] })).toBe(false);
    expect(ownsOrder({ email: null, phone: null }, { emails: [""], phones: [""] })).toBe(false);
    expect(samePhone("5555", "15555")).toBe(false);
  });
});

describe("orderIntent", () => {
  it("should tell a change request from a status question in several languages", () => {
    for (const t of [
      "Please cancel order #1001",
      "I want a refund for order 1001",
      "Quiero cancelar el pedido 1001",
      "Bitte Bestellung 1001 stornieren",
      "Je veux être remboursé pour la commande 1001",
      "Change the address of order 1001",
    ])
      expect(orderIntent(t), t).toBe("change");
    for (const t of [
      "Where is my order #1001?",
      "¿Dónde está mi pedido 1001?",
      "Wo ist meine Bestellung 1001?",
      "order 1001 status",
    ])
      expect(orderIntent(t), t).toBe("status");
  });
});

describe("order changes", () => {
  const ref = (id: string, total = "199.00") => ({ id, number: "n", total, currency: "USD" });

  it("should cancel a Shopify order with orderCancel (refund, restock) and report a user error as rejected", async () => {
    const m = mockStores();
    expect(
      await shopifyAdapter.cancelOrder(SHOPIFY, ref("gid://shopify/Order/1073459962"), m.fetch),
    ).toEqual({ ok: true, value: null });
    const sent = JSON.parse(m.seen[0].body) as { query: string; variables: { orderId: string } };
    expect(sent.query).toMatch(
      /orderCancel\(orderId: \$orderId, reason: CUSTOMER, refund: true, restock: true/,
    );
    expect(sent.variables.orderId).toBe("gid://shopify/Order/1073459962");
    expect(
      await shopifyAdapter.cancelOrder(SHOPIFY, ref("gid://shopify/Order/1073459964"), m.fetch),
    ).toMatchObject({
      ok: false,
      code: "rejected",
      message: expect.stringContaining("already been cancelled"),
    });
  });

  it("should refund a Shopify order against its captured payment", async () => {
    const m = mockStores();
    expect(
      await shopifyAdapter.refundOrder(SHOPIFY, ref("gid://shopify/Order/1073459962"), m.fetch),
    ).toEqual({ ok: true, value: null });
    expect(m.seen).toHaveLength(2);
    expect(JSON.parse(m.seen[1].body).variables.input.transactions).toEqual([
      {
        orderId: "gid://shopify/Order/1073459962",
        parentId: "gid://shopify/OrderTransaction/1068278473",
        gateway: "bogus",
        kind: "REFUND",
        amount: "199.00",
      },
    ]);
  });

  it("should cancel and refund a WooCommerce order with PUT and POST on the order", async () => {
    const m = mockStores();
    expect(await woocommerceAdapter.cancelOrder(woo, ref("727", "29.35"), m.fetch)).toEqual({
      ok: true,
      value: null,
    });
    expect(await woocommerceAdapter.refundOrder(woo, ref("727", "29.35"), m.fetch)).toEqual({
      ok: true,
      value: null,
    });
    expect(m.seen.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ["PUT", "https://shop.example.com/wp-json/wc/v3/orders/727", { status: "cancelled" }],
      [
        "POST",
        "https://shop.example.com/wp-json/wc/v3/orders/727/refunds",
        expect.objectContaining({ amount: "29.35", api_refund: true }),
      ],
    ]);
  });
});
