import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { tenants, users } from "../db/schema";

/** The demo tenant is the one `npm run dev` seeds: its owner signs in as this address (scripts/seed-demo.mjs). */
export const DEMO_OWNER_EMAIL = "demo@edgedesk.dev";

/** Public widget key of the demo tenant, or null when the demo was never seeded. */
export async function demoPublicKey(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ publicKey: tenants.publicKey })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.email, DEMO_OWNER_EMAIL), eq(users.role, "owner")))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return row?.publicKey ?? null;
}
