import { DurableObject } from "cloudflare:workers";
import { getDb } from "../workers/db/client";
import { log } from "../workers/lib/log";
import type { NormalizedEvent } from "../workers/wire/queue";
import { mediaPrefix, presentAttachments } from "../workers/channels/media-url";
import type { PendingConversation, WidgetIntakeRpc } from "../workers/wire/intake";
import { CLOSE_ACCESS_CHANGED, type ClientFrame, type ConversationState, type Message, type ServerFrame, type SocketRole } from "../workers/wire/socket";
import { createAiResponder } from "./ai-responder";
import { Conversation, fail, publicState, SYSTEM, type Actor, type Broadcaster, type DoResult } from "./conversation/engine";
import { AiTurnRunner } from "./conversation/ai-runner";
import { applyEvent, type IngestResult } from "./conversation/ingest";
import { attachmentOf, clientAttachments, CLOSE_POLICY, IDENTITY_HEADER, newAttachment, parseFrame, personOf, send, SHOPPER_MESSAGES, SocketIdentity, spend, strike, takeToken, userTag, visibleTo, type Bucket, type SocketAttachment } from "./conversation/sockets";
import { initialState, type ConversationMeta, type ConvState, type HandoverInfo } from "./conversation/state";
import { ConversationStore } from "./conversation/store";
import { ConsoleNotifier, flushOutbox, syncIndex } from "./conversation/sync";
import { changeTags, conversationAttributes, setAttribute, systemMessage, templateMessage, WORKFLOW, workflowHandover } from "./conversation/automation";
import { Timers } from "./conversation/timers";
import { inboxStub } from "./rpc";
import { windowTimerAt, warnWindowClosing } from "./conversation/window";
import { assignableUser } from "../workers/services/conversations";
import { ApiError } from "../workers/lib/errors";
import { runDueSteps } from "../workers/automation/due";
import { opsDeps } from "../workers/services/ops-wiring";

export type { Actor, ConversationMeta, DoResult, IngestResult };

const RETRY_MS = 5_000;
const PAGE = 200;

export interface ConversationSnapshot {
  state: ConversationState;
  handover: HandoverInfo | null;
  lastSeq: number;
  transitions: ReturnType<ConversationStore["transitions"]>;
  participants: ReturnType<ConversationStore["participants"]>;
}

/**
 * One per conversation: the single writer of its message log, its status machine, its sockets and
 * its AI turn. State lives in SQLite storage only — the object hibernates between frames.
 */
