/**
 * Full-text search over every message of a tenant's conversations, held in the tenant's shard object
 * (TenantShardDO: SQLite FTS5, trigram tokens), not in the shared D1. Messages are indexed from the
 * conversation's events, one call per job, once each however often the queue redelivers; erasure and
 * retention take them out with the conversation (privacy/erase.ts).
 */
import { shardStub } from "../../durable-objects/rpc";
import { ftsQuery } from "../lib/search-text";
import type { SearchDoc, SearchMatch } from "../wire/shard";

/** Conversations one search can name (the most recently matched first); more words narrow it. */
export const SEARCH_MATCH_LIMIT = 1000;

type ShardEnv = Pick<Env, "TENANT_SHARD">;

/** Indexes texts of many messages of one tenant in one call. Returns how many messages were new. */
export async function indexMessages(
  env: ShardEnv,
  tenantId: string,
  docs: SearchDoc[],
): Promise<number> {
  const list = docs.filter((d) => d.text.trim());
  return list.length ? shardStub(env, tenantId).indexMessages(list) : 0;
}

/** The tenant's conversations holding a message with every word of `text`; null when no word can be searched. */
export async function matchingConversations(
  env: ShardEnv,
  tenantId: string,
  text: string,
): Promise<SearchMatch | null> {
  if (!ftsQuery(text)) return null;
  return shardStub(env, tenantId).searchConversations(text, SEARCH_MATCH_LIMIT);
}

/** Takes these conversations' messages out of the index for good (erasure, retention). */
export async function eraseFromSearch(
  env: ShardEnv,
  tenantId: string,
  conversationIds: string[],
): Promise<void> {
  if (conversationIds.length) await shardStub(env, tenantId).eraseConversations(conversationIds);
}
