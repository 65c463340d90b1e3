import { z } from "@hono/zod-openapi";

/** One line of the tenant's audit log (GET /api/audit). */
export const AuditEntrySchema = z
  .object({
    id: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    createdAt: z.number(),
  })
  .openapi("AuditEntry");
