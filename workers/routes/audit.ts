import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { listAudit } from "../services/audit";
import { AuditEntrySchema } from "../wire/audit";

/** Read-only by design: the audit log has no route that edits or deletes. */
export const auditRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Audit"],
    summary: "The tenant's audit log, newest first",
    middleware: [requireRole("admin")] as const,
    request: {
      query: z.object({
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    responses: { 200: jsonOk(z.object({ entries: z.array(AuditEntrySchema) })), ...errorResponses },
  }),
  async (c) => {
    return c.json(
      { entries: await listAudit(c.get("db"), authOf(c).tenantId, c.req.valid("query")) },
      200,
    );
  },
);
