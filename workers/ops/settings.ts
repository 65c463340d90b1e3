/**
 * Ops-owned keys inside `tenants.settings` (retention, usageLimits). Other areas own other keys
 * of the same JSON, so writes touch one key with `json_set` and never rewrite the whole object.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { tenants } from "../db/schema";

export async function readSetting(db: Db, tenantId: string, key: string): Promise<unknown> {
  const t = await db.query.tenants.findFirst({ where: eq(tenants.id, tenantId), columns: { settings: true } });
  return t?.settings?.[key];
}

export async function writeSetting(db: Db, tenantId: string, key: string, value: unknown): Promise<void> {
  await db.run(sql`UPDATE tenants SET settings = json_set(settings, ${`$.${key}`}, json(${JSON.stringify(value)})) WHERE id = ${tenantId}`);
}
