/** The widget's appearance settings, and for admins the secret their backend signs `identify()` hashes with. */
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { channels } from "../db/schema";
import { hasRole } from "../middleware/auth";
import { WidgetSettings } from "../wire/widget-settings";
import { openCredentials } from "./channels";
import { getSection } from "./tenant-settings";

type Appearance = z.output<typeof WidgetSettings>;

export async function widgetAppearance(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  auth: Pick<Auth, "tenantId" | "role">,
): Promise<Appearance | (Appearance & { identitySecret: string | null })> {
  const settings = await getSection(db, auth.tenantId, "widget", WidgetSettings);
  if (!hasRole(auth.role, "admin")) return settings;
  // Only admins ever see the identity-verification key.
  const widget = await db.query.channels.findFirst({
    where: inTenant(
      channels,
      auth.tenantId,
      and(eq(channels.type, "widget"), eq(channels.status, "active")),
    ),
  });
  const creds = widget ? await openCredentials(env, { ...widget, type: "widget" as const }) : null;
  return { ...settings, identitySecret: creds?.identitySecret ?? null };
}
