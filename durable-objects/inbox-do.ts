import { DurableObject } from "cloudflare:workers";
import { log } from "../workers/lib/log";
import { CLOSE_ACCESS_CHANGED } from "../workers/wire/socket";
import {
  CONSOLE_IDENTITY_HEADER,
  ConsoleIdentity,
  type ConsoleRole,
} from "../workers/wire/socket-identity";
import {
  InboxClientFrame,
  PRESENCE_GRACE_MS,
  PRESENCE_TIMEOUT_MS,
  type AgentPresence,
  type ConversationUpdate,
  type InboxServerFrame,
  type PresenceStatus,
  type QueueEntry,
} from "../workers/wire/inbox";
import type { InboxOp } from "../workers/wire/objects";
import type { InboxDeps, Roster } from "./inbox/deps";
import { pickAgent } from "./inbox/routing";
import { conversationStub } from "./rpc";
import { InboxStore } from "./inbox/store";

/** Shoppers further back than this learn their place when they move into it, not on every step. */
const EXACT_POSITIONS = 100;
const ROSTER_TTL_MS = 5_000;
const MAX_FRAME = 4096;
const QUEUE_FRAME_LIMIT = 200;

/**
 * One per tenant: agent presence from console sockets, capacity, the FIFO waiting queue and
 * assignment. ConversationDO stays the source of truth for a conversation's status: an assignment
 * it refuses (the conversation moved on) is dropped here.
 */
export class InboxDO extends DurableObject<Env> {
  private readonly store: InboxStore;
  private assigning: Promise<void> | null = null;
  private assignAgain = false;
  private roster: (Roster & { at: number }) | null = null;

  constructor(
    ctx: DurableObjectState,
    env: Env,
    private readonly deps: InboxDeps,
  ) {
    super(ctx, env);
    this.store = new InboxStore(ctx.storage.sql);
  }

  /** Queue and assignment bookkeeping from ConversationDO's outbox; assignment runs after it returns. */
  async route(tenantId: string, op: InboxOp): Promise<void> {
    this.store.setTenant(tenantId);
    if (op.op === "enqueue") this.store.enqueue(op);
    else if (op.op === "claim") {
      this.store.assign(op.conversationId, op.agentId, op.since, Date.now());
      // The assignee's console announces it, wherever it was made (another agent, the API, a rule).
      this.announceAssigned(op.conversationId, op.agentId, op.reason);
    } else this.store.release(op.conversationId);
    // Not awaited: the ConversationDO that called is waiting on this, and assignment calls it back.
    this.kick();
  }

  async conversationChanged(tenantId: string, update: ConversationUpdate): Promise<void> {
    this.store.setTenant(tenantId);
    this.broadcast({ type: "conversation", conversation: update });
  }

  /** PUT /api/presence, and the console's presence frames. */
  async setPresence(
    tenantId: string,
    agent: { userId: string; name: string; capacity: number },
    status: PresenceStatus,
  ): Promise<AgentPresence> {
    this.store.setTenant(tenantId);
    const now = Date.now();
    // A presence change is when capacity or role edits must be seen: reload the roster.
    this.roster = null;
    this.store.upsertAgent({ ...agent, status, now });
    if (status === "offline") await this.reassign(agent.userId, "agent_offline");
    else await this.scheduleCheck(now + PRESENCE_TIMEOUT_MS);
    this.announce(agent.userId);
    await this.assignWaiting();
    return this.presenceOf(agent.userId)!;
  }

  async snapshot(): Promise<{
    agents: AgentPresence[];
    queue: ReturnType<InboxStore["queueEntries"]>;
  }> {
    const active = this.store.activeCounts();
    return {
      agents: this.store.agents().map((a) => this.store.presence(a, active)),
      queue: this.store.queueEntries(),
    };
  }

  // ---- access: a teammate's role or status changed ----------------------------------------

  /** ConversationDO registers a teammate's socket, so a later access change reaches that conversation. */
  async socketOpened(tenantId: string, userId: string, conversationId: string): Promise<void> {
    this.store.setTenant(tenantId);
    this.store.socketOpened(userId, conversationId);
  }

  async socketsClosed(userId: string, conversationId: string): Promise<void> {
    this.store.socketsClosed(userId, conversationId);
  }

  /** The teammate's current role, null when disabled or gone; asked before every staff write frame (no D1 read per frame). */
  async accessOf(tenantId: string, userId: string): Promise<ConsoleRole | null> {
    this.store.setTenant(tenantId);
    return (await this.loadRoster(tenantId)).users.get(userId)?.access ?? null;
  }

