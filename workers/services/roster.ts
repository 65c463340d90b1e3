/** The tenant's routing roster: team filters, and each teammate's capacity, shopper-facing name, skills and access. */
import { eq } from "drizzle-orm";
import { getDb, inTenant } from "../db/client";
import { teams, tenants, users } from "../db/schema";
import { shopperFacingName } from "../lib/display-name";

export async function loadRoster(d1: D1Database, tenantId: string) {
  const db = getDb(d1);
  const [teamRows, userRows, tenant] = await Promise.all([
    db
      .select({
        name: teams.name,
        languages: teams.languages,
        channels: teams.channels,
        members: teams.members,
      })
      .from(teams)
      .where(inTenant(teams, tenantId)),
    db
      .select({
        id: users.id,
        name: users.name,
        capacity: users.capacity,
        status: users.status,
        role: users.role,
        skills: users.skills,
      })
      .from(users)
      .where(inTenant(users, tenantId)),
    db.query.tenants.findFirst({ columns: { name: true }, where: eq(tenants.id, tenantId) }),
  ]);
  return {
    teams: teamRows,
    users: new Map(
      userRows.map((u) => [
        u.id,
        {
          capacity: u.capacity,
          name: shopperFacingName(u.name, tenant?.name ?? "Support"),
          active: u.status === "active" && u.role !== "viewer",
          skills: u.skills,
          access: u.status === "active" ? u.role : null,
        },
      ]),
    ),
  };
}
