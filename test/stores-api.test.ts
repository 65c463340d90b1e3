import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hmacSha256, toBase64 } from "../workers/lib/crypto";
import { mockStores, SHOPIFY, WOO } from "./fixtures/stores/mock-stores";
import shopifyHook from "./fixtures/stores/shopify/webhook-orders-fulfilled.json";
import wooOrders from "./fixtures/stores/woocommerce/orders.json";
import { addMember, call, errorOf, signupTenant, type Caller } from "./helpers";

afterEach(() => vi.restoreAllMocks());

/** Both fixture stores behind the global fetch, every request recorded. */
function stores(opts: Parameters<typeof mockStores>[0] = {}) {
  const m = mockStores(opts);
  vi.spyOn(globalThis, "fetch").mockImplementation(m.fetch);
  return m.seen;
}

const connect = (who: Caller, type: string, credentials: Record<string, string>) =>
  call("POST", "/api/stores", { cookie: who.cookie, body: { type, credentials } });
const count = async (tenantId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM stores WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ n: number }>())!.n;
type Connected = {
  store: { id: string; type: string; name: string; host: string; webhookUrl: string };
  webhookSecret?: string;
};

describe("POST /api/stores", () => {
  it("should connect Shopify after a real call with the token on the shop's host only, sealing the credentials", async () => {
    const owner = await signupTenant();
    const seen = stores();
    const res = await connect(owner, "shopify", {
      shop: "snowdevil",
      accessToken: SHOPIFY.accessToken,
      apiSecret: SHOPIFY.apiSecret,
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    const body = JSON.parse(text) as Connected;
    expect(body.store).toMatchObject({
      type: "shopify",
      name: "Snowdevil",
      host: "snowdevil.myshopify.com",
    });
    expect(body.store.webhookUrl).toMatch(new RegExp(`/webhooks/stores/shopify/${body.store.id}$`));
    expect(text).not.toContain(SHOPIFY.accessToken);
    expect(text).not.toContain(SHOPIFY.apiSecret);
    expect(seen.map((r) => [r.url, r.headers["x-shopify-access-token"]])).toEqual([
      ["https://snowdevil.myshopify.com/admin/api/2025-01/graphql.json", SHOPIFY.accessToken],
    ]);
    const row = await env.DB.prepare("SELECT credentials_enc FROM stores WHERE id = ?")
      .bind(body.store.id)
      .first<{ credentials_enc: string }>();
    expect(row!.credentials_enc.startsWith("v1.")).toBe(true);
    expect(row!.credentials_enc).not.toContain(SHOPIFY.accessToken);
    const list = await call("GET", "/api/stores", { cookie: owner.cookie });
    const listed = await list.text();
    expect(JSON.parse(listed).stores.map((s: { id: string }) => s.id)).toEqual([body.store.id]);
    expect(listed).not.toContain(SHOPIFY.accessToken);
    expect(listed).not.toContain("credentials");
  });

  it("should connect WooCommerce with Basic auth and return a generated webhook secret once", async () => {
    const owner = await signupTenant();
    const seen = stores();
    const res = await connect(owner, "woocommerce", {
      url: "https://shop.example.com/",
      consumerKey: WOO.consumerKey,
      consumerSecret: WOO.consumerSecret,
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Connected;
    expect(body.store).toMatchObject({ type: "woocommerce", host: "shop.example.com" });
    expect(body.webhookSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(seen.map((r) => r.url)).toEqual([
      "https://shop.example.com/wp-json/wc/v3/orders?per_page=1",
    ]);
    expect(await (await call("GET", "/api/stores", { cookie: owner.cookie })).text()).not.toContain(
      body.webhookSecret!,
    );
  });

  it("should answer 422 and store nothing when the store refuses the credentials", async () => {
    const owner = await signupTenant();
    stores({ shopifyRefuses: true });
    const res = await connect(owner, "shopify", {
      shop: "snowdevil.myshopify.com",
      accessToken: "shpat_revoked_token_000",
      apiSecret: SHOPIFY.apiSecret,
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("CREDENTIALS_REFUSED");
    expect(await count(owner.tenantId)).toBe(0);
  });

  it("should refuse hosts that are not the store's kind or not public with a 422, before any call", async () => {
    const owner = await signupTenant();
    const seen = stores();
    const bad: [string, Record<string, string>][] = [
      [
        "shopify",
        {
          shop: "snowdevil.example.com",
          accessToken: SHOPIFY.accessToken,
          apiSecret: SHOPIFY.apiSecret,
        },
      ],
      [
        "shopify",
        {
          shop: "https://evil.com/.myshopify.com",
          accessToken: SHOPIFY.accessToken,
          apiSecret: SHOPIFY.apiSecret,
        },
      ],
      [
        "woocommerce",
        {
          url: "http://shop.example.com",
          consumerKey: WOO.consumerKey,
          consumerSecret: WOO.consumerSecret,
        },
      ],
      [
        "woocommerce",
        {
          url: "https://192.168.1.10",
          consumerKey: WOO.consumerKey,
          consumerSecret: WOO.consumerSecret,
        },
      ],
      [
        "woocommerce",
        {
          url: "https://metadata.internal",
          consumerKey: WOO.consumerKey,
          consumerSecret: WOO.consumerSecret,
        },
      ],
      [
        "woocommerce",
        {
          url: "https://shop.example.com",
          consumerKey: "not-a-key",
          consumerSecret: WOO.consumerSecret,
        },
      ],
    ];
    for (const [type, credentials] of bad) {
      const res = await connect(owner, type, credentials);
      expect(res.status, JSON.stringify(credentials)).toBe(422);
      const err = await errorOf(res);
      expect(err.code).toBe("VALIDATION_FAILED");
      expect(JSON.stringify(err)).not.toContain(SHOPIFY.accessToken);
    }
    const unknown = await call("POST", "/api/stores", {
      cookie: owner.cookie,
      body: { type: "magento", credentials: {} },
    });
    expect(unknown.status).toBe(422);
    expect(seen).toEqual([]);
    expect(await count(owner.tenantId)).toBe(0);
  });

  it("should refuse the same store twice and let only admins connect", async () => {
    const owner = await signupTenant();
    stores();
    const creds = {
      shop: "snowdevil",
      accessToken: SHOPIFY.accessToken,
      apiSecret: SHOPIFY.apiSecret,
    };
    expect((await connect(owner, "shopify", creds)).status).toBe(201);
    expect((await connect(owner, "shopify", creds)).status).toBe(409);
    const agent = await addMember(owner, "agent");
    expect((await connect(agent, "shopify", creds)).status).toBe(403);
    expect(await count(owner.tenantId)).toBe(1);
  });
});

describe("DELETE /api/stores/{id}", () => {
  it("should disconnect, then 404; another tenant's store is a 404 too", async () => {
    const owner = await signupTenant();
    const other = await signupTenant();
    stores();
    const { store } = (await (
      await connect(owner, "shopify", {
        shop: "snowdevil",
        accessToken: SHOPIFY.accessToken,
        apiSecret: SHOPIFY.apiSecret,
      })
    ).json()) as Connected;
    expect((await call("DELETE", `/api/stores/${store.id}`, { cookie: other.cookie })).status).toBe(
      404,
    );
    expect(await count(owner.tenantId)).toBe(1);
    expect((await call("DELETE", `/api/stores/${store.id}`, { cookie: owner.cookie })).status).toBe(
      204,
    );
    const again = await call("DELETE", `/api/stores/${store.id}`, { cookie: owner.cookie });
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe("STORE_NOT_FOUND");
    expect(await count(owner.tenantId)).toBe(0);
  });
});

describe("store webhooks", () => {
  const post = (path: string, raw: string, headers: Record<string, string>) =>
    call("POST", path, {
      rawBody: raw,
      headers: { "content-type": "application/json", ...headers },
    });
  const sign = async (secret: string, raw: string) => toBase64(await hmacSha256(secret, raw));
  const orders = (tenantId: string) =>
    env.DB.prepare("SELECT number, status, contact_id FROM store_orders WHERE tenant_id = ?")
      .bind(tenantId)
      .all<{ number: string; status: string; contact_id: string | null }>();

  async function contact(
    tenantId: string,
    email: string | null,
    phone: string | null,
  ): Promise<string> {
    const id = `ctc_${crypto.randomUUID().slice(0, 12)}`;
    await env.DB.prepare("INSERT INTO contacts (id, tenant_id, email, phone) VALUES (?, ?, ?, ?)")
      .bind(id, tenantId, email, phone)
      .run();
    return id;
  }

  it("should verify Shopify's HMAC, record the fulfilled order and link it to the contact with its email", async () => {
    const owner = await signupTenant();
    stores();
    const { store } = (await (
      await connect(owner, "shopify", {
        shop: "snowdevil",
        accessToken: SHOPIFY.accessToken,
        apiSecret: SHOPIFY.apiSecret,
      })
    ).json()) as Connected;
    const bob = await contact(owner.tenantId, "Bob.Norman@mail.example.com", null);
    const raw = JSON.stringify(shopifyHook);
    const path = `/webhooks/stores/shopify/${store.id}`;
    const forged = await post(path, raw, {
      "x-shopify-hmac-sha256": await sign("shpss_someone_else_0001", raw),
      "x-shopify-topic": "orders/fulfilled",
    });
    expect(forged.status).toBe(401);
    expect((await orders(owner.tenantId)).results).toEqual([]);
    const res = await post(path, raw, {
      "x-shopify-hmac-sha256": await sign(SHOPIFY.apiSecret, raw),
      "x-shopify-topic": "orders/fulfilled",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, linked: true });
    expect((await orders(owner.tenantId)).results).toEqual([
      { number: "1001", status: "shipped", contact_id: bob },
    ]);
  });

  it("should verify WooCommerce's signature and link by phone when no contact has the email; an update replaces the row", async () => {
    const owner = await signupTenant();
    stores();
    const { store, webhookSecret } = (await (
      await connect(owner, "woocommerce", {
        url: WOO.url,
        consumerKey: WOO.consumerKey,
        consumerSecret: WOO.consumerSecret,
      })
    ).json()) as Connected;
    const lucia = await contact(owner.tenantId, null, "+34600111222");
    const path = `/webhooks/stores/woocommerce/${store.id}`;
    const processing = JSON.stringify({ ...wooOrders[1], status: "processing" });
    const first = await post(path, processing, {
      "x-wc-webhook-signature": await sign(webhookSecret!, processing),
      "x-wc-webhook-topic": "order.created",
    });
    expect(first.status).toBe(200);
    const completed = JSON.stringify(wooOrders[1]);
    await post(path, completed, {
      "x-wc-webhook-signature": await sign(webhookSecret!, completed),
      "x-wc-webhook-topic": "order.updated",
    });
    expect((await orders(owner.tenantId)).results).toEqual([
      { number: "728", status: "shipped", contact_id: lucia },
    ]);
    // The documented order 727 has a national number; the contact has the international form.
    const john = await contact(owner.tenantId, null, "+1 555 555 5555");
    const national = JSON.stringify(wooOrders[0]);
    await post(path, national, {
      "x-wc-webhook-signature": await sign(webhookSecret!, national),
      "x-wc-webhook-topic": "order.created",
    });
    expect((await orders(owner.tenantId)).results.find((o) => o.number === "727")?.contact_id).toBe(
      john,
    );
    const bad = await post(path, completed, {
      "x-wc-webhook-signature": "AAAA",
      "x-wc-webhook-topic": "order.updated",
    });
    expect(bad.status).toBe(401);
    expect((await errorOf(bad)).code).toBe("INVALID_SIGNATURE");
  });

  it("should forget the linked order's email and phone when the contact is erased", async () => {
    const owner = await signupTenant();
    stores();
    const { store } = (await (
      await connect(owner, "shopify", {
        shop: "snowdevil",
        accessToken: SHOPIFY.accessToken,
        apiSecret: SHOPIFY.apiSecret,
      })
    ).json()) as Connected;
    const bob = await contact(owner.tenantId, "bob.norman@mail.example.com", null);
    const raw = JSON.stringify(shopifyHook);
    await post(`/webhooks/stores/shopify/${store.id}`, raw, {
      "x-shopify-hmac-sha256": await sign(SHOPIFY.apiSecret, raw),
      "x-shopify-topic": "orders/create",
    });
    expect((await orders(owner.tenantId)).results).toHaveLength(1);
    expect(
      (await call("POST", `/api/contacts/${bob}/erase`, { cookie: owner.cookie })).status,
    ).toBe(200);
    expect((await orders(owner.tenantId)).results).toEqual([]);
  });

  it("should answer an unknown store like a bad signature", async () => {
    const res = await post("/webhooks/stores/shopify/sto_nope", "{}", {
      "x-shopify-hmac-sha256": "AAAA",
    });
    expect(res.status).toBe(401);
  });
});
