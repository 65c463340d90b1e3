import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { inTenant } from "../db/client";
import { cannedReplies } from "../db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";

const tags = ["Canned replies"];
const Canned = z.object({ id: z.string(), shortcut: z.string(), text: z.string() }).openapi("CannedReply");
const CannedBody = z.strictObject({ shortcut: z.string().trim().min(1).max(40).regex(/^[\w-]+$/, "letters, digits, - and _ only"), text: z.string().trim().min(1).max(4000) });

/** Saved answers agents insert with `/shortcut` in the console. */
export const cannedRoutes = createRouter()
  .openapi(
    createRoute({ method: "get", path: "/canned-replies", tags, summary: "List canned replies", middleware: [requireRole("viewer")] as const, responses: { 200: jsonOk(z.object({ cannedReplies: z.array(Canned) })), ...errorResponses } }),
    async (c) => {
      const rows = await c.get("db").select({ id: cannedReplies.id, shortcut: cannedReplies.shortcut, text: cannedReplies.text }).from(cannedReplies).where(inTenant(cannedReplies, authOf(c).tenantId)).orderBy(asc(cannedReplies.shortcut));
      return c.json({ cannedReplies: rows }, 200);
    },
  )
  .openapi(
    createRoute({ method: "post", path: "/canned-replies", tags, summary: "Add a canned reply", middleware: [requireRole("agent")] as const, request: { body: jsonBody(CannedBody) }, responses: { 201: jsonOk(z.object({ cannedReply: Canned })), ...errorResponses } }),
    async (c) => {
      const row = { id: newId("cr"), tenantId: authOf(c).tenantId, ...c.req.valid("json") };
      await c.get("db").insert(cannedReplies).values(row);
      return c.json({ cannedReply: { id: row.id, shortcut: row.shortcut, text: row.text } }, 201);
    },
  )
  .openapi(
    createRoute({ method: "delete", path: "/canned-replies/{id}", tags, summary: "Delete a canned reply", middleware: [requireRole("agent")] as const, request: { params: IdParam("cr") }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    async (c) => {
      const res = await c.get("db").delete(cannedReplies).where(inTenant(cannedReplies, authOf(c).tenantId, eq(cannedReplies.id, c.req.valid("param").id))).returning({ id: cannedReplies.id });
      if (!res.length) throw new ApiError("NOT_FOUND", "No such canned reply.");
      return c.body(null, 204);
    },
  );
