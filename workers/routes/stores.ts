/**
 * Store connections (/api/stores) and the stores' webhooks (/webhooks/stores/{type}/{id}). Credentials
 * go in on connect and never come out.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { STORE_TYPES } from "../db/schema-stores";
import { ApiError } from "../lib/errors";
import { readLimited } from "../lib/read-limited";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import * as svc from "../services/stores";
import {
  ConnectStoreBody,
  ConnectStoreResult,
  StoreSchema,
  StoreSettingsBody,
} from "../wire/stores";

const tags = ["Stores"];
const base = (env: Env, url: string) => env.PUBLIC_BASE_URL || new URL(url).origin;
/** An order with many line items is well under this. */
const STORE_WEBHOOK_LIMIT = 1024 * 1024;

export const storeRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Connect a store",
      description:
        "Shopify: `shop` (your-store.myshopify.com), a custom app's Admin API `accessToken`, and its `apiSecret` (signs webhooks). WooCommerce: the shop's public https `url`, `consumerKey`, `consumerSecret`; a `webhookSecret` is generated and shown once. The store is asked with a read-only call first (Shopify `shop { name }`, WooCommerce `GET /orders?per_page=1`); a refusal, an unreachable store or a refused address is a 422 and stores nothing.",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(ConnectStoreBody) },
      responses: { 201: jsonOk(ConnectStoreResult), ...errorResponses },
    }),
    async (c) => {
      const { row, webhookSecret } = await svc.connectStore(
        c.env,
        c.get("db"),
        authOf(c),
        c.req.valid("json"),
        fetch,
      );
      return c.json(
        {
          store: svc.publicStore(base(c.env, c.req.url), row),
          ...(webhookSecret ? { webhookSecret } : {}),
        },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List connected stores (never their credentials)",
      middleware: [requireRole("viewer")] as const,
      responses: { 200: jsonOk(z.object({ stores: z.array(StoreSchema) })), ...errorResponses },
    }),
    async (c) => {
      const rows = await svc.listStores(c.get("db"), authOf(c).tenantId);
      return c.json({ stores: rows.map((r) => svc.publicStore(base(c.env, c.req.url), r)) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      summary: "Set when order changes need an agent's approval",
      description:
        "`autoApproveBelow`: the AI cancels or refunds an order of a verified shopper below this amount (in the order's currency) without asking; `null` (the default) always asks an agent. `addressChanges`: `approval` (the default) proposes a verified shopper's shipping-address change for an agent's approval, `answer_only` and `never` leave it to a person (the AI proposes nothing). `draftOrders` (default `false`): a high-intent lead whose product matches one of the store's variants becomes a draft order in the store (Shopify only).",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("sto"), body: jsonBody(StoreSettingsBody) },
      responses: { 200: jsonOk(z.object({ store: StoreSchema })), ...errorResponses },
    }),
    async (c) => {
      const row = await svc.updateStoreSettings(
        c.get("db"),
        authOf(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ store: svc.publicStore(base(c.env, c.req.url), row) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      summary: "Disconnect a store (its credentials and recorded orders are deleted)",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("sto") },
      responses: { 204: { description: "Disconnected" }, ...errorResponses },
    }),
    async (c) => {
      await svc.deleteStore(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

const HookParams = z.object({
  type: z.enum(STORE_TYPES).openapi({ param: { name: "type", in: "path" } }),
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const storeWebhookRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/{type}/{id}",
    tags,
    summary: "Receive a store's order webhook",
    description:
      "Shopify: `X-Shopify-Hmac-Sha256` (base64 HMAC-SHA256 of the body with the app's API secret), topics orders/create, orders/updated, orders/fulfilled. WooCommerce: `X-WC-Webhook-Signature` (base64 HMAC-SHA256 with the webhook's secret), topics order.created, order.updated. A bad signature or an unknown store is a 401 and changes nothing.",
    request: { params: HookParams },
    responses: {
      200: jsonOk(z.object({ ok: z.literal(true), linked: z.boolean() })),
      401: errorResponses[401],
      413: errorResponses[422],
    },
  }),
  async (c) => {
    const { type, id } = c.req.valid("param");
    if (Number(c.req.header("content-length") ?? 0) > STORE_WEBHOOK_LIMIT)
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `Store webhooks are limited to ${STORE_WEBHOOK_LIMIT} bytes.`,
      );
    const raw = await readLimited(c.req.raw.body, STORE_WEBHOOK_LIMIT);
    if (!raw)
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `Store webhooks are limited to ${STORE_WEBHOOK_LIMIT} bytes.`,
      );
    const result = await svc.receiveStoreWebhook(
      c.env,
      c.get("db"),
      type,
      id,
      new TextDecoder().decode(raw),
      c.req.raw.headers,
    );
    if (!result.ok)
      throw new ApiError("INVALID_SIGNATURE", "The webhook signature does not match this store.");
    return c.json({ ok: true as const, linked: result.linked !== null }, 200);
  },
);
