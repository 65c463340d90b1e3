/** What the Worker and the tenant's shard object (TenantShardDO) exchange. */

/** One text of a message for the search index; a message's versions (edits) arrive as more texts. */
export interface SearchDoc {
  conversationId: string;
  messageId: string;
  text: string;
  /** When the message was written (ms). */
  at: number;
}

/** Conversations matching a search: the most recently matched first, at most the limit asked. */
export interface SearchMatch {
  conversationIds: string[];
  /** The tenant's rows from before the shard still sit in D1 (not yet moved): search them there too. */
  legacy: boolean;
}
