/**
 * The tenant's enabled workflows and webhook endpoints, copied from D1 into its shard so an events job
 * reads no D1. Each kind has a version, bumped by every write to D1 (via `invalidate`); a copy is stored
 * only under the version read before D1 was read, so a copy read before a write is never kept after it.
 * A copy older than `HOOKS_MAX_AGE_MS` is reloaded, in case an invalidation was lost.
 */
import { HOOKS_MAX_AGE_MS, type HookKind } from "../../workers/wire/shard";

const SCHEMA = `CREATE TABLE IF NOT EXISTS hooks_cache (
  kind TEXT PRIMARY KEY, version INTEGER NOT NULL, rows TEXT, at INTEGER
)`;

export class HooksCache {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  /** The kind's copy (null on a miss) and its version, to store a reload under. */
  get(kind: HookKind, now: number): { version: number; rows: unknown[] | null } {
    const r = this.sql
      .exec<{ version: number; rows: string | null; at: number | null }>(
        "SELECT version, rows, at FROM hooks_cache WHERE kind = ?",
        kind,
      )
      .toArray()[0];
    if (!r) return { version: 0, rows: null };
    const fresh = r.rows !== null && r.at !== null && now - Number(r.at) < HOOKS_MAX_AGE_MS;
    return {
      version: Number(r.version),
      rows: fresh ? (JSON.parse(r.rows as string) as unknown[]) : null,
    };
  }

  /** Stores rows read from D1 under `version`; dropped when a write bumped the version meanwhile. */
  put(kind: HookKind, version: number, rows: unknown[], now: number): boolean {
    const json = JSON.stringify(rows);
    const cur = this.sql
      .exec<{ version: number }>("SELECT version FROM hooks_cache WHERE kind = ?", kind)
      .toArray()[0];
    if ((cur ? Number(cur.version) : 0) !== version) return false;
    this.sql.exec(
      "INSERT INTO hooks_cache (kind, version, rows, at) VALUES (?, ?, ?, ?) ON CONFLICT (kind) DO UPDATE SET rows = excluded.rows, at = excluded.at",
      kind,
      version,
      json,
      now,
    );
    return true;
  }

  /** D1's rows of the kind changed: the copy goes, and a reload read before now cannot be stored. */
  invalidate(kind: HookKind): void {
    this.sql.exec(
      "INSERT INTO hooks_cache (kind, version, rows, at) VALUES (?, 1, NULL, NULL) ON CONFLICT (kind) DO UPDATE SET version = version + 1, rows = NULL, at = NULL",
      kind,
    );
  }
}
