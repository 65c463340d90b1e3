import { createRoute, z } from "@hono/zod-openapi";
import { desc, lt } from "drizzle-orm";
import { inTenant } from "../db/client";
import { auditLog } from "../db/schema";
import { createRouter, errorResponses, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";

const AuditEntry = z
  .object({ id: z.string(), actorType: z.string(), actorId: z.string().nullable(), action: z.string(), targetType: z.string().nullable(), targetId: z.string().nullable(), data: z.record(z.string(), z.unknown()), ip: z.string().nullable(), createdAt: z.number() })
  .openapi("AuditEntry");

/** Read-only by design: the audit log has no route that edits or deletes. */
export const auditRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/audit",
    tags: ["Audit"],
    summary: "The tenant's audit log, newest first",
    middleware: [requireRole("admin")] as const,
    request: { query: z.object({ before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    responses: { 200: jsonOk(z.object({ entries: z.array(AuditEntry) })), ...errorResponses },
  }),
  async (c) => {
    const { before, limit } = c.req.valid("query");
    const auth = authOf(c);
    const rows = await c
      .get("db")
      .select()
      .from(auditLog)
      .where(inTenant(auditLog, auth.tenantId, before ? lt(auditLog.createdAt, before) : undefined))
      .orderBy(desc(auditLog.createdAt))
      .limit(limit);
    return c.json({ entries: rows.map(({ tenantId: _t, ...r }) => r) }, 200);
  },
);
