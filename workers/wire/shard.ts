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

/** One event of a job for the shard's usage: its processed marker and the metrics its first delivery counts. */
export interface ShardEventMark {
  /** The event's key (unique per tenant). */
  key: string;
  /** Its UTC day (YYYY-MM-DD), where its metrics count. */
  day: string;
  metrics: string[];
}

/** A usage counter: one metric on one UTC day. */
export interface UsageRow {
  day: string;
  metric: string;
  value: number;
}

/** The shard's counters over a range of days: counted there, moved from D1, and whether the move is done. */
export interface UsageRead {
  live: UsageRow[];
  legacy: UsageRow[];
  /** The tenant's counters from before the shard have all left D1: nothing to merge from there. */
  legacyMoved: boolean;
}

/**
 * How long a processed marker is kept after the event's first delivery: a redelivery later than this
 * (queue retries, or an admin replaying a dead letter) counts again. Same window the D1 markers had.
 */
export const MARKER_RETENTION_MS = 30 * 24 * 3600_000;
