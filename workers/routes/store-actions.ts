/**
 * What the console shows of the tenant's stores: a contact's orders, and the order changes the AI
 * proposed in a conversation, which an agent approves or declines.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, IdParam, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { contactOrders } from "../services/contact-orders";
import * as actions from "../services/store-actions";
import { ContactOrdersResult, StoreActionSchema } from "../wire/stores";

const tags = ["Stores"];
const ActionParams = IdParam("cnv").extend({
  actionId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "actionId", in: "path" } }),
});
const ActionResult = jsonOk(z.object({ action: StoreActionSchema }));
const conflict = { 409: errorResponses[422] };

export const contactOrderRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/{id}/orders",
    tags,
    summary: "A contact's orders in the connected stores",
    description:
      "Asked of each connected store by the contact's email (else phone), plus the orders store webhooks linked to the contact. Number, status, fulfilment, total and tracking only; a store that cannot be read is listed under `unavailable`. Each store call is in the audit log.",
    middleware: [requireRole("agent")] as const,
    request: { params: IdParam("con") },
    responses: { 200: jsonOk(ContactOrdersResult), ...errorResponses },
  }),
  async (c) =>
    c.json(await contactOrders(c.env, c.get("db"), authOf(c), c.req.valid("param").id, fetch), 200),
);

export const storeActionRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/actions",
      tags,
      summary: "Order changes proposed in a conversation (newest first)",
      middleware: [requireRole("viewer")] as const,
      request: { params: IdParam("cnv") },
      responses: {
        200: jsonOk(z.object({ actions: z.array(StoreActionSchema) })),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        { actions: await actions.listActions(c.get("db"), authOf(c), c.req.valid("param").id) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/actions/{actionId}/approve",
      tags,
      summary: "Approve a proposed order change: the store is called and the shopper told",
      description:
        "Idempotent: only the first approval calls the store (`orderCancel` / `refundCreate` on Shopify, an order update / refund on WooCommerce); later ones return the action as it is. 409 for a declined action.",
      middleware: [requireRole("agent")] as const,
      request: { params: ActionParams },
      responses: { 200: ActionResult, ...errorResponses, ...conflict },
    }),
    async (c) => {
      const { id, actionId } = c.req.valid("param");
      const action = await actions.approveAction(
        c.env,
        c.get("db"),
        authOf(c),
        id,
        actionId,
        fetch,
      );
      return c.json({ action }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/actions/{actionId}/decline",
      tags,
      summary:
        "Decline a proposed order change: the store is not called; the shopper is told a person will follow up",
      description: "Idempotent for a declined action; 409 for one already approved.",
      middleware: [requireRole("agent")] as const,
      request: { params: ActionParams },
      responses: { 200: ActionResult, ...errorResponses, ...conflict },
    }),
    async (c) => {
      const { id, actionId } = c.req.valid("param");
      const action = await actions.declineAction(c.env, c.get("db"), authOf(c), id, actionId);
      return c.json({ action }, 200);
    },
  );
