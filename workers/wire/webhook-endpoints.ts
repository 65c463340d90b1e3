import { z } from "@hono/zod-openapi";

/** An outgoing webhook endpoint (the signing secret is never returned after creation). */
export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: z.number(),
    updatedAt: z.number().nullable(),
  })
  .openapi("WebhookEndpoint");

/** POST /api/webhook-endpoints and /{id}/rotate-secret: the endpoint and its secret, shown once. */
export const WebhookEndpointWithSecretSchema = z.object({
  endpoint: WebhookEndpointSchema,
  secret: z
    .string()
    .openapi({ description: "whsec_… signing secret (Standard Webhooks); shown only now." }),
});

/** One delivery attempt record (GET /api/webhook-endpoints/{id}/deliveries). */
export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventType: z.string(),
    conversationId: z.string().nullable(),
    payload: z.string(),
    status: z.string(),
    attempts: z.number(),
    nextAttemptAt: z.number().nullable(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.number(),
    deliveredAt: z.number().nullable(),
  })
  .openapi("WebhookDelivery");
