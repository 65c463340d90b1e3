import type { ConversationDO } from "./conversation-do";
import type { InboxDO } from "./inbox-do";
import type { TenantShardDO } from "./tenant-shard-do";

/**
 * The declared signatures of a Durable Object's public methods. Workers' generated RPC types turn any
 * result holding `unknown` (such as message `meta`) into `never`, although such values are plain
 * JSON and cross RPC fine; callers use this view instead.
 */
export type Rpc<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => Promise<unknown> ? K : never]: T[K];
};

export function conversationStub(
  env: Pick<Env, "CONVERSATION">,
  conversationId: string,
): Rpc<ConversationDO> {
  return env.CONVERSATION.get(
    env.CONVERSATION.idFromName(conversationId),
  ) as unknown as Rpc<ConversationDO>;
}

export function inboxStub(env: Pick<Env, "INBOX">, tenantId: string): Rpc<InboxDO> {
  return env.INBOX.get(env.INBOX.idFromName(tenantId)) as unknown as Rpc<InboxDO>;
}

/** The tenant's shard: its message search index. */
export function shardStub(env: Pick<Env, "TENANT_SHARD">, tenantId: string): Rpc<TenantShardDO> {
  return env.TENANT_SHARD.get(
    env.TENANT_SHARD.idFromName(tenantId),
  ) as unknown as Rpc<TenantShardDO>;
}
