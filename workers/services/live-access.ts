/**
 * Live sockets follow a teammate's access: after a role or status change, the tenant's inbox closes
 * every socket of theirs (console and conversations), so they reconnect with what they may now do —
 * or not at all, once disabled. Sessions and API keys are checked on their own (auth middleware).
 */
import { inboxStub } from "../../durable-objects/rpc";

export async function closeUserSockets(env: Pick<Env, "INBOX">, tenantId: string, userId: string): Promise<void> {
  await inboxStub(env, tenantId).revokeUser(tenantId, userId);
}
