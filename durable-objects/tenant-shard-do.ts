import { DurableObject } from "cloudflare:workers";
import type {
  FactsOutcome,
  HookKind,
  LeadMark,
  IndexPage,
  IndexQuery,
  IndexRow,
  LegacyFacts,
  RollupRange,
  RollupSum,
  SearchDoc,
  SearchMatch,
  ShardEventMark,
  TurnConfig,
  TurnContext,
  ShardEventsRequest,
  ShardEventsResult,
  UsageRead,
  UsageRow,
} from "../workers/wire/shard";
import { TurnConfigCache } from "./shard/ai-config";
import { ConversationIndexStore } from "./shard/conversation-index";
import { FactsStore } from "./shard/facts";
import { d1Markers } from "./shard/legacy-markers";
import { applyEvents } from "./shard/events-apply";
import { HooksCache } from "./shard/hooks-cache";
import { LeadMarks } from "./shard/lead-marks";
import { SearchStore } from "./shard/search-store";
import { UsageStore } from "./shard/usage-store";

/** Set once the tenant's search rows from before the shard have all been moved out of D1. */
const LEGACY_MOVED = "search_legacy_moved";
/** Set once the tenant's usage counters and markers from before the shard have all left D1. */
const USAGE_LEGACY_MOVED = "usage_legacy_moved";
/** Set once the tenant's conversation index rows and analytics facts from before the shard are all moved from D1. */
const INDEX_MOVED = "index_legacy_moved";

/**
 * One per tenant: the data that grows with the tenant's messages (the message search index), kept out
 * of the shared D1. Separate from InboxDO so indexing and searching never queue behind presence and
 * routing, and the inbox's storage stays small.
 */
