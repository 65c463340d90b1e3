import { createRoute, z } from "@hono/zod-openapi";
import { RECIPIENT_STATUSES } from "../db/schema-ops";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import * as broadcasts from "../broadcasts/broadcast-service";
import { Limit } from "../wire/api-fields";
import {
  Audience,
  BroadcastSchema as Broadcast,
  BroadcastProgressSchema as Progress,
  BroadcastRecipientSchema as Recipient,
  Variants,
} from "../wire/broadcasts";

const tags = ["Broadcasts"];

export const broadcastRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List broadcasts",
      middleware: [requireRole("admin")] as const,
      responses: { 200: jsonOk(z.object({ broadcasts: z.array(Broadcast) })), ...errorResponses },
    }),
    async (c) =>
      c.json({ broadcasts: await broadcasts.listBroadcasts(c.get("db"), authOf(c).tenantId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Create a broadcast (draft)",
      description:
        "Targets contacts by tags and attributes on one channel. WhatsApp needs approved templates and opt-in; Messenger/Instagram reach only contacts active in the last 24 h; opt-outs are honoured on every channel.",
      middleware: [requireRole("admin")] as const,
      request: {
        body: jsonBody(
          z.strictObject({
            name: z.string().trim().min(1).max(120),
            channelId: z.string().min(1).max(64),
            audience: Audience,
            variants: Variants,
            ratePerMinute: z.number().int().min(1).max(6000).optional(),
          }),
        ),
      },
      responses: { 201: jsonOk(z.object({ broadcast: Broadcast })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          broadcast: await broadcasts.createBroadcast(c.get("db"), authOf(c), c.req.valid("json")),
        },
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      summary: "A broadcast with its progress",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("bc") },
      responses: {
        200: jsonOk(z.object({ broadcast: Broadcast, progress: Progress })),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        await broadcasts.broadcastProgress(
          c.get("db"),
          authOf(c).tenantId,
          c.req.valid("param").id,
        ),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/schedule",
      tags,
      summary: "Schedule a draft (now when `at` is omitted)",
      middleware: [requireRole("admin")] as const,
      request: {
        params: IdParam("bc"),
        body: jsonBody(z.strictObject({ at: z.number().int().positive().optional() })),
      },
      responses: { 200: jsonOk(z.object({ broadcast: Broadcast })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          broadcast: await broadcasts.scheduleBroadcast(
            c.get("db"),
            c.env.JOBS_QUEUE,
            authOf(c),
            c.req.valid("param").id,
            c.req.valid("json").at,
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/cancel",
      tags,
      summary: "Cancel; recipients not yet sent are skipped",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("bc") },
      responses: { 200: jsonOk(z.object({ broadcast: Broadcast })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          broadcast: await broadcasts.cancelBroadcast(
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
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
      summary: "Delete a draft, cancelled or completed broadcast",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("bc") },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await broadcasts.deleteBroadcast(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/recipients",
      tags,
      summary: "Per-recipient status (addresses masked)",
      middleware: [requireRole("admin")] as const,
      request: {
        params: IdParam("bc"),
        query: z.object({
          status: z.enum(RECIPIENT_STATUSES).optional(),
          cursor: z.string().max(64).optional(),
          limit: Limit(500, 100),
        }),
      },
      responses: {
        200: jsonOk(
          z.object({ recipients: z.array(Recipient), nextCursor: z.string().nullable() }),
        ),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        await broadcasts.listRecipients(
          c.get("db"),
          authOf(c).tenantId,
          c.req.valid("param").id,
          c.req.valid("query"),
        ),
        200,
      ),
  );
