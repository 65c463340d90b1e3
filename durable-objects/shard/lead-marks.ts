/**
 * What the tenant's shard knows of each conversation's lead, so an events job reads D1's `leads` only
 * when it must: "none" (D1 was read and held no lead) or "lead" (a lead was written). No row: unknown.
 * A "none" never replaces a "lead": a job that read D1 before another job's insert cannot hide the lead.
 */
import type { LeadMark } from "../../workers/wire/shard";

const SCHEMA = `CREATE TABLE IF NOT EXISTS lead_marks (
  conversation_id TEXT PRIMARY KEY, mark TEXT NOT NULL
)`;

export class LeadMarks {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  get(conversationId: string): LeadMark | null {
    const r = this.sql
      .exec<{ mark: string }>(
        "SELECT mark FROM lead_marks WHERE conversation_id = ?",
        conversationId,
      )
      .toArray()[0];
    return r ? (r.mark as LeadMark) : null;
  }

  set(conversationId: string, mark: LeadMark): void {
    if (mark === "lead")
      this.sql.exec(
        "INSERT INTO lead_marks (conversation_id, mark) VALUES (?, 'lead') ON CONFLICT (conversation_id) DO UPDATE SET mark = 'lead'",
        conversationId,
      );
    else
      this.sql.exec(
        "INSERT OR IGNORE INTO lead_marks (conversation_id, mark) VALUES (?, 'none')",
        conversationId,
      );
  }

  erase(conversationIds: string[]): void {
    for (const id of conversationIds)
      this.sql.exec("DELETE FROM lead_marks WHERE conversation_id = ?", id);
  }
}
