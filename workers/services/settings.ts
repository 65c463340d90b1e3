import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { tenants } from "../db/schema";
import { audit } from "./audit";

/**
 * Tenant settings live in `tenants.settings` as one JSON object with a section per area
 * (`ai`, `widget`, `retention`, …). Each section is parsed with its schema on read, so stored
 * values from older versions get today's defaults.
 */
export async function getSection<S extends z.ZodType>(db: Db, tenantId: string, section: string, schema: S): Promise<z.output<S>> {
  const row = await db.query.tenants.findFirst({ where: eq(tenants.id, tenantId), columns: { settings: true } });
  const raw = (row?.settings ?? {})[section] ?? {};
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : schema.parse({});
}

export async function putSection(db: Db, auth: Auth, section: string, value: unknown): Promise<void> {
  await db
    .update(tenants)
    .set({ settings: sql`json_set(${tenants.settings}, ${`$.${section}`}, json(${JSON.stringify(value)}))` })
    .where(eq(tenants.id, auth.tenantId));
  await audit(db, auth.tenantId, auth, { action: "settings.updated", targetType: "settings", targetId: section });
}