  /**
   * After a role or status change: every socket of the user closes — console sockets here, conversation
   * sockets in each conversation they have one open in — and one who may no longer work conversations
   * is offline at once, their conversations back in the queue.
   */
  async revokeUser(tenantId: string, userId: string): Promise<{ closed: number }> {
    this.store.setTenant(tenantId);
    this.roster = null;
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(userId)) {
      try {
        ws.close(CLOSE_ACCESS_CHANGED, "access changed");
        closed++;
      } catch {
        // Already closed.
      }
    }
    const conversations = this.store.socketConversations(userId);
    const results = await Promise.allSettled(
      conversations.map((id) => this.conversation(id).closeUserSockets(userId)),
    );
    for (const [i, r] of results.entries()) {
      if (r.status === "rejected") {
        log("warn", "closing a user's conversation sockets failed", {
          conversationId: conversations[i],
          error: String(r.reason),
        });
        continue;
      }
      closed += r.value;
      this.store.socketsClosed(userId, conversations[i]);
    }
    const agent = this.store.agent(userId);
    if (
      agent &&
      agent.status !== "offline" &&
      !(await this.loadRoster(tenantId)).users.get(userId)?.active
    ) {
      this.store.setStatus(userId, "offline");
      await this.reassign(userId, "agent_offline");
      this.announce(userId);
    }
    return { closed };
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("Expected a WebSocket upgrade.", { status: 426 });
    const parsed = ConsoleIdentity.safeParse(
      JSON.parse(request.headers.get(CONSOLE_IDENTITY_HEADER) ?? "null"),
    );
    const tenantId = request.headers.get("x-edgedesk-tenant");
    if (!parsed.success || !tenantId) return new Response("Bad console identity.", { status: 400 });
    const id = parsed.data;
    this.store.setTenant(tenantId);
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, ["console", id.userId]);
    server.serializeAttachment(id);
    // Viewers watch the inbox; only agents and above are routed conversations.
    if (id.role !== "viewer") {
      const now = Date.now();
      this.roster = null;
      const prior = this.store.agent(id.userId);
      this.store.upsertAgent({
        userId: id.userId,
        name: id.name,
        capacity: id.capacity,
        status: prior?.status === "away" ? "away" : "online",
        now,
      });
      await this.scheduleCheck(now + PRESENCE_TIMEOUT_MS);
      this.announce(id.userId);
    }
    const active = this.store.activeCounts();
    const agents = this.store.agents().map((a) => this.store.presence(a, active));
    server.send(
      JSON.stringify({
        type: "ready",
        me: this.presenceOf(id.userId),
        agents,
        ...this.queueFrame(),
      } satisfies InboxServerFrame),
    );
    this.kick();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const id = ws.deserializeAttachment() as ConsoleIdentity | null;
    if (!id) return ws.close(1011, "lost socket identity");
    if (typeof data !== "string" || data.length > MAX_FRAME)
      return ws.close(1009, "frame too large");
    let frame: InboxClientFrame;
    try {
      frame = InboxClientFrame.parse(JSON.parse(data));
    } catch {
      return ws.send(
        JSON.stringify({
          type: "error",
          code: "VALIDATION_FAILED",
          message: "Unknown or malformed frame.",
        } satisfies InboxServerFrame),
      );
    }
    if (frame.type === "ping")
      return ws.send(JSON.stringify({ type: "pong" } satisfies InboxServerFrame));
    if (id.role === "viewer") return;
    if (frame.type === "heartbeat") return this.store.heartbeat(id.userId, Date.now());
    await this.setPresence(
      this.store.tenantId() ?? "",
      { userId: id.userId, name: id.name, capacity: id.capacity },
      frame.status,
    );
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    const id = ws.deserializeAttachment() as ConsoleIdentity | null;
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // Already closed.
    }
    if (!id || id.role === "viewer") return;
    const others = this.ctx
      .getWebSockets(id.userId)
      .filter((w) => w !== ws && w.readyState === WebSocket.OPEN);
    if (others.length) return;
    const now = Date.now();
    this.store.disconnected(id.userId, now);
    await this.scheduleCheck(now + PRESENCE_GRACE_MS);
  }

  /** Presence timeouts: a console gone past the grace period, or a client silent too long, is offline. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    let next: number | null = null;
    for (const a of this.store.agents()) {
      if (a.status === "offline") continue;
      const sockets = this.ctx
        .getWebSockets(a.userId)
        .filter((w) => w.readyState === WebSocket.OPEN);
      const deadline =
        a.disconnectedAt !== null && !sockets.length
          ? a.disconnectedAt + PRESENCE_GRACE_MS
          : a.lastSeen + PRESENCE_TIMEOUT_MS;
      if (deadline > now) {
        next = Math.min(next ?? deadline, deadline);
        continue;
      }
      for (const w of sockets) w.close(1001, "heartbeat timeout");
      this.store.setStatus(a.userId, "offline");
      await this.reassign(
        a.userId,
        sockets.length || a.disconnectedAt === null ? "agent_timeout" : "agent_offline",
      );
      this.announce(a.userId);
    }
    if (next !== null) await this.ctx.storage.setAlarm(next);
    await this.assignWaiting();
  }

  // ---- internals ---------------------------------------------------------------------------

  private conversation(id: string) {
    return conversationStub(this.env, id);
  }

  private kick(): void {
    this.assignWaiting().catch((err: unknown) =>
      log("error", "assignment failed", { error: String(err) }),
    );
  }

  /** The `assigned` frame every console gets; `agentId` null when the conversation went back to the queue. */
  private announceAssigned(conversationId: string, agentId: string | null, reason: string): void {
    this.broadcast({ type: "assigned", conversationId, agentId, reason });
  }

  /** Puts an agent's conversations back in the queue (at their original place) and reassigns them. */
  private async reassign(agentId: string, reason: string): Promise<void> {
    for (const a of this.store.assignmentsOf(agentId)) {
      const res = await this.conversation(a.conversationId).unassignFromInbox(agentId, reason);
      this.store.release(a.conversationId);
      if (!res.ok) continue;
      const snap = await this.conversation(a.conversationId).snapshot();
      this.store.enqueue({
        conversationId: a.conversationId,
        since: a.since,
        language: snap.ok ? snap.value.state.language : null,
        channelType: snap.ok ? snap.value.state.channelType : "widget",
        team: snap.ok ? (snap.value.handover?.team ?? null) : null,
      });
      this.announceAssigned(a.conversationId, null, reason);
    }
  }

  /** One assignment pass at a time; a request during a pass makes it run again. */
  private assignWaiting(): Promise<void> {
    if (this.assigning) {
      this.assignAgain = true;
      return this.assigning;
    }
    this.assigning = (async () => {
      try {
        do {
          this.assignAgain = false;
          await this.assignOnce();
        } while (this.assignAgain);
      } finally {
        this.assigning = null;
      }
    })();
    return this.assigning;
  }

  private async assignOnce(): Promise<void> {
    const tenantId = this.store.tenantId();
    const queue = this.store.queue();
    if (!tenantId || !queue.length) return;
    const roster = await this.loadRoster(tenantId);
    const active = this.store.activeCounts();
    const candidates = this.store.agents().map((a) => {
      const user = roster.users.get(a.userId);
      return {
        id: a.userId,
        name: user?.name || a.name,
        online: a.status === "online" && !!user?.active,
        capacity: user?.capacity ?? a.capacity,
        active: active.get(a.userId) ?? 0,
        lastAssignedAt: a.lastAssignedAt,
        skills: user?.skills ?? [],
      };
    });
    const routable = [...roster.users]
      .filter(([, u]) => u.active)
      .map(([id, u]) => ({ id, skills: u.skills }));
    for (const item of queue) {
      const pick = pickAgent(item, candidates, roster.teams, routable);
      if (!pick) continue;
      const res = await this.conversation(item.conversationId).assignFromInbox({
        id: pick.id,
        name: pick.name,
      });
      if (res.ok) {
        this.store.assign(item.conversationId, pick.id, item.since, Date.now());
        pick.active += 1;
        pick.lastAssignedAt = Date.now();
        this.announceAssigned(item.conversationId, pick.id, "auto_assigned");
        this.announce(pick.id);
      } else if (res.code === "INVALID_STATE" || res.code === "CONVERSATION_NOT_FOUND") {
        this.store.dequeue(item.conversationId);
      }
    }
    await this.tellPositions();
  }

  /** Pushes each waiting shopper's new place in the queue (ConversationDO sends the `state` frame). */
  private async tellPositions(): Promise<void> {
    const queue = this.store.queue();
    for (const [i, q] of queue.entries()) {
      const position = i + 1;
      if (position > EXACT_POSITIONS && q.positionSent !== null) continue;
      if (q.positionSent === position) continue;
      const res = await this.conversation(q.conversationId).setQueuePosition(position);
      if (res.ok) this.store.positionSent(q.conversationId, position);
    }
    if (this.ctx.getWebSockets("console").length)
      this.broadcast({ type: "queue", ...this.queueFrame() });
  }

  /** The head of the queue (a console shows that much) and its length. */
  private queueFrame(): { queue: QueueEntry[]; total: number } {
    const all = this.store.queueEntries();
    return { queue: all.slice(0, QUEUE_FRAME_LIMIT), total: all.length };
  }

  private async loadRoster(tenantId: string) {
    if (this.roster && Date.now() - this.roster.at < ROSTER_TTL_MS) return this.roster;
    const roster = await this.deps.roster(tenantId);
    this.roster = { at: Date.now(), ...roster };
    return this.roster;
  }

  private presenceOf(userId: string): AgentPresence | null {
    const a = this.store.agent(userId);
    return a ? this.store.presence(a, this.store.activeCounts()) : null;
  }

  private announce(userId: string): void {
    const agent = this.presenceOf(userId);
    if (agent) this.broadcast({ type: "presence", agent });
  }

  private broadcast(frame: InboxServerFrame): void {
    const sockets = this.ctx.getWebSockets("console");
    if (!sockets.length) return;
    const data = JSON.stringify(frame);
    for (const ws of sockets) {
      try {
        ws.send(data);
      } catch {
        // Closed; its close event cleans up.
      }
    }
  }

  private async scheduleCheck(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }
}
