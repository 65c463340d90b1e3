/**
 * Live sockets follow a teammate's access: after a role or status change, the tenant's inbox closes
 * every socket of theirs (console and conversations), so they reconnect with what they may now do —
 * or not at all, once disabled. Sessions and API keys are checked on their own (auth middleware).
 */
import { eq } from "drizzle-orm";
import type { ConsoleIdentity } from "../wire/socket-identity";
import { inboxStub } from "../../durable-objects/rpc";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { users } from "../db/schema";
import { ApiError } from "../lib/errors";
import { hasRole } from "../middleware/auth";

export async function closeUserSockets(
  env: Pick<Env, "INBOX">,
  tenantId: string,
  userId: string,
): Promise<void> {
  await inboxStub(env, tenantId).revokeUser(tenantId, userId);
}

/** The console socket's identity for a signed-in teammate; UNAUTHENTICATED once the user is gone. */
export async function consoleIdentityOf(
  db: Db,
  auth: Auth & { userId: string },
): Promise<ConsoleIdentity> {
  const user = await db.query.users.findFirst({
    where: inTenant(users, auth.tenantId, eq(users.id, auth.userId)),
  });
  if (!user) throw new ApiError("UNAUTHENTICATED", "Sign in again.");
  return {
    userId: user.id,
    name: user.name || user.email,
    role: hasRole(auth.role, "agent") ? auth.role : "viewer",
    capacity: user.capacity,
  };
}
