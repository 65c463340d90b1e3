/**
 * Full-text search over every message of a tenant's conversations (D1 FTS5, trigram tokens). Messages
 * are indexed from the conversation's `message.created` events, once each however often the queue
 * redelivers; erasure and retention delete the rows with the conversation (privacy/erase.ts).
 */
import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/** Trigram tokens: shorter words cannot be matched through the index. */
export const MIN_TERM = 3;
const MAX_TERMS = 8;

export interface TextQuery {
  /** FTS5 query: each word of three characters or more a quoted phrase (quotes doubled), all required. */
  match: string;
  /** Shorter words (a two-character Chinese word, say), checked on the matched messages' text. */
  contains: string[];
}

/**
 * Text as it is indexed and searched: lower case, Latin accents dropped ("México" → "mexico"). Only the
 * combining accents of U+0300–U+036F go, so kana voicing marks and other scripts' letters stay intact.
 */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase();
}

const phrase = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** The user's words as a search; null when no word is long enough for the index. */
export function ftsQuery(text: string): TextQuery | null {
  const words = text.split(/\s+/).filter(Boolean).slice(0, MAX_TERMS);
  const long = words.filter((t) => [...t].length >= MIN_TERM);
  if (!long.length) return null;
  // Each word also as typed: rows indexed before texts were folded still hold their accents.
  const term = (t: string) =>
    foldText(t) === t ? phrase(t) : `(${phrase(t)} OR ${phrase(foldText(t))})`;
  return {
    match: long.map(term).join(" AND "),
    contains: words.filter((t) => [...t].length < MIN_TERM),
  };
}

/**
 * The three statements that index one text of a message: a row per message id (only while its conversation
 * exists, so an erasure that ran first is not undone), the text with a new row, and otherwise the text added
 * to the row unless it is there already — a version (an edit, or the original arriving after its edit) is
 * stored once however often it comes.
 */
function indexStatements(
  d1: D1Database,
  tenantId: string,
  m: { conversationId: string; messageId: string; text: string; at: number },
): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        `INSERT OR IGNORE INTO message_search (message_id, tenant_id, conversation_id, created_at) SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM conversations WHERE id = ? AND tenant_id = ?)`,
      )
      .bind(m.messageId, tenantId, m.conversationId, m.at, m.conversationId, tenantId),
    // changes() is the row insert just above: 0 when the message was indexed before.
    d1
      .prepare(
        `INSERT INTO message_fts (rowid, text) SELECT id, ? FROM message_search WHERE message_id = ? AND changes() = 1`,
      )
      .bind(m.text, m.messageId),
    d1
      .prepare(
        `UPDATE message_fts SET text = text || char(10) || ?1 WHERE rowid = (SELECT id FROM message_search WHERE message_id = ?2 AND tenant_id = ?3) AND instr(text, ?1) = 0`,
      )
      .bind(m.text, m.messageId, tenantId),
  ];
}

/**
 * Indexes texts of many messages of one tenant in one batch (live events one at a time, the back-fill a page at
 * a time): messages indexed before, live or by an earlier page, get no second row. Returns how many were new.
 */
export async function indexMessages(
  d1: D1Database,
  tenantId: string,
  list: { conversationId: string; messageId: string; text: string; at: number }[],
): Promise<number> {
  const statements = list.flatMap((m) => messageIndexStatements(d1, tenantId, m));
  if (!statements.length) return 0;
  const results = await d1.batch(statements);
  return results.filter((r, i) => i % 3 === 0 && r.meta.changes === 1).length;
}

/** The statements indexing one text of a message, for a caller's own batch; none for an empty text. */
export function messageIndexStatements(
  d1: D1Database,
  tenantId: string,
  m: { conversationId: string; messageId: string; text: string; at: number },
): D1PreparedStatement[] {
  return m.text.trim() ? indexStatements(d1, tenantId, { ...m, text: foldText(m.text) }) : [];
}

/** A condition on `conversations.id`: the conversation holds a message matching `query`, in this tenant. */
export function conversationsMatching(
  conversationId: AnyColumn,
  tenantId: string,
  query: TextQuery,
): SQL {
  const like = (w: string) =>
    sql`message_fts.text LIKE ${`%${w.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`} ESCAPE '\\'`;
  const contains = query.contains.map((w) => sql` AND (${like(w)} OR ${like(foldText(w))})`);
  return sql`${conversationId} IN (SELECT s.conversation_id FROM message_fts JOIN message_search s ON s.id = message_fts.rowid WHERE message_fts MATCH ${query.match} AND s.tenant_id = ${tenantId}${sql.join(contains, sql``)})`;
}

/** Statements removing the index rows of these conversations (the FTS text first: it is found through them). */
export function searchDeletes(
  d1: D1Database,
  tenantId: string,
  conversationIds: string[],
): D1PreparedStatement[] {
  const marks = conversationIds.map(() => "?").join(", ");
  return [
    d1
      .prepare(
        `DELETE FROM message_fts WHERE rowid IN (SELECT id FROM message_search WHERE tenant_id = ? AND conversation_id IN (${marks}))`,
      )
      .bind(tenantId, ...conversationIds),
    d1
      .prepare(`DELETE FROM message_search WHERE tenant_id = ? AND conversation_id IN (${marks})`)
      .bind(tenantId, ...conversationIds),
  ];
}
