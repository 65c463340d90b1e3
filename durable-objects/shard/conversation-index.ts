/**
 * The tenant's conversation index in its shard's SQLite: a row per conversation (what the inbox lists,
 * filters and counts), written by the conversation's object at its coalesced flush, and a row per tag for
 * the tag filter. A row only moves forward (`updated_at`), so a late or repeated write cannot undo a newer one.
 */
import { containsPattern } from "../../workers/lib/search-text";
import type { IndexPage, IndexQuery, IndexRow } from "../../workers/wire/shard";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conv_index (
  id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, channel_id TEXT NOT NULL, channel_type TEXT NOT NULL,
  status TEXT NOT NULL, assignee_id TEXT, team_id TEXT, language TEXT, tags TEXT NOT NULL, subject TEXT,
  last_message_text TEXT, last_message_at INTEGER, last_inbound_at INTEGER, message_count INTEGER NOT NULL,
  inbound_count INTEGER NOT NULL, first_inbound_at INTEGER, first_response_at INTEGER,
  first_ai_response_at INTEGER, first_human_response_at INTEGER, handover_at INTEGER, handover_reason TEXT,
  handover TEXT, unread_count INTEGER NOT NULL, human_message_count INTEGER NOT NULL, resolved_at INTEGER,
  reopen_count INTEGER NOT NULL, csat_score INTEGER, csat_comment TEXT, created_at INTEGER NOT NULL,
  updated_at INTEGER
);
CREATE INDEX IF NOT EXISTS conv_index_recent ON conv_index (coalesce(last_message_at, 0), id);
CREATE INDEX IF NOT EXISTS conv_index_assignee ON conv_index (assignee_id, status);
CREATE INDEX IF NOT EXISTS conv_index_status ON conv_index (status);
CREATE INDEX IF NOT EXISTS conv_index_contact ON conv_index (contact_id);
CREATE TABLE IF NOT EXISTS conv_index_tags (conversation_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (tag, conversation_id));
CREATE INDEX IF NOT EXISTS conv_index_tags_conv ON conv_index_tags (conversation_id);
CREATE TABLE IF NOT EXISTS conv_index_moving (id TEXT PRIMARY KEY);
`;

const COLUMNS: [keyof IndexRow, string][] = [
  ["id", "id"],
  ["contactId", "contact_id"],
  ["channelId", "channel_id"],
  ["channelType", "channel_type"],
  ["status", "status"],
  ["assigneeId", "assignee_id"],
  ["teamId", "team_id"],
  ["language", "language"],
  ["tags", "tags"],
  ["subject", "subject"],
  ["lastMessageText", "last_message_text"],
  ["lastMessageAt", "last_message_at"],
  ["lastInboundAt", "last_inbound_at"],
  ["messageCount", "message_count"],
  ["inboundCount", "inbound_count"],
  ["firstInboundAt", "first_inbound_at"],
  ["firstResponseAt", "first_response_at"],
  ["firstAiResponseAt", "first_ai_response_at"],
  ["firstHumanResponseAt", "first_human_response_at"],
  ["handoverAt", "handover_at"],
  ["handoverReason", "handover_reason"],
  ["handover", "handover"],
  ["unreadCount", "unread_count"],
  ["humanMessageCount", "human_message_count"],
  ["resolvedAt", "resolved_at"],
  ["reopenCount", "reopen_count"],
  ["csatScore", "csat_score"],
  ["csatComment", "csat_comment"],
  ["createdAt", "created_at"],
  ["updatedAt", "updated_at"],
];
const JSON_FIELDS = new Set<keyof IndexRow>(["tags", "handover"]);
const NAMES = COLUMNS.map(([, c]) => c).join(", ");
const MARKS = COLUMNS.map(() => "?").join(", ");
const UPDATES = COLUMNS.slice(1)
  .map(([, c]) => `${c} = excluded.${c}`)
  .join(", ");

type SqlValue = string | number | null;

function toRow(r: Record<string, SqlValue>): IndexRow {
  const out: Record<string, unknown> = {};
  for (const [k, c] of COLUMNS) {
    const v = r[c];
    out[k] = JSON_FIELDS.has(k) && typeof v === "string" ? JSON.parse(v) : v;
  }
  return out as unknown as IndexRow;
}

function values(row: IndexRow): SqlValue[] {
  return COLUMNS.map(([k]) => {
    const v = row[k];
    return JSON_FIELDS.has(k) ? (v === null ? null : JSON.stringify(v)) : (v as SqlValue);
  });
}

export class ConversationIndexStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    sql.exec(SCHEMA);
  }

  /**
   * Writes rows in one transaction. `replace`: the object's current row, kept unless the stored one is
   * newer; otherwise (a row moved from D1) only where the shard has none. Returns how many were written.
   */
  put(rows: IndexRow[], replace: boolean): number {
    return this.storage.transactionSync(() => {
      let written = 0;
      for (const row of rows) {
        if (this.erased(row.id)) continue;
        const conflict = replace
          ? `DO UPDATE SET ${UPDATES} WHERE coalesce(excluded.updated_at, 0) >= coalesce(conv_index.updated_at, 0)`
          : "DO NOTHING";
        const changed = this.sql.exec(
          `INSERT INTO conv_index (${NAMES}) VALUES (${MARKS}) ON CONFLICT (id) ${conflict}`,
          ...values(row),
        ).rowsWritten;
        if (!changed) continue;
        written++;
        this.sql.exec("DELETE FROM conv_index_tags WHERE conversation_id = ?", row.id);
        for (const tag of new Set(row.tags))
          this.sql.exec(
            "INSERT OR IGNORE INTO conv_index_tags (conversation_id, tag) VALUES (?, ?)",
            row.id,
            tag,
          );
      }
      return written;
    });
  }

  /**
   * The move's last page, whose D1 mark may not have landed yet: D1's listing leaves these ids out, so a
   * move stopped between the shard's write and D1's mark counts each row once. Replaced per page (earlier
   * pages were marked before the next was read); emptied when the move is done.
   */
  setMoving(ids: string[]): void {
    this.storage.transactionSync(() => {
      this.sql.exec("DELETE FROM conv_index_moving");
      for (const id of ids)
        this.sql.exec(
          "INSERT OR IGNORE INTO conv_index_moving (id) SELECT id FROM conv_index WHERE id = ?",
          id,
        );
    });
  }

  moving(): string[] {
    return this.sql
      .exec<{ id: string }>("SELECT id FROM conv_index_moving")
      .toArray()
      .map((r) => r.id);
  }

  get(id: string): IndexRow | null {
    const r = this.sql
      .exec<Record<string, SqlValue>>(`SELECT ${NAMES} FROM conv_index WHERE id = ?`, id)
      .toArray()[0];
    return r ? toRow(r) : null;
  }

  /** Rows after `afterId` in id order (a rebuild's page). */
  page(afterId: string, limit: number): IndexRow[] {
    return this.sql
      .exec<Record<string, SqlValue>>(
        `SELECT ${NAMES} FROM conv_index WHERE id > ? ORDER BY id LIMIT ?`,
        afterId,
        limit,
      )
      .toArray()
      .map(toRow);
  }

  /** The inbox list: conversations with a message, newest activity first; `matched` are the full-text hits. */
  list(q: IndexQuery, matched: string[]): Omit<IndexPage, "legacy" | "moving"> {
    const where: string[] = [];
    const args: SqlValue[] = [];
    const view = (v: IndexQuery["view"]) => {
      if (v === "mine") {
        args.push(q.userId ?? "");
        return "assignee_id = ? AND status <> 'resolved'";
      }
      if (v === "unassigned") return "assignee_id IS NULL AND status IN ('bot', 'waiting')";
      if (v === "waiting") return "status = 'waiting'";
      return "1";
    };
    where.push(view(q.view));
    const eq = (col: string, v: string | undefined) => {
      if (v === undefined) return;
      where.push(`${col} = ?`);
      args.push(v);
    };
    eq("status", q.status);
    eq("channel_type", q.channel);
    eq("assignee_id", q.assignee);
    eq("language", q.language);
    if (q.tag !== undefined) {
      where.push(
        "EXISTS (SELECT 1 FROM conv_index_tags t WHERE t.conversation_id = conv_index.id AND t.tag = ?)",
      );
      args.push(q.tag.toLowerCase());
    }
    if (q.search) {
      const p = containsPattern(q.search.text);
      where.push(
        `(last_message_text LIKE ? ESCAPE '\\' OR subject LIKE ? ESCAPE '\\' OR id = ?
          OR contact_id IN (SELECT value FROM json_each(?)) OR id IN (SELECT value FROM json_each(?)))`,
      );
      args.push(
        p,
        p,
        q.search.text,
        JSON.stringify(q.search.contactIds),
        JSON.stringify([...matched, ...q.search.legacyIds]),
      );
    }
    if (q.cursor) {
      where.push(
        "(coalesce(last_message_at, 0) < ? OR (coalesce(last_message_at, 0) = ? AND id < ?))",
      );
      args.push(q.cursor.t, q.cursor.t, q.cursor.id);
    }
    const rows = this.sql
      .exec<Record<string, SqlValue>>(
        `SELECT ${NAMES} FROM conv_index WHERE message_count > 0 AND ${where.map((w) => `(${w})`).join(" AND ")}
         ORDER BY coalesce(last_message_at, 0) DESC, id DESC LIMIT ?`,
        ...args,
        q.limit + 1,
      )
      .toArray()
      .map(toRow);
    const count = (v: IndexQuery["view"]) => {
      args.length = 0;
      const cond = view(v);
      return (
        this.sql
          .exec<{ n: number }>(
            `SELECT count(*) AS n FROM conv_index WHERE message_count > 0 AND ${cond}`,
            ...args,
          )
          .one().n ?? 0
      );
    };
    return {
      rows,
      counts: {
        mine: count("mine"),
        unassigned: count("unassigned"),
        waiting: count("waiting"),
        all: count("all"),
      },
    };
  }

  /** The search store's tombstones: an erased conversation's late flush cannot bring it back. */
  private erased(id: string): boolean {
    return (
      this.sql.exec("SELECT 1 FROM erased_conversations WHERE conversation_id = ?", id).toArray()
        .length > 0
    );
  }

  erase(conversationIds: string[]): void {
    this.storage.transactionSync(() => {
      for (const id of conversationIds) {
        this.sql.exec("DELETE FROM conv_index_tags WHERE conversation_id = ?", id);
        this.sql.exec("DELETE FROM conv_index WHERE id = ?", id);
      }
    });
  }
}
