/** InboxDO's SQLite tables: agents (presence and load), the FIFO waiting queue, assignments. */
import type { AgentPresence, PresenceStatus, QueueEntry } from "../../workers/wire/inbox";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agents (
  user_id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, capacity INTEGER NOT NULL,
  last_seen INTEGER NOT NULL, disconnected_at INTEGER, last_assigned_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS queue (
  conversation_id TEXT PRIMARY KEY, since INTEGER NOT NULL, language TEXT, channel_type TEXT NOT NULL, position_sent INTEGER, team TEXT
);
CREATE TABLE IF NOT EXISTS assignments (conversation_id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, since INTEGER NOT NULL, assigned_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS assignments_agent ON assignments (agent_id);
CREATE TABLE IF NOT EXISTS user_sockets (user_id TEXT NOT NULL, conversation_id TEXT NOT NULL, PRIMARY KEY (user_id, conversation_id));
`;

export interface AgentRow {
  userId: string;
  name: string;
  status: PresenceStatus;
  capacity: number;
  lastSeen: number;
  disconnectedAt: number | null;
  lastAssignedAt: number;
}

export interface QueueRow {
  conversationId: string;
  since: number;
  language: string | null;
  channelType: string;
  positionSent: number | null;
  team: string | null;
}

export class InboxStore {
  /** The tenant never changes once written, so it is read from storage once per wake-up. */
  private tenant: string | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    // Queues created before teams could be named per conversation lack the column.
    const cols = sql
      .exec<{ name: string }>("SELECT name FROM pragma_table_info('queue')")
      .toArray();
    if (!cols.some((c) => c.name === "team")) sql.exec("ALTER TABLE queue ADD COLUMN team TEXT");
  }

  tenantId(): string | null {
    this.tenant ??=
      this.sql.exec<{ value: string }>("SELECT value FROM kv WHERE key = 'tenant'").toArray()[0]
        ?.value ?? null;
    return this.tenant;
  }

  setTenant(tenantId: string): void {
    if (this.tenantId() === tenantId) return;
    this.sql.exec("INSERT OR IGNORE INTO kv (key, value) VALUES ('tenant', ?)", tenantId);
    this.tenant = null;
  }

  agents(): AgentRow[] {
    return this.sql
      .exec<Record<string, SqlStorageValue>>("SELECT * FROM agents ORDER BY user_id")
      .toArray()
      .map((r) => ({
        userId: String(r.user_id),
        name: String(r.name),
        status: r.status as PresenceStatus,
        capacity: Number(r.capacity),
        lastSeen: Number(r.last_seen),
        disconnectedAt: r.disconnected_at === null ? null : Number(r.disconnected_at),
        lastAssignedAt: Number(r.last_assigned_at),
      }));
  }

  agent(userId: string): AgentRow | null {
    return this.agents().find((a) => a.userId === userId) ?? null;
  }

  upsertAgent(a: {
    userId: string;
    name: string;
    capacity: number;
    status: PresenceStatus;
    now: number;
  }): void {
    this.sql.exec(
      `INSERT INTO agents (user_id, name, status, capacity, last_seen, disconnected_at) VALUES (?, ?, ?, ?, ?, NULL)
       ON CONFLICT(user_id) DO UPDATE SET name = excluded.name, status = excluded.status, capacity = excluded.capacity, last_seen = excluded.last_seen, disconnected_at = NULL`,
      a.userId,
      a.name,
      a.status,
      a.capacity,
      a.now,
    );
  }

  setStatus(userId: string, status: PresenceStatus): void {
    this.sql.exec("UPDATE agents SET status = ? WHERE user_id = ?", status, userId);
  }

  setCapacity(userId: string, capacity: number, name: string): void {
    this.sql.exec(
      "UPDATE agents SET capacity = ?, name = ? WHERE user_id = ?",
      capacity,
      name,
      userId,
    );
  }

  heartbeat(userId: string, now: number): void {
    this.sql.exec(
      "UPDATE agents SET last_seen = ?, disconnected_at = NULL WHERE user_id = ?",
      now,
      userId,
    );
  }

  disconnected(userId: string, now: number): void {
    this.sql.exec("UPDATE agents SET disconnected_at = ? WHERE user_id = ?", now, userId);
  }

  queue(): QueueRow[] {
    return this.sql
      .exec<Record<string, SqlStorageValue>>("SELECT * FROM queue ORDER BY since, conversation_id")
      .toArray()
      .map((r) => ({
        conversationId: String(r.conversation_id),
        since: Number(r.since),
        language: r.language === null ? null : String(r.language),
        channelType: String(r.channel_type),
        positionSent: r.position_sent === null ? null : Number(r.position_sent),
        team: r.team === null || r.team === undefined ? null : String(r.team),
      }));
  }

  enqueue(e: {
    conversationId: string;
    since: number;
    language: string | null;
    channelType: string;
    team?: string | null;
  }): void {
    this.sql.exec("DELETE FROM assignments WHERE conversation_id = ?", e.conversationId);
    this.sql.exec(
      "INSERT OR IGNORE INTO queue (conversation_id, since, language, channel_type, team) VALUES (?, ?, ?, ?, ?)",
      e.conversationId,
      e.since,
      e.language,
      e.channelType,
      e.team ?? null,
    );
  }

  dequeue(conversationId: string): void {
    this.sql.exec("DELETE FROM queue WHERE conversation_id = ?", conversationId);
  }

  positionSent(conversationId: string, position: number): void {
    this.sql.exec(
      "UPDATE queue SET position_sent = ? WHERE conversation_id = ?",
      position,
      conversationId,
    );
  }

  assign(conversationId: string, agentId: string, since: number, now: number): void {
    this.dequeue(conversationId);
    this.sql.exec(
      "INSERT INTO assignments (conversation_id, agent_id, since, assigned_at) VALUES (?, ?, ?, ?) ON CONFLICT(conversation_id) DO UPDATE SET agent_id = excluded.agent_id, assigned_at = excluded.assigned_at",
      conversationId,
      agentId,
      since,
      now,
    );
    this.sql.exec("UPDATE agents SET last_assigned_at = ? WHERE user_id = ?", now, agentId);
  }

  release(conversationId: string): void {
    this.dequeue(conversationId);
    this.sql.exec("DELETE FROM assignments WHERE conversation_id = ?", conversationId);
  }

  assignmentsOf(agentId: string): { conversationId: string; since: number }[] {
    return this.sql
      .exec<{ conversation_id: string; since: number }>(
        "SELECT conversation_id, since FROM assignments WHERE agent_id = ?",
        agentId,
      )
      .toArray()
      .map((r) => ({ conversationId: r.conversation_id, since: r.since }));
  }

  /** Conversations where a teammate has a socket open: where a change to their access must reach. */
  socketOpened(userId: string, conversationId: string): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO user_sockets (user_id, conversation_id) VALUES (?, ?)",
      userId,
      conversationId,
    );
  }

  socketsClosed(userId: string, conversationId: string): void {
    this.sql.exec(
      "DELETE FROM user_sockets WHERE user_id = ? AND conversation_id = ?",
      userId,
      conversationId,
    );
  }

  socketConversations(userId: string): string[] {
    return this.sql
      .exec<{ conversation_id: string }>(
        "SELECT conversation_id FROM user_sockets WHERE user_id = ?",
        userId,
      )
      .toArray()
      .map((r) => r.conversation_id);
  }

  activeCounts(): Map<string, number> {
    const rows = this.sql
      .exec<{ agent_id: string; n: number }>(
        "SELECT agent_id, count(*) AS n FROM assignments GROUP BY agent_id",
      )
      .toArray();
    return new Map(rows.map((r) => [r.agent_id, Number(r.n)]));
  }

  presence(a: AgentRow, active: Map<string, number>): AgentPresence {
    return {
      id: a.userId,
      name: a.name,
      status: a.status,
      capacity: a.capacity,
      active: active.get(a.userId) ?? 0,
    };
  }

  queueEntries(): QueueEntry[] {
    return this.queue().map((q, i) => ({
      conversationId: q.conversationId,
      position: i + 1,
      since: q.since,
      language: q.language,
      channelType: q.channelType,
      team: q.team,
    }));
  }
}
