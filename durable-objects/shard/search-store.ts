/**
 * The tenant's message search index in its shard's SQLite: a row per message (its id unique, so indexing
 * is idempotent) whose integer id is the rowid of its text in an FTS5 table with trigram tokens (any
 * script, substrings of three characters or more). Erased conversations leave a tombstone, so a late
 * redelivery cannot put their messages back.
 */
import { containsPattern, foldText, ftsQuery } from "../../workers/lib/search-text";
import type { SearchDoc } from "../../workers/wire/shard";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS search_docs (
  id INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, conversation_id TEXT NOT NULL, created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS search_docs_conversation ON search_docs (conversation_id);
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(text, tokenize = 'trigram');
CREATE TABLE IF NOT EXISTS erased_conversations (conversation_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS shard_kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export class SearchStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    sql.exec(SCHEMA);
  }

  /**
   * Adds each text to its message's row: a new row, or the text appended unless the row holds it already,
   * so a version is stored once however often it comes. One transaction. Returns how many messages were new.
   */
  index(docs: SearchDoc[], fold = true): number {
    return this.storage.transactionSync(() => {
      let added = 0;
      for (const d of docs) {
        if (!d.text.trim() || this.erased(d.conversationId)) continue;
        const text = fold ? foldText(d.text) : d.text;
        const row = this.sql
          .exec<{ id: number }>(
            "INSERT INTO search_docs (message_id, conversation_id, created_at) VALUES (?, ?, ?) ON CONFLICT (message_id) DO NOTHING RETURNING id",
            d.messageId,
            d.conversationId,
            d.at,
          )
          .toArray()[0];
        if (row) {
          this.sql.exec("INSERT INTO search_fts (rowid, text) VALUES (?, ?)", row.id, text);
          added++;
        } else
          this.sql.exec(
            "UPDATE search_fts SET text = text || char(10) || ?1 WHERE rowid = (SELECT id FROM search_docs WHERE message_id = ?2) AND instr(text, ?1) = 0",
            text,
            d.messageId,
          );
      }
      return added;
    });
  }

  /** Conversations with a message holding every word of `text`, most recently matched first. */
  match(text: string, limit: number): string[] {
    const q = ftsQuery(text);
    if (!q) return [];
    const args: (string | number)[] = [q.match];
    let contains = "";
    for (const w of q.contains) {
      contains += " AND (search_fts.text LIKE ? ESCAPE '\\' OR search_fts.text LIKE ? ESCAPE '\\')";
      args.push(containsPattern(w), containsPattern(foldText(w)));
    }
    args.push(limit);
    return this.sql
      .exec<{ conversation_id: string }>(
        `SELECT d.conversation_id, max(d.created_at) AS at FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
         WHERE search_fts MATCH ?${contains} GROUP BY d.conversation_id ORDER BY at DESC, d.conversation_id LIMIT ?`,
        ...args,
      )
      .toArray()
      .map((r) => r.conversation_id);
  }

  /** Removes these conversations' rows (the text first: it is found through them) and remembers them as erased. */
  erase(conversationIds: string[]): void {
    this.storage.transactionSync(() => {
      for (const id of conversationIds) {
        this.sql.exec(
          "DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE conversation_id = ?)",
          id,
        );
        this.sql.exec("DELETE FROM search_docs WHERE conversation_id = ?", id);
        this.sql.exec(
          "INSERT OR IGNORE INTO erased_conversations (conversation_id) VALUES (?)",
          id,
        );
      }
    });
  }

  flag(key: string): boolean {
    return this.sql.exec("SELECT 1 FROM shard_kv WHERE key = ?", key).toArray().length > 0;
  }

  setFlag(key: string): void {
    this.sql.exec("INSERT OR IGNORE INTO shard_kv (key, value) VALUES (?, '1')", key);
  }

  private erased(conversationId: string): boolean {
    return (
      this.sql
        .exec("SELECT 1 FROM erased_conversations WHERE conversation_id = ?", conversationId)
        .toArray().length > 0
    );
  }
}
