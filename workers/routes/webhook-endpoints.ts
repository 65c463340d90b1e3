import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { WEBHOOK_EVENT_TYPES } from "../outgoing-webhooks/event-types";
import * as endpoints from "../outgoing-webhooks/endpoints";
import { enqueueWebhookDeliveries } from "../outgoing-webhooks/webhook-delivery";
import { Limit } from "../wire/api-fields";
import {
  WebhookDeliverySchema as Delivery,
  WebhookEndpointSchema as Endpoint,
  WebhookEndpointWithSecretSchema as WithSecret,
} from "../wire/webhook-endpoints";

const tags = ["Webhooks"];
const Events = z
  .array(
    z
      .string()
      .refine(
        (e) => e === "*" || (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e),
        "Unknown event type",
      ),
  )
  .min(1)
  .max(20);
const Url = z.string().url().max(2000);

export const webhookEndpointRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List webhook endpoints",
      middleware: [requireRole("admin")] as const,
      responses: {
        200: jsonOk(z.object({ endpoints: z.array(Endpoint), eventTypes: z.array(z.string()) })),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        {
          endpoints: await endpoints.listEndpoints(c.get("db"), authOf(c).tenantId),
          eventTypes: [...WEBHOOK_EVENT_TYPES],
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Add an HTTPS endpoint for events",
      description:
        "Deliveries are signed in the Standard Webhooks format and retried with backoff.",
      middleware: [requireRole("admin")] as const,
      request: {
        body: jsonBody(
          z.strictObject({
            url: Url,
            events: Events,
            description: z.string().max(200).optional(),
            enabled: z.boolean().optional(),
          }),
        ),
      },
      responses: { 201: jsonOk(WithSecret), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await endpoints.createEndpoint(
          c.get("db"),
          c.env.ENCRYPTION_KEY,
          authOf(c),
          c.req.valid("json"),
        ),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      summary: "One endpoint",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("whe") },
      responses: { 200: jsonOk(z.object({ endpoint: Endpoint })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          endpoint: await endpoints.getEndpoint(
            c.get("db"),
            authOf(c).tenantId,
            c.req.valid("param").id,
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      summary: "Change URL, events, description or enabled",
      middleware: [requireRole("admin")] as const,
      request: {
        params: IdParam("whe"),
        body: jsonBody(
          z.strictObject({
            url: Url.optional(),
            events: Events.optional(),
            description: z.string().max(200).optional(),
            enabled: z.boolean().optional(),
          }),
        ),
      },
      responses: { 200: jsonOk(z.object({ endpoint: Endpoint })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          endpoint: await endpoints.updateEndpoint(
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
            c.req.valid("json"),
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      summary: "Delete an endpoint and its delivery log",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("whe") },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await endpoints.deleteEndpoint(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/rotate-secret",
      tags,
      summary: "Replace the signing secret (shown once)",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("whe") },
      responses: { 200: jsonOk(WithSecret), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await endpoints.rotateSecret(
          c.get("db"),
          c.env.ENCRYPTION_KEY,
          authOf(c),
          c.req.valid("param").id,
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/deliveries",
      tags,
      summary: "Delivery log, newest first",
      middleware: [requireRole("admin")] as const,
      request: {
        params: IdParam("whe"),
        query: z.object({
          status: z.enum(["pending", "sending", "succeeded", "failed"]).optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: Limit(),
        }),
      },
      responses: { 200: jsonOk(z.object({ deliveries: z.array(Delivery) })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          deliveries: await endpoints.listDeliveries(
            c.get("db"),
            authOf(c).tenantId,
            c.req.valid("param").id,
            c.req.valid("query"),
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/test",
      tags,
      summary: "Send a signed `webhook.test` event",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("whe") },
      responses: {
        202: jsonOk(z.object({ deliveryIds: z.array(z.string()) }), "Queued"),
        ...errorResponses,
      },
    }),
    async (c) => {
      const auth = authOf(c);
      const endpoint = await endpoints.getEndpoint(
        c.get("db"),
        auth.tenantId,
        c.req.valid("param").id,
      );
      const at = Date.now();
      const ids = await enqueueWebhookDeliveries(
        c.env,
        {
          tenantId: auth.tenantId,
          eventKey: `webhook.test:${endpoint.id}:${at}`,
          type: "webhook.test",
          at,
          conversationId: null,
          data: { endpointId: endpoint.id },
        },
        endpoint.id,
      );
      return c.json({ deliveryIds: ids }, 202);
    },
  );
