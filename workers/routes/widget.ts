import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { startSession } from "../services/widget";

const SessionBody = z
  .strictObject({
    publicKey: z.string().min(4).max(100),
    visitorToken: z.string().max(1000).optional(),
    identity: z.strictObject({ userId: z.string().min(1).max(200), hash: z.string().regex(/^[0-9a-fA-F]{64}$/), name: z.string().max(200).optional(), email: z.string().email().max(254).optional() }).optional(),
    language: z.string().min(2).max(16).optional(),
  })
  .openapi("WidgetSessionBody");

const SessionResult = z
  .object({
    visitorToken: z.string(),
    conversationId: z.string().nullable(),
    config: z.object({ greeting: z.string(), color: z.string(), position: z.enum(["left", "right"]), logoUrl: z.string().nullable(), title: z.string(), quickReplies: z.array(z.string()), persona: z.string(), languages: z.array(z.string()) }),
  })
  .openapi("WidgetSession");

/** Public (no sign-in): the shop's public key identifies the tenant. */
export const widgetRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/widget/session",
    tags: ["Widget"],
    summary: "Start or resume a widget visitor session",
    description: "Returns a signed visitor token for /ws/widget. Identified visitors send {userId, hash} with hash = hex HMAC-SHA256(widget identity secret, userId).",
    security: [],
    request: { body: jsonBody(SessionBody) },
    responses: { 200: jsonOk(SessionResult), 401: errorResponses[401], 404: errorResponses[404], 422: errorResponses[422] },
  }),
  async (c) => c.json(await startSession(c.get("db"), c.env, c.req.valid("json")), 200),
);
