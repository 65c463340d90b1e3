/**
 * The one accessor for `tenants.settings`: one JSON object with a section per area (`ai`, `widget`,
 * `retention`, `usageLimits`, …). Sections are parsed with their schema on read, so values stored by
 * older versions get today's defaults; a write replaces one section with `json_set` and never rewrites
 * the others, so areas can save their sections concurrently.
 */
import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { tenants } from "../db/schema";
import { audit } from "./audit";

/** The whole settings object ({} for an unknown tenant), for readers that look across sections. */
export async function getSettings(db: Db, tenantId: string): Promise<Record<string, unknown>> {
  const row = await db.query.tenants.findFirst({
    where: eq(tenants.id, tenantId),
    columns: { settings: true },
  });
  return row?.settings ?? {};
}

/** One section parsed with `schema`; a missing or invalid section reads as the schema's defaults. */
export async function getSection<S extends z.ZodType>(
  db: Db,
  tenantId: string,
  section: string,
  schema: S,
): Promise<z.output<S>> {
  const raw = (await getSettings(db, tenantId))[section] ?? {};
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : schema.parse({});
}

/** Replaces one section; the caller audits the change in its own words. */
export async function setSection(
  db: Db,
  tenantId: string,
  section: string,
  value: unknown,
): Promise<void> {
  await db
    .update(tenants)
    .set({
      settings: sql`json_set(${tenants.settings}, ${`$.${section}`}, json(${JSON.stringify(value)}))`,
    })
    .where(eq(tenants.id, tenantId));
}

/** Replaces one section and records `settings.updated` in the audit log. */
export async function putSection(
  db: Db,
  auth: Auth,
  section: string,
  value: unknown,
): Promise<void> {
  await setSection(db, auth.tenantId, section, value);
  await audit(db, auth.tenantId, auth, {
    action: "settings.updated",
    targetType: "settings",
    targetId: section,
  });
}
