import { desc, lt } from "drizzle-orm";
import { inTenant, type Db } from "../db/client";
import { auditLog } from "../db/schema";
import type { Auth } from "../app-env";
import { newId } from "../lib/ids";

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends to the tenant's audit log. There is deliberately no update or delete path. */
export async function audit(
  db: Db,
  tenantId: string,
  actor: Pick<Auth, "userId" | "apiKeyId"> | null,
  entry: AuditEntry,
): Promise<void> {
  await db.insert(auditLog).values({
    id: newId("aud"),
    tenantId,
    actorType: actor?.userId ? "user" : actor?.apiKeyId ? "api_key" : "system",
    actorId: actor?.userId ?? actor?.apiKeyId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
    ip: entry.ip ?? null,
  });
}

/** The tenant's audit log, newest first, before `before` (ms) when given; without the tenant column. */
export async function listAudit(db: Db, tenantId: string, q: { before?: number; limit: number }) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(inTenant(auditLog, tenantId, q.before ? lt(auditLog.createdAt, q.before) : undefined))
    .orderBy(desc(auditLog.createdAt))
    .limit(q.limit);
  return rows.map(({ tenantId: _t, ...r }) => r);
}
