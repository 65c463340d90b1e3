/**
 * The tenant's analytics in its shard's SQLite: each conversation's facts (what it contributes to the
 * daily and monthly rollups, computed from its index row) and the rollups, kept equal to the sum of the
 * facts. A refresh applies only the difference, so a redelivered or out-of-order event changes nothing twice.
 */
import {
  conversationFacts,
  diffFacts,
  parseFactKey,
  type ConversationFactsInput,
} from "../../workers/lib/analytics-facts";
import type { IndexRow, LegacyFacts, RollupRange, RollupSum } from "../../workers/wire/shard";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conv_facts (conversation_id TEXT PRIMARY KEY, facts TEXT NOT NULL, confirmed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rollups (
  dim TEXT NOT NULL, value TEXT NOT NULL, day TEXT NOT NULL, metric TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (dim, day, value, metric)
);
`;

function toInput(row: IndexRow, confirmed: boolean): ConversationFactsInput {
  return {
    createdAt: row.createdAt,
    channelType: row.channelType,
    language: row.language,
    assigneeId: row.assigneeId,
    tags: row.tags,
    status: row.status,
    firstInboundAt: row.firstInboundAt,
    firstAiResponseAt: row.firstAiResponseAt,
    firstHumanResponseAt: row.firstHumanResponseAt,
    handoverAt: row.handoverAt,
    handoverReason: row.handoverReason,
    humanMessageCount: row.humanMessageCount,
    resolvedAt: row.resolvedAt,
    reopenCount: row.reopenCount,
    csatScore: row.csatScore,
    confirmed,
  };
}

export class FactsStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    sql.exec(SCHEMA);
  }

  stored(conversationId: string): { facts: Record<string, number>; confirmed: boolean } | null {
    const r = this.sql
      .exec<{ facts: string; confirmed: number }>(
        "SELECT facts, confirmed FROM conv_facts WHERE conversation_id = ?",
        conversationId,
      )
      .toArray()[0];
    return r ? { facts: JSON.parse(r.facts), confirmed: r.confirmed === 1 } : null;
  }

  /**
   * Brings one conversation's contribution up to date from its index row. `confirmed` records a
   * shopper-confirmed resolution (it sticks until the conversation is reopened).
   */
  refresh(row: IndexRow, confirmed: boolean | undefined): "updated" | "unchanged" {
    return this.storage.transactionSync(() => {
      const prev = this.stored(row.id);
      const isConfirmed = confirmed ?? (prev ? prev.confirmed && row.status === "resolved" : false);
      const after = conversationFacts(toInput(row, isConfirmed));
      const delta = diffFacts(prev?.facts ?? {}, after);
      if (prev && Object.keys(delta).length === 0 && prev.confirmed === isConfirmed)
        return "unchanged";
      this.write(row.id, after, isConfirmed);
      this.apply(delta);
      return "updated";
    });
  }

  /** Facts moved from D1, added to the rollups; a conversation the shard has facts for keeps them. */
  import(list: LegacyFacts[]): number {
    return this.storage.transactionSync(() => {
      let n = 0;
      for (const f of list) {
        if (this.stored(f.conversationId)) continue;
        this.write(f.conversationId, f.facts, f.confirmed);
        this.apply(f.facts);
        n++;
      }
      return n;
    });
  }

  /** Per range, the sums of the rollups grouped by value or day (`value` narrows to one value). */
  sums(ranges: RollupRange[], groupBy: "value" | "day", value?: string): RollupSum[][] {
    const valueCond = value === undefined ? "" : " AND value = ?";
    return ranges.map((r) =>
      this.sql
        .exec<{ key: string; metric: string; n: number }>(
          `SELECT ${groupBy} AS key, metric, SUM(n) AS n FROM rollups WHERE dim = ? AND day BETWEEN ? AND ?${valueCond} GROUP BY ${groupBy}, metric`,
          ...(value === undefined ? [r.dim, r.from, r.to] : [r.dim, r.from, r.to, value]),
        )
        .toArray(),
    );
  }

  /** Erasure: the facts row goes; the conversation's anonymous contribution stays in the rollups. */
  erase(conversationIds: string[]): void {
    for (const id of conversationIds)
      this.sql.exec("DELETE FROM conv_facts WHERE conversation_id = ?", id);
  }

  private write(id: string, facts: Record<string, number>, confirmed: boolean): void {
    this.sql.exec(
      "INSERT INTO conv_facts (conversation_id, facts, confirmed) VALUES (?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET facts = excluded.facts, confirmed = excluded.confirmed",
      id,
      JSON.stringify(facts),
      confirmed ? 1 : 0,
    );
  }

  private apply(delta: Record<string, number>): void {
    for (const [key, n] of Object.entries(delta)) {
      const { dim, value, day, metric } = parseFactKey(key);
      this.sql.exec(
        "INSERT INTO rollups (dim, value, day, metric, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT (dim, day, value, metric) DO UPDATE SET n = n + excluded.n",
        dim,
        value,
        day,
        metric,
        n,
      );
    }
  }
}
