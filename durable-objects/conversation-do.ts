import { DurableObject } from "cloudflare:workers";
import { log } from "../workers/lib/log";
import { newId } from "../workers/lib/ids";
import type { NormalizedEvent } from "../workers/wire/queue";
import type { ClientFrame, ConversationState, Message, ServerFrame } from "../workers/wire/socket";
import { aiResponder, type AiTurnResult } from "./ai-turn";
import { Conversation, fail, publicState, SYSTEM, type Actor, type Broadcaster, type DoResult } from "./conversation/engine";
import { applyEvent, commitAiResult, type IngestResult } from "./conversation/ingest";
import { attachmentOf, CLOSE_POLICY, IDENTITY_HEADER, newAttachment, parseFrame, send, SocketIdentity, strike, takeToken, visibleTo, type SocketAttachment } from "./conversation/sockets";
import { initialState, type ConversationMeta, type ConvState, type HandoverInfo } from "./conversation/state";
import { ConversationStore } from "./conversation/store";
import { ConsoleNotifier, flushOutbox, syncIndex } from "./conversation/sync";

export type { Actor, ConversationMeta, DoResult, IngestResult };

const RETRY_MS = 5_000;
const HISTORY_TURNS = 20;
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
  private readonly store: ConversationStore;
  private readonly notifier: ConsoleNotifier;
  private turn: { id: string; controller: AbortController } | null = null;
  private settling: Promise<void> | null = null;
  private settleAgain = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
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
    return { ok: true, value: this.store.range(s.conversationId, { ...opts, newest: opts.after === undefined }) };
  }

  async message(messageId: string): Promise<DoResult<Message>> {
    const s = this.store.state();
    const m = s ? this.store.byId(s.conversationId, messageId) : null;
    return m ? { ok: true, value: m } : fail("NOT_FOUND", "No such message.");
  }

  async postMessage(actor: Actor, input: { clientId: string; text: string; note: boolean; attachments: Message["attachments"]; original?: string }): Promise<DoResult<Message>> {
    return this.command((c) => c.agentMessage(actor, input));
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
    if (!s) return new Response("No such conversation.", { status: 404 });
    const after = Math.max(0, Math.floor(Number(new URL(request.url).searchParams.get("after") ?? 0)) || 0);
    const { 0: client, 1: server } = new WebSocketPair();
    const now = Date.now();
    this.ctx.acceptWebSocket(server, [identity.data.role]);
    server.serializeAttachment(newAttachment(identity.data, now));
    send(server, { type: "ready", role: identity.data.role, conversation: publicState(s), lastSeq: this.store.lastSeq() });
    // Exactly what the client has not seen: every message after `after`, in order, page by page.
    for (let cursor = after; ; ) {
      const page = this.store.range(s.conversationId, { after: cursor, limit: PAGE });
      for (const m of page) {
        const visible = visibleTo(identity.data.role, m);
        if (visible) send(server, { type: "message", message: visible });
      }
      if (page.length < PAGE) break;
      cursor = page[page.length - 1].seq;
    }
    return new Response(null, { status: 101, webSocket: client });
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
  }

  override async webSocketError(ws: WebSocket, err: unknown): Promise<void> {
    log("warn", "conversation socket error", { error: String(err), role: attachmentOf(ws)?.role });
  }

  private async onFrame(ws: WebSocket, att: SocketAttachment, frame: ClientFrame): Promise<void> {
    const actor: Actor = att.role === "shopper" ? { type: "shopper", id: att.contactId, name: att.name } : { type: "agent", id: att.userId, name: att.name };
    const refuse = (code: string, message: string) => send(ws, { type: "error", code, message });
    if (frame.type === "ping") return send(ws, { type: "pong" });
    if (frame.type === "typing") {
      if (att.role === "supervisor") return;
      const from = att.role === "shopper" ? "shopper" : "agent";
      return this.broadcast({ type: "typing", from, name: att.name, on: frame.on }, (other) => other !== ws && (from === "agent" || other.deserializeAttachment()?.role !== "shopper"));
    }
    if (frame.type === "read") return void (await this.command((c) => (c.markRead(actor, frame.seq), { ok: true as const, value: null })));
    if (att.role === "supervisor") return refuse("FORBIDDEN", "Supervisors watch; they do not write.");
    let res: DoResult<unknown>;
    if (frame.type === "message" && att.role === "shopper") {
      if (!frame.text.trim() && !frame.attachments.length) return refuse("VALIDATION_FAILED", "A message needs text or an attachment.");
      res = await this.command((c) => ({ ok: true, value: c.shopperMessage({ text: frame.text, attachments: frame.attachments, clientId: frame.clientId }, att.name) }));
    } else if (frame.type === "message") {
      res = await this.command((c) => c.agentMessage(actor, { clientId: frame.clientId, text: frame.text, note: frame.note, attachments: frame.attachments, original: frame.original }));
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
    if (meta) Object.assign(conv.s, { contactName: meta.contactName ?? s.contactName, contactVip: meta.contactVip, contactLanguage: meta.contactLanguage ?? s.contactLanguage });
    return conv;
  }

  private conversation(s: ConvState, now: number, fresh = false): Conversation {
    const out: Broadcaster = {
      message: (m, update) => this.broadcastMessage(m, update),
      frame: (f) => this.broadcast(f),
      cancelTurn: () => this.cancelTurn(),
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
    if (s.status === "bot" && s.aiPendingSeq > s.aiAnsweredSeq && !this.turn) await this.scheduleAlarm(Date.now());
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
          const flushed = await flushOutbox(this.env, this.store);
          const s = this.store.state();
          const indexed = s ? await syncIndex(this.env, this.store, s, this.notifier) : true;
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
    for (let guard = 0; guard < 10 && (await this.runAiTurn()); guard++);
  }

  /** One AI turn; returns true when another may be owed (the shopper wrote again meanwhile). */
  private async runAiTurn(): Promise<boolean> {
    const s = this.store.state();
    if (!s || s.status !== "bot" || s.aiPendingSeq <= s.aiAnsweredSeq || this.turn) return false;
    const gen = s.aiGen;
    const target = s.aiPendingSeq;
    const chat = this.store.range(s.conversationId, { before: target + 1, limit: HISTORY_TURNS * 2, newest: true }).filter((m) => (m.kind === "text" || m.kind === "media") && !m.deletedAt);
    const question = chat.pop();
    const turn = { id: newId("turn"), controller: new AbortController() };
    this.turn = turn;
    let result: AiTurnResult;
    try {
      result = await aiResponder()({
        tenantId: s.tenantId,
        conversationId: s.conversationId,
        message: question?.text ?? "",
        history: chat.slice(-HISTORY_TURNS).map((m) => ({ role: m.author.type, text: m.text })),
        contact: { vip: s.contactVip, language: s.language ?? s.contactLanguage },
        signal: turn.controller.signal,
        onToken: (token) => {
          if (!turn.controller.signal.aborted) this.broadcast({ type: "ai_token", turnId: turn.id, token });
        },
      });
    } catch (err) {
      if (turn.controller.signal.aborted) return false;
      log("error", "ai turn failed", { conversationId: s.conversationId, error: String(err) });
      result = { kind: "handover", text: "I'll get a person to help you.", reason: "ai_error", rule: null };
    } finally {
      if (this.turn === turn) this.turn = null;
    }
    // From here to the save nothing awaits: an agent cannot slip in between the check and the commit.
    const conv = this.open();
    if (turn.controller.signal.aborted || conv.s.aiGen !== gen || conv.s.status !== "bot") {
      if (!turn.controller.signal.aborted) this.broadcast({ type: "ai_cancelled", turnId: turn.id });
      return false;
    }
    const message = commitAiResult(conv, result, target);
    conv.save();
    this.broadcast({ type: "ai_done", turnId: turn.id, messageId: message?.id ?? null });
    await this.settle();
    return conv.s.status === "bot" && conv.s.aiPendingSeq > conv.s.aiAnsweredSeq;
  }

  private cancelTurn(): void {
    const turn = this.turn;
    if (!turn) return;
    this.turn = null;
    turn.controller.abort(new Error("silenced"));
    this.broadcast({ type: "ai_cancelled", turnId: turn.id });
  }

  private broadcast(frame: ServerFrame, filter: (ws: WebSocket) => boolean = () => true): void {
    for (const ws of this.ctx.getWebSockets()) if (filter(ws)) send(ws, frame);
  }

  private broadcastMessage(m: Message, update = false): void {
    for (const ws of this.ctx.getWebSockets()) {
      const role = attachmentOf(ws)?.role;
      const visible = role ? visibleTo(role, m) : null;
      if (visible) send(ws, { type: update ? "message_update" : "message", message: visible });
    }
  }
}