export class ConversationDO extends DurableObject<Env> {
  // Not readonly: erase() wipes storage and starts a fresh, empty store.
  private store: ConversationStore;
  private timers: Timers;
  private readonly notifier: ConsoleNotifier;
  private readonly ai: AiTurnRunner;
  private settling: Promise<void> | null = null;
  private claiming: Promise<DoResult<null>> | null = null;
  private settleAgain = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
    this.ai = new AiTurnRunner({ store: () => this.store, open: () => this.open(), broadcast: (f) => this.broadcast(f), settle: () => this.settle() }, createAiResponder(env));
    this.timers = new Timers(ctx.storage.sql);
    this.notifier = new ConsoleNotifier(env);
  }

  // ---- RPC ---------------------------------------------------------------------------------

  /** Creates the conversation on first call; later calls refresh the contact's details. */
  async init(meta: ConversationMeta): Promise<ConversationState> {
    const conv = this.open(meta);
    conv.save();
    await this.settle();
    return publicState(conv.s);
  }

  /** Applies channel events in order; `meta` (null for events about existing messages) creates the conversation. */
  async ingest(meta: ConversationMeta | null, events: NormalizedEvent[]): Promise<DoResult<IngestResult[]>> {
    if (!meta && !this.store.state()) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    const conv = this.open(meta ?? undefined);
    const now = Date.now();
    const results = events.map((e) => applyEvent(conv, this.store, e, now));
    conv.save();
    await this.afterChange(conv.s);
    return { ok: true, value: results };
  }

  async snapshot(): Promise<DoResult<ConversationSnapshot>> {
    const s = this.store.state();
    if (!s) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    return { ok: true, value: { state: publicState(s), handover: s.handover, lastSeq: this.store.lastSeq(), transitions: this.store.transitions(), participants: this.store.participants() } };
  }

  async messages(opts: { before?: number; after?: number; limit: number }): Promise<DoResult<Message[]>> {
    const s = this.store.state();
    if (!s) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    // Paging backwards (the default) returns the newest page; `after` pages forwards.
    return { ok: true, value: this.store.range(s.conversationId, { ...opts, newest: opts.after === undefined }).map((m) => this.present("agent", m) ?? m) };
  }

  async message(messageId: string): Promise<DoResult<Message>> {
    const s = this.store.state();
    const m = s ? this.store.byId(s.conversationId, messageId) : null;
    return m ? { ok: true, value: this.present("agent", m) ?? m } : fail("NOT_FOUND", "No such message.");
  }

  async postMessage(actor: Actor, input: { clientId: string; text: string; note: boolean; attachments: Message["attachments"]; original?: string }): Promise<DoResult<Message>> {
    const attachments = this.ownAttachments(input.attachments);
    if (!attachments.ok) return attachments;
    const res = await this.command((c) => c.agentMessage(actor, { ...input, attachments: attachments.value }));
    return res.ok ? { ok: true, value: this.present("agent", res.value) ?? res.value } : res;
  }

  takeover(actor: Actor): Promise<DoResult<null>> {
    return this.command((c) => c.takeover(actor));
  }

  handback(actor: Actor): Promise<DoResult<null>> {
    return this.command((c) => c.handback(actor));
  }

  resolve(actor: Actor): Promise<DoResult<null>> {
    return this.command((c) => c.resolve(actor));
  }

  reopen(actor: Actor): Promise<DoResult<null>> {
    return this.command((c) => c.reopen(actor));
  }

  assign(actor: Actor, assignee: { id: string; name: string }): Promise<DoResult<null>> {
    return this.command((c) => c.assignTo(actor, assignee, actor.id === assignee.id ? "takeover" : "assigned"));
  }

  tags(actor: Actor, add: string[], remove: string[]): Promise<DoResult<string[]>> {
    return this.command((c) => ({ ok: true, value: c.setTags(actor, add, remove) }));
  }

  /** Console: send a failed reply again (idempotent: a reply not failed is returned as it is). */
  async retryDelivery(messageId: string): Promise<DoResult<Message>> {
    const res = await this.command((c) => c.retrySend(messageId));
    return res.ok ? { ok: true, value: this.present("agent", res.value) ?? res.value } : res;
  }

  /** Outbound consumer: the channel accepted (or refused) a reply. */
  async recordDelivery(messageId: string, status: "sent" | "failed", externalId: string | null, error: string | null): Promise<DoResult<Message>> {
    const s = this.store.state();
    if (!s) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    const cur = this.store.byId(s.conversationId, messageId);
    if (!cur) return fail("NOT_FOUND", "No such message.");
    // A status webhook may already have moved it further (delivered, read).
    if (cur.delivery && cur.delivery.status !== "pending" && status === "sent") return { ok: true, value: cur };
    const updated = this.store.update(s.conversationId, messageId, { delivery: { status, error }, externalId: externalId ?? undefined })!;
    this.broadcastMessage(updated, true);
    return { ok: true, value: updated };
  }

  /** InboxDO picked an agent for a waiting conversation; refused when it is no longer waiting. */
  assignFromInbox(agent: { id: string; name: string }): Promise<DoResult<null>> {
    return this.command((c) => (c.s.status === "waiting" ? c.transition("assigned", "auto_assigned", SYSTEM, { assignee: agent }) : fail("INVALID_STATE", `Conversation is ${c.s.status}.`)));
  }

  /** InboxDO took the conversation from an agent who went offline; it is queued again. */
  unassignFromInbox(agentId: string, reason: string): Promise<DoResult<null>> {
    return this.command((c) => (c.s.status === "assigned" && c.s.assigneeId === agentId ? c.transition("waiting", reason, SYSTEM) : fail("INVALID_STATE", "Not assigned to that agent.")));
  }

  setQueuePosition(position: number | null): Promise<DoResult<null>> {
    return this.command((c) => {
      c.setQueuePosition(position);
      return { ok: true, value: null };
    });
  }

  // ---- sockets -----------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade.", { status: 426 });
    const identity = SocketIdentity.safeParse(JSON.parse(request.headers.get(IDENTITY_HEADER) ?? "null"));
    if (!identity.success) return new Response("Bad socket identity.", { status: 400 });
    const s = this.store.state();
    if (!s) return identity.data.pending ? this.acceptPending(identity.data) : new Response("No such conversation.", { status: 404 });
    const after = Math.max(0, Math.floor(Number(new URL(request.url).searchParams.get("after") ?? 0)) || 0);
    const person = personOf(identity.data);
    // Registered before it opens: a later change to the person's access must find this conversation.
    if (person) await inboxStub(this.env, s.tenantId).socketOpened(s.tenantId, person, s.conversationId);
    const { 0: client, 1: server } = new WebSocketPair();
    const now = Date.now();
    this.ctx.acceptWebSocket(server, person ? [identity.data.role, userTag(person)] : [identity.data.role]);
    server.serializeAttachment(newAttachment(identity.data, now));
    send(server, { type: "ready", role: identity.data.role, conversation: publicState(s), lastSeq: this.store.lastSeq() });
    // Exactly what the client has not seen: every message after `after`, in order, page by page.
    for (let cursor = after; ; ) {
      const page = this.store.range(s.conversationId, { after: cursor, limit: PAGE });
      for (const m of page) {
        const visible = this.present(identity.data.role, m);
        if (visible) send(server, { type: "message", message: visible });
      }
      if (page.length < PAGE) break;
      cursor = page[page.length - 1].seq;
    }
    // Read receipts given before this socket opened (a reload) are replayed like the messages.
    const reads = { agent: 0, shopper: 0 };
    for (const p of this.store.participants()) {
      if (p.type === "shopper") reads.shopper = Math.max(reads.shopper, p.lastReadSeq);
      else if (p.type === "agent") reads.agent = Math.max(reads.agent, p.lastReadSeq);
    }
    for (const by of ["agent", "shopper"] as const) if (reads[by] > 0) send(server, { type: "read", by, seq: reads[by] });
    return new Response(null, { status: 101, webSocket: client });
  }

  /** A widget visitor's socket before their conversation exists: it waits here, where the first message creates it. */
  private acceptPending(identity: SocketIdentity): Response {
    const pending = identity.pending!;
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [identity.role]);
    server.serializeAttachment(newAttachment(identity, Date.now()));
    const conversation: ConversationState = { id: pending.conversationId, status: "bot", assignee: null, queuePosition: null, language: pending.language, channelType: "widget", rating: null };
    send(server, { type: "ready", role: identity.role, conversation, lastSeq: 0 });
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * The first shopper message of a waiting socket creates the contact and the conversation (through the
   * Worker's WidgetIntake entrypoint); concurrent first messages share one creation.
   */
  private claim(pending: PendingConversation): Promise<DoResult<null>> {
    this.claiming ??= (async (): Promise<DoResult<null>> => {
      try {
        const intake = (this.ctx.exports as unknown as { WidgetIntake: WidgetIntakeRpc }).WidgetIntake;
        const res = await intake.open(pending);
        if (!res.ok) return fail(res.code, res.message);
        // Another conversation won the visitor (it was created elsewhere meanwhile): the socket reconnects there.
        if (res.value.conversationId !== pending.conversationId) return fail("CONFLICT", "The conversation moved.");
        if (!this.store.state()) await this.init(res.value);
        return { ok: true, value: null };
      } finally {
        this.claiming = null;
      }
    })();
    return this.claiming;
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const att = attachmentOf(ws);
    if (!att) return ws.close(1011, "lost socket identity");
    if (!takeToken(att, Date.now())) return ws.close(CLOSE_POLICY, "rate limit exceeded");
    const parsed = parseFrame(data);
    if (!parsed.ok) {
      if (parsed.close) return ws.close(parsed.close.code, parsed.close.reason);
      if (parsed.error) send(ws, { type: "error", ...parsed.error });
      if (parsed.strike && strike(att)) return ws.close(CLOSE_POLICY, "too many invalid frames");
      ws.serializeAttachment(att);
      return;
    }
    ws.serializeAttachment(att);
    await this.onFrame(ws, att, parsed.frame);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // Already closed.
    }
    const att = attachmentOf(ws);
    const person = att && personOf(att);
    const s = this.store.state();
    if (!person || !s) return;
    if (this.ctx.getWebSockets(userTag(person)).some((w) => w !== ws && w.readyState === WebSocket.OPEN)) return;
    try {
      await inboxStub(this.env, s.tenantId).socketsClosed(person, s.conversationId);
    } catch (err) {
      // A stale registration only costs one extra call when the person's access changes.
      log("warn", "socket unregistration failed", { conversationId: s.conversationId, error: String(err) });
    }
  }

  /** The tenant's inbox fans a role or status change out: every socket of that person here closes. */
  async closeUserSockets(userId: string): Promise<number> {
    const sockets = this.ctx.getWebSockets(userTag(userId));
    for (const ws of sockets) {
      try {
        ws.close(CLOSE_ACCESS_CHANGED, "access changed");
      } catch {
        // Already closed.
      }
    }
    return sockets.length;
  }

  /** One bucket for the shopper's messages, shared by all their sockets (a socket's own bucket counts its frames). */
  private takeShopperToken(): boolean {
    const now = Date.now();
    const raw = this.store.kv("shopper_bucket");
    const bucket: Bucket = raw ? (JSON.parse(raw) as Bucket) : { tokens: SHOPPER_MESSAGES.burst, refilledAt: now };
    const ok = spend(bucket, now, SHOPPER_MESSAGES.burst, SHOPPER_MESSAGES.perSecond);
    this.store.setKv("shopper_bucket", JSON.stringify(bucket));
    return ok;
  }

  /** A teammate's frame counts only while their current role allows it: writing needs agent or above, watching any active role. */
  private async mayAct(att: SocketAttachment): Promise<boolean> {
    const person = personOf(att);
    const s = this.store.state();
    if (!person || !s) return true;
    const role = await inboxStub(this.env, s.tenantId).accessOf(s.tenantId, person);
    return att.role === "agent" ? role !== null && role !== "viewer" : role !== null;
  }

  override async webSocketError(ws: WebSocket, err: unknown): Promise<void> {
    log("warn", "conversation socket error", { error: String(err), role: attachmentOf(ws)?.role });
  }

  private async onFrame(ws: WebSocket, att: SocketAttachment, frame: ClientFrame): Promise<void> {
    const refuse = (code: string, message: string) => send(ws, { type: "error", code, message });
    if (frame.type === "ping") return send(ws, { type: "pong" });
    if (frame.type === "message" && att.role === "shopper") {
      if (!frame.text.trim() && !frame.attachments.length) return refuse("VALIDATION_FAILED", "A message needs text or an attachment.");
      if (!this.takeShopperToken()) return refuse("RATE_LIMITED", "You are sending messages too fast; wait a moment and send again.");
    }
    if (!this.store.state()) {
      // Waiting for a first message: typing and read receipts have nobody to reach; a rating has nothing to rate.
      if (!att.pending || frame.type === "typing" || frame.type === "read") return;
      if (frame.type === "rating") return refuse("INVALID_STATE", "There is no conversation to rate yet.");
      const claimed = await this.claim(att.pending);
      if (!claimed.ok) {
        refuse(claimed.code, claimed.message);
        if (claimed.code === "CONFLICT") ws.close(1012, "conversation moved");
        return;
      }
    }
    const state = this.store.state();
    const actor: Actor = att.role === "shopper" ? { type: "shopper", id: state?.contactId ?? att.contactId, name: att.name } : { type: "agent", id: att.userId, name: att.name };
    if (!(await this.mayAct(att))) {
      refuse("FORBIDDEN", "Your access to this conversation changed; reload to continue.");
      return ws.close(CLOSE_ACCESS_CHANGED, "access changed");
    }
    if (frame.type === "typing") {
      if (att.role === "supervisor") return;
      const from = att.role === "shopper" ? "shopper" : "agent";
      return this.broadcast({ type: "typing", from, name: att.name, on: frame.on }, (other) => other !== ws && (from === "agent" || other.deserializeAttachment()?.role !== "shopper"));
    }
    if (frame.type === "read") return void (await this.command((c) => (c.markRead(actor, frame.seq), { ok: true as const, value: null })));
    if (att.role === "supervisor") return refuse("FORBIDDEN", "Supervisors watch; they do not write.");
    let res: DoResult<unknown>;
    if (frame.type === "message") {
      const attachments = this.ownAttachments(frame.attachments);
      if (!attachments.ok) return refuse(attachments.code, attachments.message);
      if (att.role === "shopper") {
        res = await this.command((c) => ({ ok: true, value: c.shopperMessage({ text: frame.text, attachments: attachments.value, clientId: frame.clientId }, att.name) }));
      } else {
        res = await this.command((c) => c.agentMessage(actor, { clientId: frame.clientId, text: frame.text, note: frame.note, attachments: attachments.value, original: frame.original }));
      }
    } else if (frame.type === "handover_request" && att.role === "shopper") {
      res = await this.command((c) => (c.s.status === "bot" ? c.handOver(actor, { reason: "shopper_request", rule: null, summary: null, intent: null, sentiment: null }) : { ok: true, value: null }));
    } else if (frame.type === "rating" && att.role === "shopper") {
      res = await this.command((c) => c.rate(frame.score, frame.comment ?? null));
    } else {
      return refuse("FORBIDDEN", `${frame.type} frames are for shoppers.`);
    }
    if (!res.ok) refuse(res.code, res.message);
  }

  // ---- internals ---------------------------------------------------------------------------

  /** A message as `role` may see it, with signed links to this conversation's stored media. */
  private present(role: SocketRole, m: Message): Message | null {
    const visible = visibleTo(role, m);
    const s = this.store.state();
    return visible && s ? presentAttachments(visible, mediaPrefix(s.tenantId, s.conversationId), this.env.SIGNING_KEY, Date.now()) : visible;
  }

  private ownAttachments(list: Message["attachments"]) {
    const s = this.store.state();
    if (!list.length || !s) return { ok: true as const, value: list };
    return clientAttachments(list, mediaPrefix(s.tenantId, s.conversationId));
  }

  private open(meta?: ConversationMeta): Conversation {
    const now = Date.now();
    let s = this.store.state();
    if (!s && !meta) throw new Error("conversation used before init");
    if (!s) {
      s = initialState(meta!, now);
      const conv = this.conversation(s, now, true);
      conv.event("conversation.created", { channelType: s.channelType, channelId: s.channelId, contactId: s.contactId });
      return conv;
    }
    const conv = this.conversation(s, now);
    if (meta) Object.assign(conv.s, { contactName: meta.contactName ?? s.contactName, contactVip: meta.contactVip, contactLanguage: meta.contactLanguage ?? s.contactLanguage, contactCountry: meta.contactCountry ?? s.contactCountry ?? null });
    return conv;
  }

  private conversation(s: ConvState, now: number, fresh = false): Conversation {
    const out: Broadcaster = {
      message: (m, update) => this.broadcastMessage(m, update),
      frame: (f) => this.broadcast(f),
      cancelTurn: () => this.ai.cancel(),
    };
    return new Conversation(this.store, s, out, now, fresh);
  }

  /** Runs a synchronous command against current state, saves, then delivers its effects. */
  private async command<T>(fn: (c: Conversation) => DoResult<T>): Promise<DoResult<T>> {
    if (!this.store.state()) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    const conv = this.open();
    const res = fn(conv);
    conv.save();
    await this.afterChange(conv.s);
    return res;
  }

  private async afterChange(s: ConvState): Promise<void> {
    await this.settle();
    if (s.status === "bot" && s.aiPendingSeq > s.aiAnsweredSeq && !this.ai.running) await this.scheduleAlarm(Date.now());
    await this.armWindowTimer(s);
  }

  /** Delivers the outbox and the D1 index; one run at a time, and a run started meanwhile is folded in. */
  private settle(): Promise<void> {
    if (this.settling) {
      this.settleAgain = true;
      return this.settling;
    }
    this.settling = (async () => {
      try {
        do {
          this.settleAgain = false;
          // The D1 index first: ops reads the row when it handles the events the outbox then emits.
          const s = this.store.state();
          const indexed = s ? await syncIndex(this.env, this.store, s, this.notifier) : true;
          const flushed = indexed && (await flushOutbox(this.env, this.store));
          if (!flushed || !indexed) {
            await this.scheduleAlarm(Date.now() + RETRY_MS);
            break;
          }
        } while (this.settleAgain);
      } finally {
        this.settling = null;
      }
    })();
    return this.settling;
  }

  private async scheduleAlarm(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  /** Retries undelivered effects and runs the AI turns the conversation owes. */
  override async alarm(): Promise<void> {
    await this.settle();
    for (let guard = 0; guard < 10 && (await this.ai.runOne()); guard++);
    await this.runTimers();
  }

  private broadcast(frame: ServerFrame, filter: (ws: WebSocket) => boolean = () => true): void {
    for (const ws of this.ctx.getWebSockets()) if (filter(ws)) send(ws, frame);
  }

  private broadcastMessage(m: Message, update = false): void {
    for (const ws of this.ctx.getWebSockets()) {
      const role = attachmentOf(ws)?.role;
      const visible = role ? this.present(role, m) : null;
      if (!visible) continue;
      if (update) send(ws, { type: "message_update", message: visible });
      else {
        const turnId = this.ai.turnFor(m);
        send(ws, { type: "message", message: visible, ...(turnId ? { turnId } : {}) });
      }
    }
  }

  // ---- automations (ops): workflows, export, erasure, timers -------------------------------
  // The same Conversation methods as the REST API, so sockets, the D1 index and events agree.

  /** A workflow's message to the shopper (refused with WINDOW_CLOSED outside a platform's reply window). */
  sendSystemMessage(input: { text: string; source?: string }): Promise<DoResult<{ messageId: string }>> {
    return this.command((c) => systemMessage(c, input, Date.now()));
  }

  /** An approved WhatsApp template: the one thing that may be sent after the window closed. */
  sendTemplate(input: { name: string; language: string; params?: string[]; source?: string }): Promise<DoResult<{ messageId: string }>> {
    return this.command((c) => templateMessage(c, input));
  }

  addTags(tags: string[]): Promise<DoResult<string[]>> {
    return this.command((c) => changeTags(c, tags, "add"));
  }

  removeTags(tags: string[]): Promise<DoResult<string[]>> {
    return this.command((c) => changeTags(c, tags, "remove"));
  }

  /** A workflow assigning to a teammate by id; a team alone puts the conversation in the queue (team routing picks). */
  async assignTarget(target: { agentId?: string; teamId?: string }): Promise<DoResult<null>> {
    const s = this.store.state();
    if (!s) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    if (!target.agentId) return target.teamId ? this.handover({ reason: "assigned_to_team" }) : fail("VALIDATION_FAILED", "Name an agent or a team.");
    let agent: { id: string; name: string };
    try {
      agent = await assignableUser(getDb(this.env.DB), s.tenantId, target.agentId);
    } catch (err) {
      if (err instanceof ApiError) return fail(err.code, err.message);
      throw err;
    }
    return this.command((c) => c.assignTo(WORKFLOW, agent, "workflow_assigned"));
  }

  /** To the queue for a person, as the shopper's "talk to a person" does. */
  handover(input: { reason: string; source?: string }): Promise<DoResult<null>> {
    return this.command((c) => workflowHandover(c, input.reason));
  }

  setAttribute(key: string, value: unknown): Promise<DoResult<Record<string, unknown>>> {
    return this.command(() => setAttribute(this.store, { key, value }));
  }

  attributes(): Promise<Record<string, unknown>> {
    return Promise.resolve(conversationAttributes(this.store));
  }

  /** Messages with seq > after, oldest first (export, transcripts); empty once erased. */
  async listMessages(opts: { after?: number; limit?: number }): Promise<Message[]> {
    const s = this.store.state();
    if (!s) return [];
    const limit = Math.min(500, Math.max(1, Math.floor(opts.limit ?? 200)));
    return this.store.range(s.conversationId, { after: Math.max(0, Math.floor(opts.after ?? 0)), limit });
  }

  /** Contact erasure and retention: sockets closed, alarm cleared, every stored byte deleted. */
  async erase(): Promise<DoResult<{ erased: true }>> {
    const s = this.store.state();
    if (s && (s.status === "waiting" || s.status === "assigned")) {
      // The tenant's inbox would otherwise keep routing a conversation that no longer exists.
      try {
        await this.env.INBOX.get(this.env.INBOX.idFromName(s.tenantId)).route(s.tenantId, { op: "release", conversationId: s.conversationId });
      } catch (err) {
        return fail("UNAVAILABLE", `The inbox could not release the conversation: ${String(err)}`);
      }
    }
    this.ai.cancel();
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(1000, "conversation erased");
      } catch {
        // Already closed.
      }
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.store = new ConversationStore(this.ctx.storage.sql);
    this.timers = new Timers(this.ctx.storage.sql);
    return { ok: true, value: { erased: true } };
  }

  /** Ops' waker: a delayed workflow step is due at `at` (several share one timer, the earliest wins). */
  async scheduleWorkflowAlarm(at: number): Promise<void> {
    this.timers.set("workflow", at, { earliest: true });
    await this.armAt(at);
  }

  /** Due time of the reply-window warning, when one is pending (the console and tests read it). */
  windowWarningAt(): Promise<number | null> {
    const row = this.ctx.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM timers WHERE purpose = 'window'").toArray()[0];
    return Promise.resolve(row ? Number(row.due_at) : null);
  }

  private async armWindowTimer(s: ConvState): Promise<void> {
    const at = windowTimerAt(this.store, s, Date.now());
    if (at === undefined) return;
    if (at === null) return this.timers.clear("window");
    this.timers.set("window", at);
    await this.armAt(at);
  }

  private async runTimers(): Promise<void> {
    const due = this.timers.takeDue(Date.now());
    const s = this.store.state();
    if (s && due.includes("window")) {
      const conv = this.open();
      if (warnWindowClosing(conv, this.store, Date.now())) {
        conv.save();
        this.broadcast({ type: "state", conversation: publicState(conv.s), reason: "window_closing" });
        await this.settle();
      }
    }
    if (s && due.includes("workflow")) {
      try {
        await runDueSteps(this.env, opsDeps(this.env), { conversationId: s.conversationId });
      } catch (err) {
        // The cron runs due steps too; a failure here only delays them.
        log("warn", "workflow alarm failed", { conversationId: s.conversationId, error: String(err) });
      }
    }
    const next = this.timers.next();
    if (next !== null) await this.armAt(next, true);
  }

  /** Keeps the earliest alarm; from inside alarm(), a time already past is the alarm now running and counts as none. */
  private async armAt(at: number, fromAlarm = false): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at || (fromAlarm && current <= Date.now())) await this.ctx.storage.setAlarm(at);
  }
}
