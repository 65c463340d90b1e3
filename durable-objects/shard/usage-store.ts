/**
 * The tenant's usage counters (per UTC day and metric) and the processed-event markers that guard them,
 * in its shard's SQLite. A job's markers and counts are one transaction: an event counts only with the
 * insert of its marker, so a redelivered event adds nothing. Counters moved from D1 sit in their own
 * table, set (not added) per day and metric, so moving the same page twice changes nothing.
 */
import { MARKER_RETENTION_MS, type ShardEventMark, type UsageRow } from "../../workers/wire/shard";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS processed_events (event_key TEXT PRIMARY KEY, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS processed_events_at ON processed_events (at);
CREATE TABLE IF NOT EXISTS usage_daily (
  day TEXT NOT NULL, metric TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (day, metric)
);
CREATE TABLE IF NOT EXISTS usage_legacy (
  day TEXT NOT NULL, metric TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (day, metric)
);
`;

/** Markers are pruned at most this often, on a write. */
const PRUNE_EVERY_MS = 3600_000;

const ADD = `INSERT INTO usage_daily (day, metric, value) VALUES (?, ?, ?)
  ON CONFLICT (day, metric) DO UPDATE SET value = value + excluded.value`;

export class UsageStore {
  private prunedAt = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    sql.exec(SCHEMA);
  }

  /**
   * Marks each event and counts its metrics if the mark is new; one transaction. Returns which were new.
   * A marker is dated when it is written: the retention window runs from the first delivery.
   */
  applyEvents(marks: ShardEventMark[], now: number): boolean[] {
    const first = this.storage.transactionSync(() =>
      marks.map((m) => {
        const isNew =
          this.sql
            .exec(
              "INSERT INTO processed_events (event_key, at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1",
              m.key,
              now,
            )
            .toArray().length > 0;
        if (isNew) for (const metric of m.metrics) this.sql.exec(ADD, m.day, metric, 1);
        return isNew;
      }),
    );
    if (now - this.prunedAt >= PRUNE_EVERY_MS) this.prune(now);
    return first;
  }

  /** The keys with no marker here. */
  unseen(keys: string[]): string[] {
    const seen = new Set(
      this.sql
        .exec<{ event_key: string }>(
          "SELECT event_key FROM processed_events WHERE event_key IN (SELECT value FROM json_each(?))",
          JSON.stringify(keys),
        )
        .toArray()
        .map((r) => r.event_key),
    );
    return keys.filter((k) => !seen.has(k));
  }

  /** Adds amounts to a day's counters (the AI path's metered usage). */
  add(day: string, amounts: Record<string, number>): void {
    this.storage.transactionSync(() => {
      for (const [metric, amount] of Object.entries(amounts))
        if (amount > 0) this.sql.exec(ADD, day, metric, amount);
    });
  }

  /** Counters per day and metric in [from, to] (days as YYYY-MM-DD), live and moved ones apart. */
  rows(from: string, to: string): { live: UsageRow[]; legacy: UsageRow[] } {
    const q = (table: string) =>
      this.sql
        .exec<{ day: string; metric: string; value: number }>(
          `SELECT day, metric, value FROM ${table} WHERE day BETWEEN ? AND ? ORDER BY day, metric`,
          from,
          to,
        )
        .toArray();
    return { live: q("usage_daily"), legacy: q("usage_legacy") };
  }

  /** Counters and markers moved from D1: counters replace their day's moved value, markers are kept once. */
  importLegacy(rows: UsageRow[], markers: { key: string; at: number }[]): void {
    this.storage.transactionSync(() => {
      for (const r of rows)
        this.sql.exec(
          "INSERT OR REPLACE INTO usage_legacy (day, metric, value) VALUES (?, ?, ?)",
          r.day,
          r.metric,
          r.value,
        );
      for (const m of markers)
        this.sql.exec(
          "INSERT OR IGNORE INTO processed_events (event_key, at) VALUES (?, ?)",
          m.key,
          m.at,
        );
    });
  }

  /** Drops markers older than the retention window; returns how many. */
  prune(now: number): number {
    this.prunedAt = now;
    return this.sql.exec("DELETE FROM processed_events WHERE at < ?", now - MARKER_RETENTION_MS)
      .rowsWritten;
  }
}
