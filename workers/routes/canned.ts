import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { addCannedReply, deleteCannedReply, listCannedReplies } from "../services/canned-replies";
import { CannedReplySchema } from "../wire/canned-replies";

const tags = ["CannedReplySchema replies"];
const CannedBody = z.strictObject({
  shortcut: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[\w-]+$/, "letters, digits, - and _ only"),
  text: z.string().trim().min(1).max(4000),
});

export const cannedRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List canned replies",
      middleware: [requireRole("viewer")] as const,
      responses: {
        200: jsonOk(z.object({ cannedReplies: z.array(CannedReplySchema) })),
        ...errorResponses,
      },
    }),
    async (c) => {
      return c.json(
        { cannedReplies: await listCannedReplies(c.get("db"), authOf(c).tenantId) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Add a canned reply",
      middleware: [requireRole("agent")] as const,
      request: { body: jsonBody(CannedBody) },
      responses: { 201: jsonOk(z.object({ cannedReply: CannedReplySchema })), ...errorResponses },
    }),
    async (c) => {
      return c.json(
        { cannedReply: await addCannedReply(c.get("db"), authOf(c).tenantId, c.req.valid("json")) },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      summary: "Delete a canned reply",
      middleware: [requireRole("agent")] as const,
      request: { params: IdParam("cr") },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await deleteCannedReply(c.get("db"), authOf(c).tenantId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
