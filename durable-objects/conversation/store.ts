/**
 * ConversationDO's SQLite storage: the ordered message log, state, transitions, participants and the
 * outbox. All calls are synchronous, so a check followed by a write cannot interleave with another
 * request — that is what makes `seq` gap-free and the AI-silencing check atomic.
 */
import type { Attachment, AuthorType, Message } from "../../workers/wire/socket";
import { newId } from "../../workers/lib/ids";
import type { ConvState } from "./state";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  author_type TEXT NOT NULL, author_id TEXT, author_name TEXT,
  kind TEXT NOT NULL, text TEXT NOT NULL, language TEXT, translation TEXT,
  attachments TEXT NOT NULL DEFAULT '[]', citations TEXT NOT NULL DEFAULT '[]',
  client_key TEXT UNIQUE, client_id TEXT, external_id TEXT UNIQUE, reply_to_id TEXT,
  created_at INTEGER NOT NULL, edited_at INTEGER, deleted_at INTEGER,
  history TEXT NOT NULL DEFAULT '[]', delivery TEXT, meta TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS transitions (
  id INTEGER PRIMARY KEY, from_status TEXT NOT NULL, to_status TEXT NOT NULL, reason TEXT NOT NULL,
  actor_type TEXT NOT NULL, actor_id TEXT, at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
  key TEXT PRIMARY KEY, type TEXT NOT NULL, id TEXT, name TEXT, joined_at INTEGER NOT NULL, last_read_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unknown_events (id INTEGER PRIMARY KEY, body TEXT NOT NULL, at INTEGER NOT NULL);
`;

export interface NewMessage {
  authorType: AuthorType;
  authorId: string | null;
  authorName: string | null;
  kind: Message["kind"];
  text: string;
  language?: string | null;
  translation?: Message["translation"];
  attachments?: Attachment[];
  citations?: string[];
  clientId?: string | null;
  externalId?: string | null;
  replyToId?: string | null;
  delivery?: Message["delivery"];
  meta?: Record<string, unknown>;
}

type Row = Record<string, SqlStorageValue>;

export class ConversationStore {
  /**
   * Write-through copy of the kv rows, filled from storage when the object wakes: every write goes
   * through setKv, so it never disagrees with storage, and reads cost no SQL.
   */
  private readonly kvCache = new Map<string, string | null>();
  /** Participant keys already stored (read once per wake-up). */
  private known: Set<string> | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  /** A fresh copy each call: callers mutate it and save it, or drop it. */
  state(): ConvState | null {
    const raw = this.kv("state");
    return raw ? (JSON.parse(raw) as ConvState) : null;
  }

  saveState(state: ConvState): void {
    this.setKv("state", JSON.stringify(state));
  }

  kv(key: string): string | null {
    if (!this.kvCache.has(key))
      this.kvCache.set(
        key,
        this.sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = ?", key).toArray()[0]
          ?.value ?? null,
      );
    return this.kvCache.get(key) ?? null;
  }

  setKv(key: string, value: string): void {
    this.sql.exec(
      "INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
    this.kvCache.set(key, value);
  }

  /**
   * Appends one message; a repeated client id or channel message id returns the stored one instead
   * (`duplicate: true`), so retries and redeliveries never make a second message.
   */
  append(
    conversationId: string,
    m: NewMessage,
    now: number,
  ): { message: Message; duplicate: boolean } {
    const clientKey = m.clientId ? `${m.authorType}:${m.clientId}` : null;
    const rows = this.sql
      .exec(
        `INSERT INTO messages (id, author_type, author_id, author_name, kind, text, language, translation, attachments, citations,
           client_key, client_id, external_id, reply_to_id, created_at, delivery, meta)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
        newId("msg"),
        m.authorType,
        m.authorId,
        m.authorName,
        m.kind,
        m.text,
        m.language ?? null,
        m.translation ? JSON.stringify(m.translation) : null,
        JSON.stringify(m.attachments ?? []),
        JSON.stringify(m.citations ?? []),
        clientKey,
        m.clientId ?? null,
        m.externalId ?? null,
        m.replyToId ?? null,
        now,
        m.delivery ? JSON.stringify(m.delivery) : null,
        JSON.stringify(m.meta ?? {}),
      )
      .toArray();
    if (rows[0]) return { message: toMessage(conversationId, rows[0]), duplicate: false };
    const existing = m.clientId
      ? this.findByClient(conversationId, m.authorType, m.clientId)
      : m.externalId
        ? this.byExternalId(conversationId, m.externalId)
        : null;
    if (!existing)
      throw new Error("message insert conflicted without a matching client or external id");
    return { message: existing, duplicate: true };
  }

  byId(conversationId: string, id: string): Message | null {
    const row = this.sql.exec("SELECT * FROM messages WHERE id = ?", id).toArray()[0];
    return row ? toMessage(conversationId, row) : null;
  }

  byExternalId(conversationId: string, externalId: string): Message | null {
    const row = this.sql
      .exec("SELECT * FROM messages WHERE external_id = ?", externalId)
      .toArray()[0];
    return row ? toMessage(conversationId, row) : null;
  }

  findByClient(conversationId: string, authorType: AuthorType, clientId: string): Message | null {
    const row = this.sql
      .exec("SELECT * FROM messages WHERE client_key = ?", `${authorType}:${clientId}`)
      .toArray()[0];
    return row ? toMessage(conversationId, row) : null;
  }

  /** Messages with seq in (after, before), oldest first; `newest` takes the last `limit` of that range. */
  range(
    conversationId: string,
    opts: { after?: number; before?: number; limit: number; newest?: boolean },
  ): Message[] {
    const after = opts.after ?? 0;
    const before = opts.before ?? Number.MAX_SAFE_INTEGER;
    const order = opts.newest ? "DESC" : "ASC";
    const rows = this.sql
      .exec(
        `SELECT * FROM messages WHERE seq > ? AND seq < ? ORDER BY seq ${order} LIMIT ?`,
        after,
        before,
        opts.limit,
      )
      .toArray();
    const list = rows.map((r) => toMessage(conversationId, r));
    return opts.newest ? list.reverse() : list;
  }

  lastSeq(): number {
    return Number(
      this.sql.exec<{ s: number | null }>("SELECT max(seq) AS s FROM messages").one().s ?? 0,
    );
  }

  /** Replaces editable fields of a message; the caller keeps history. */
  update(
    conversationId: string,
    id: string,
    patch: {
      text?: string;
      editedAt?: number;
      deletedAt?: number;
      history?: Message["history"];
      delivery?: Message["delivery"];
      externalId?: string;
    },
  ): Message | null {
    const cur = this.byId(conversationId, id);
    if (!cur) return null;
    this.sql.exec(
      "UPDATE messages SET text = ?, edited_at = ?, deleted_at = ?, history = ?, delivery = ?, external_id = ? WHERE id = ?",
      patch.text ?? cur.text,
      patch.editedAt ?? cur.editedAt,
      patch.deletedAt ?? cur.deletedAt,
      JSON.stringify(patch.history ?? cur.history),
      JSON.stringify(patch.delivery ?? cur.delivery),
      patch.externalId ?? cur.externalId,
      id,
    );
    return this.byId(conversationId, id);
  }

  recordTransition(
    from: string,
    to: string,
    reason: string,
    actorType: string,
    actorId: string | null,
    at: number,
  ): void {
    this.sql.exec(
      "INSERT INTO transitions (from_status, to_status, reason, actor_type, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)",
      from,
      to,
      reason,
      actorType,
      actorId,
      at,
    );
  }

  transitions(): {
    from: string;
    to: string;
    reason: string;
    actorType: string;
    actorId: string | null;
    at: number;
  }[] {
    return this.sql
      .exec<Row>("SELECT * FROM transitions ORDER BY id")
      .toArray()
      .map((r) => ({
        from: String(r.from_status),
        to: String(r.to_status),
        reason: String(r.reason),
        actorType: String(r.actor_type),
        actorId: r.actor_id === null ? null : String(r.actor_id),
        at: Number(r.at),
      }));
  }

  /** Records a participant; the upsert runs only for someone new or for a read receipt. */
  touchParticipant(
    type: AuthorType,
    id: string | null,
    name: string | null,
    now: number,
    readSeq?: number,
  ): void {
    const key = `${type}:${id ?? ""}`;
    this.known ??= new Set(
      this.sql
        .exec<{ key: string }>("SELECT key FROM participants")
        .toArray()
        .map((r) => r.key),
    );
    if (this.known.has(key) && readSeq === undefined) return;
    this.sql.exec(
      `INSERT INTO participants (key, type, id, name, joined_at, last_read_seq) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET name = coalesce(excluded.name, name), last_read_seq = max(last_read_seq, excluded.last_read_seq)`,
      key,
      type,
      id,
      name,
      now,
      readSeq ?? 0,
    );
    this.known.add(key);
  }

  participants(): { type: string; id: string | null; name: string | null; lastReadSeq: number }[] {
    return this.sql
      .exec<Row>("SELECT * FROM participants ORDER BY joined_at")
      .toArray()
      .map((r) => ({
        type: String(r.type),
        id: r.id === null ? null : String(r.id),
        name: r.name === null ? null : String(r.name),
        lastReadSeq: Number(r.last_read_seq),
      }));
  }

  pushOutbox(body: unknown): void {
    this.sql.exec("INSERT INTO outbox (body) VALUES (?)", JSON.stringify(body));
  }

  /** Outbox items in order: conversation events (`t: "job"`), or everything else (replies, inbox operations). */
  outbox(limit: number, which: "events" | "effects"): { id: number; body: string }[] {
    return this.sql
      .exec<{ id: number; body: string }>(
        "SELECT id, body FROM outbox WHERE (json_extract(body, '$.t') = 'job') = ? ORDER BY id LIMIT ?",
        which === "events" ? 1 : 0,
        limit,
      )
      .toArray();
  }

  /** Events waiting for the flush, and whether one of them is not a new message (those go at once). */
  pendingEvents(): { count: number; urgent: boolean } {
    const row = this.sql
      .exec<{ n: number; other: number | null }>(
        "SELECT count(*) AS n, sum(json_extract(body, '$.job.type') != 'message.created') AS other FROM outbox WHERE json_extract(body, '$.t') = 'job'",
      )
      .one();
    return { count: Number(row.n), urgent: Number(row.other ?? 0) > 0 };
  }

  dropOutbox(ids: number[]): void {
    if (ids.length)
      this.sql.exec(`DELETE FROM outbox WHERE id IN (${ids.map(() => "?").join(",")})`, ...ids);
  }

  keepUnknown(body: unknown, now: number): void {
    this.sql.exec("INSERT INTO unknown_events (body, at) VALUES (?, ?)", JSON.stringify(body), now);
  }
}

function json<T>(v: SqlStorageValue, fallback: T): T {
  return typeof v === "string" ? (JSON.parse(v) as T) : fallback;
}
const str = (v: SqlStorageValue) => (v === null ? null : String(v));
const num = (v: SqlStorageValue) => (v === null ? null : Number(v));

function toMessage(conversationId: string, r: Row): Message {
  return {
    id: String(r.id),
    seq: Number(r.seq),
    conversationId,
    author: { type: r.author_type as AuthorType, id: str(r.author_id), name: str(r.author_name) },
    kind: r.kind as Message["kind"],
    text: String(r.text),
    language: str(r.language),
    translation: json(r.translation, null),
    attachments: json(r.attachments, []),
    citations: json(r.citations, []),
    clientId: str(r.client_id),
    externalId: str(r.external_id),
    replyToId: str(r.reply_to_id),
    createdAt: Number(r.created_at),
    editedAt: num(r.edited_at),
    deletedAt: num(r.deleted_at),
    history: json(r.history, []),
    delivery: json(r.delivery, null),
    meta: json(r.meta, {}),
  };
}