export class TenantShardDO extends DurableObject<Env> {
  private readonly search: SearchStore;
  private readonly usage: UsageStore;
  private readonly index: ConversationIndexStore;
  private readonly facts: FactsStore;
  private readonly turnConfig = new TurnConfigCache();
  private readonly hooks: HooksCache;
  private readonly leads: LeadMarks;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.search = new SearchStore(ctx.storage.sql, ctx.storage);
    this.usage = new UsageStore(ctx.storage.sql, ctx.storage);
    this.index = new ConversationIndexStore(ctx.storage.sql, ctx.storage);
    this.facts = new FactsStore(ctx.storage.sql, ctx.storage);
    this.hooks = new HooksCache(ctx.storage.sql);
    this.leads = new LeadMarks(ctx.storage.sql);
  }

  /** Indexes message texts (a conversation's flush, or a back-fill page); returns how many messages were new. */
  async indexMessages(docs: SearchDoc[]): Promise<number> {
    return this.search.index(docs);
  }

  /** Rows moved from D1 as they were stored there (already folded, several versions per row). */
  async importLegacy(docs: SearchDoc[]): Promise<number> {
    return this.search.index(docs, false);
  }

  async legacyMoved(): Promise<void> {
    this.search.setFlag(LEGACY_MOVED);
  }

  async searchConversations(text: string, limit: number): Promise<SearchMatch> {
    return {
      conversationIds: this.search.match(text, limit),
      legacy: !this.search.flag(LEGACY_MOVED),
    };
  }

  /** Erasure and retention: the conversations' messages leave the index and cannot come back. */
  async eraseConversations(conversationIds: string[]): Promise<void> {
    this.search.erase(conversationIds);
    this.index.erase(conversationIds);
    this.facts.erase(conversationIds);
    this.leads.erase(conversationIds);
  }

  /** A conversation object's flush: its current index row (kept unless the stored one is newer). */
  async putIndexRows(rows: IndexRow[]): Promise<number> {
    return this.index.put(rows, true);
  }

  /** Rows and facts moved from D1 (each kept only where the shard has none); `done` marks the move finished. */
  async importIndexRows(rows: IndexRow[], facts: LegacyFacts[], done: boolean): Promise<number> {
    const n = this.index.put(rows, false);
    this.index.setMoving(done ? [] : rows.map((r) => r.id));
    this.facts.import(facts);
    if (done) this.search.setFlag(INDEX_MOVED);
    return n;
  }

  /**
   * Refreshes a conversation's analytics facts from its index row here. A conversation with no facts
   * here while the tenant's D1 facts are not all moved answers `need_legacy`: call again with D1's (or null).
   */
  async refreshFacts(
    conversationId: string,
    confirmed: boolean | undefined,
    legacy?: LegacyFacts | null,
  ): Promise<FactsOutcome> {
    if (
      legacy === undefined &&
      !this.facts.stored(conversationId) &&
      !this.search.flag(INDEX_MOVED)
    )
      return "need_legacy";
    if (legacy) this.facts.import([legacy]);
    const row = this.index.get(conversationId);
    return row ? this.facts.refresh(row, confirmed) : "missing";
  }

  /** Analytics reads: rollup sums per range; `legacy` while D1 still holds facts not moved. */
  async rollupSums(
    ranges: RollupRange[],
    groupBy: "value" | "day",
    value?: string,
  ): Promise<{ sums: RollupSum[][]; legacy: boolean }> {
    return {
      sums: this.facts.sums(ranges, groupBy, value),
      legacy: !this.search.flag(INDEX_MOVED),
    };
  }

  async indexRow(conversationId: string): Promise<IndexRow | null> {
    return this.index.get(conversationId);
  }

  /** The inbox list: filters, counts, and the full-text search joined here. */
  async listIndex(q: IndexQuery, searchLimit: number): Promise<IndexPage> {
    const matched = q.search ? this.search.match(q.search.text, searchLimit) : [];
    const legacy = !this.search.flag(INDEX_MOVED);
    return { ...this.index.list(q, matched), legacy, moving: legacy ? this.index.moving() : [] };
  }

  /**
   * An events job's processed markers and usage counts, one transaction; which events were new. Until
   * the tenant's usage move is done, D1's markers of events not seen here are taken in first.
   */
  async recordEvents(marks: ShardEventMark[]): Promise<boolean[]> {
    if (!this.search.flag(USAGE_LEGACY_MOVED)) await this.takeD1Markers(marks.map((m) => m.key));
    return this.usage.applyEvents(marks, Date.now());
  }

  private async takeD1Markers(keys: string[]): Promise<void> {
    const unseen = this.usage.unseen(keys);
    if (!unseen.length) return;
    const tenantId = this.ctx.id.name;
    if (!tenantId) throw new Error("TenantShardDO must be addressed by its tenant's id");
    const { found, empty } = await d1Markers(this.env.DB, tenantId, unseen, Date.now());
    if (found.length) this.usage.importLegacy([], found);
    if (empty) this.search.setFlag(USAGE_LEGACY_MOVED);
  }

  /** Adds metered amounts to a day's usage counters. */
  async addUsage(day: string, amounts: Record<string, number>): Promise<void> {
    this.usage.add(day, amounts);
  }

  /** Usage counters per day and metric in [from, to]. */
  async usageRows(from: string, to: string): Promise<UsageRead> {
    return { ...this.usage.rows(from, to), legacyMoved: this.search.flag(USAGE_LEGACY_MOVED) };
  }

  /** Counters and markers moved from D1 (idempotent). */
  async importLegacyUsage(rows: UsageRow[], markers: { key: string; at: number }[]): Promise<void> {
    this.usage.importLegacy(rows, markers);
  }

  async usageLegacyMoved(): Promise<void> {
    this.search.setFlag(USAGE_LEGACY_MOVED);
  }

  /** Drops processed markers past their retention window (also done on writes, at most hourly). */
  async pruneMarkers(now: number): Promise<number> {
    return this.usage.prune(now);
  }

  /**
   * What an AI turn reads, in one call: the cached configuration (null: read D1, then `fillTurnConfig`)
   * and, when that configuration is metered, the usage counters in `usage`'s range.
   */
  async turnContext(usage?: { from: string; to: string }): Promise<TurnContext> {
    const { version, config } = this.turnConfig.read();
    return {
      version,
      config,
      usage: config?.metered && usage ? await this.usageRows(usage.from, usage.to) : null,
    };
  }

  /** Caches the configuration read from D1 at `version`; false when it changed meanwhile. */
  async fillTurnConfig(version: string, config: TurnConfig): Promise<boolean> {
    return this.turnConfig.fill(version, config);
  }

  /** The merchant changed AI settings, agents, limits or knowledge: the next turn reads D1 again. */
  async turnConfigChanged(): Promise<void> {
    this.turnConfig.changed();
  }

  /** An events job in one call: facts refreshed, markers and usage, search rows, and the hook copies it needs. */
  async applyEvents(req: ShardEventsRequest): Promise<ShardEventsResult> {
    if (req.marks.length && !this.search.flag(USAGE_LEGACY_MOVED))
      await this.takeD1Markers(req.marks.map((m) => m.key));
    return applyEvents(
      {
        refreshFacts: (id, confirmed, legacy) => this.refreshFacts(id, confirmed, legacy),
        recordEvents: (marks) => this.usage.applyEvents(marks, Date.now()),
        indexMessages: (docs) => this.search.index(docs),
        hooks: this.hooks,
        leadMark: (id) => this.leads.get(id),
      },
      req,
      Date.now(),
    );
  }

  /** Rows of a hook kind read from D1 under `version` (dropped when a write bumped it meanwhile). */
  async putHooks(kind: HookKind, version: number, rows: unknown[]): Promise<boolean> {
    return this.hooks.put(kind, version, rows, Date.now());
  }

  /** Records what an events job learned of a conversation's lead in D1 (see `shard/lead-marks.ts`). */
  async markLead(conversationId: string, mark: LeadMark): Promise<void> {
    this.leads.set(conversationId, mark);
  }

  /** D1's workflows or webhook endpoints of the tenant changed. */
  async invalidateHooks(kind: HookKind): Promise<void> {
    this.hooks.invalidate(kind);
  }
}
