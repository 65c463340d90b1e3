/** What the Worker and the tenant's shard object (TenantShardDO) exchange. */
import type { ConversationMeta } from "./objects";

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
/** A conversation's row in the tenant's index (what the inbox lists, filters and counts, and analytics reads). */
export interface IndexRow {
  id: string;
  contactId: string;
  channelId: string;
  channelType: ConversationMeta["channelType"];
  status: "bot" | "waiting" | "assigned" | "resolved";
  assigneeId: string | null;
  teamId: string | null;
  language: string | null;
  tags: string[];
  subject: string | null;
  lastMessageText: string | null;
  lastMessageAt: number | null;
  lastInboundAt: number | null;
  messageCount: number;
  inboundCount: number;
  firstInboundAt: number | null;
  firstResponseAt: number | null;
  firstAiResponseAt: number | null;
  firstHumanResponseAt: number | null;
  handoverAt: number | null;
  handoverReason: string | null;
  handover: {
    reason: string;
    rule: string | null;
    summary: string | null;
    intent: string | null;
    sentiment: string | null;
  } | null;
  unreadCount: number;
  humanMessageCount: number;
  resolvedAt: number | null;
  reopenCount: number;
  csatScore: number | null;
  csatComment: string | null;
  createdAt: number;
  updatedAt: number | null;
}

/** The inbox list's question to the shard; `search` holds what the Worker matched in D1 (contacts, legacy rows). */
export interface IndexQuery {
  view: "mine" | "unassigned" | "waiting" | "all";
  userId: string | null;
  status?: string;
  channel?: string;
  assignee?: string;
  language?: string;
  tag?: string;
  search?: { text: string; contactIds: string[]; legacyIds: string[] };
  cursor?: { t: number; id: string };
  limit: number;
}

export interface IndexPage {
  /** Newest activity first, at most `limit + 1` (the extra one says there is a next page). */
  rows: IndexRow[];
  counts: { mine: number; unassigned: number; waiting: number; all: number };
  /** The tenant's rows from before the shard still sit in D1 (not yet moved): list them from there too. */
  legacy: boolean;
  /** Rows the shard holds that D1 may not have marked moved yet: left out of D1's listing. */
  moving: string[];
}

/** A conversation's analytics facts as D1 held them before the shard (moved once, then the shard's). */
export interface LegacyFacts {
  conversationId: string;
  facts: Record<string, number>;
  confirmed: boolean;
}

/** `need_legacy`: the shard has no facts for it and the tenant's D1 facts are not all moved: send D1's. */
export type FactsOutcome = "updated" | "unchanged" | "missing" | "need_legacy";

/** Rollup sums over a range of day (`dim`) or month (`m:dim`) rows, grouped by value or day. */
export interface RollupRange {
  dim: string;
  from: string;
  to: string;
}

export interface RollupSum {
  key: string;
  metric: string;
  n: number;
}

/**
 * What the AI turn reads of the tenant's configuration, as D1 holds it (JSON texts, secrets still sealed),
 * cached in the tenant's shard until the merchant changes one of them.
 */
export interface TurnConfig {
  /** The `ai` settings section (JSON), or null. */
  ai: string | null;
  /** The stage agents (a JSON array), or null. */
  agents: string | null;
  /** The `usageLimits` settings section (JSON), or null. */
  usageLimits: string | null;
  /** The knowledge base's fingerprint: changes with every entry added, edited or removed. */
  kbFingerprint: string;
  /** Some limit, budget, paid model or vector search applies: the turn needs the month's usage. */
  metered: boolean;
}

/** One read per AI turn: the cached configuration (null on a miss), the version a fill must name, the usage. */
export interface TurnContext {
  version: string;
  config: TurnConfig | null;
  /** The month's counters when the cached configuration is metered and a range was asked. */
  usage: UsageRead | null;
}

/** A tenant's rows copied into its shard for events jobs: enabled workflows, enabled webhook endpoints. */
export type HookKind = "workflows" | "endpoints";

/** A copy of a tenant's hooks older than this is read from D1 again (an invalidation may have been lost). */
export const HOOKS_MAX_AGE_MS = 5 * 60_000;

/** An events job's whole request to the shard, applied in one call. */
export interface ShardEventsRequest {
  conversationId: string;
  /** Whether the latest resolve counts as confirmed (undefined: no resolve or reopen in the batch). */
  confirmed?: boolean;
  /** D1's facts of the conversation, when a first call answered `need_legacy` (null: D1 has none). */
  legacy?: LegacyFacts | null;
  marks: ShardEventMark[];
  docs: SearchDoc[];
  /** The hook copies the job needs. */
  hooks: HookKind[];
}

/** What the shard knows of a conversation's lead: D1 held none when last read, or one was written. */
export type LeadMark = "none" | "lead";

export interface ShardEventsResult {
  /** The conversation's lead mark (null: unknown, read D1). */
  lead?: LeadMark | null;
  /** On `need_legacy` nothing was applied: call again with D1's facts. */
  facts: FactsOutcome;
  /** Per mark: its first delivery. */
  firsts: boolean[];
  indexed: number;
  /** Per kind asked: the copy (null on a miss) and the version to store a reload under. */
  hooks: Partial<Record<HookKind, { version: number; rows: unknown[] | null }>>;
}
