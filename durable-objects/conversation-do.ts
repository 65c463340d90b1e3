import { DurableObject } from "cloudflare:workers";
import {
  fail,
  type Actor,
  type ConversationMeta,
  type ConversationSnapshot,
  type DoResult,
  type IngestResult,
} from "../workers/wire/objects";
import type { NormalizedEvent } from "../workers/wire/queue";
import type { ConversationState, Message } from "../workers/wire/socket";
import { ConversationAutomations } from "./conversation/automation";
import { ConversationCommands } from "./conversation/commands";
import type { ConversationDeps } from "./conversation/deps";
import { SYSTEM } from "./conversation/conversation-core";
import { assignTo, handback, reopen, resolve, takeover } from "./conversation/handover-claims";
import { applyEvent } from "./conversation/ingest";
import { retrySend } from "./conversation/outbox-delivery";
import { agentMessage, type AgentMessageInput } from "./conversation/posting-messages";
import { publicState } from "./conversation/public-state";
import { SocketHub } from "./conversation/socket-hub";
import { setQueuePosition, setTags } from "./conversation/tags-rating-reads";

/**
 * One per conversation: the single writer of its message log, its status machine, its sockets and its
 * AI turn. State lives in SQLite storage only — the object hibernates between frames. This class is the
 * RPC surface; the work is split by concern: `commands` (every change, its effects and the one alarm),
 * `sockets` (the live connections) and `automations` (what ops workflows do). Its dependencies arrive
 * as one object (bound in `workers/wiring.ts`).
 */
export class ConversationDO extends DurableObject<Env> {
  private readonly commands: ConversationCommands;
  private readonly sockets: SocketHub;
  private readonly automations: ConversationAutomations;

  constructor(ctx: DurableObjectState, env: Env, deps: ConversationDeps) {
    super(ctx, env);
    this.commands = new ConversationCommands(ctx, env, deps, {
      message: (m, update) => this.sockets.broadcastMessage(m, update),
      frame: (f) => this.sockets.broadcast(f),
    });
    this.sockets = new SocketHub(ctx, env, deps, this.commands);
    this.automations = new ConversationAutomations(ctx, env, deps, this.commands, this.sockets);
  }

  // ---- commands: the conversation API, channel events, the inbox and the outbound consumer -----

  /** Creates the conversation on first call; later calls refresh the contact's details. */
  async init(meta: ConversationMeta): Promise<ConversationState> {
    return publicState(await this.commands.init(meta));
  }

  /** Applies channel events in order; `meta` (null for events about existing messages) creates the conversation. */
  async ingest(
    meta: ConversationMeta | null,
    events: NormalizedEvent[],
  ): Promise<DoResult<IngestResult[]>> {
    const store = this.commands.store;
    if (!meta && !store.state()) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    const conv = this.commands.open(meta ?? undefined);
    const now = Date.now();
    const results = events.map((e) => applyEvent(conv, store, e, now));
    conv.save();
    await this.commands.afterChange(conv.s);
    return { ok: true, value: results };
  }

  async snapshot(): Promise<DoResult<ConversationSnapshot>> {
    const store = this.commands.store;
    const s = store.state();
    if (!s) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    return {
      ok: true,
      value: {
        state: publicState(s),
        handover: s.handover,
        lastSeq: store.lastSeq(),
        transitions: store.transitions(),
        participants: store.participants(),
      },
    };
  }

  async messages(opts: {
    before?: number;
    after?: number;
    limit: number;
  }): Promise<DoResult<Message[]>> {
    const s = this.commands.state();
    if (!s) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    // Paging backwards (the default) returns the newest page; `after` pages forwards.
    return {
      ok: true,
      value: this.commands.store
        .range(s.conversationId, { ...opts, newest: opts.after === undefined })
        .map((m) => this.sockets.present("agent", m) ?? m),
    };
  }

  async message(messageId: string): Promise<DoResult<Message>> {
    const s = this.commands.state();
    const m = s ? this.commands.store.byId(s.conversationId, messageId) : null;
    return m
      ? { ok: true, value: this.sockets.present("agent", m) ?? m }
      : fail("NOT_FOUND", "No such message.");
  }

  async postMessage(actor: Actor, input: AgentMessageInput): Promise<DoResult<Message>> {
    const attachments = this.sockets.ownAttachments(input.attachments);
    if (!attachments.ok) return attachments;
    const res = await this.commands.run((c) =>
      agentMessage(c, actor, { ...input, attachments: attachments.value }),
    );
    return res.ok
      ? { ok: true, value: this.sockets.present("agent", res.value) ?? res.value }
      : res;
  }

  takeover(actor: Actor): Promise<DoResult<null>> {
    return this.commands.run((c) => takeover(c, actor));
  }

  handback(actor: Actor): Promise<DoResult<null>> {
    return this.commands.run((c) => handback(c, actor));
  }

  resolve(actor: Actor): Promise<DoResult<null>> {
    return this.commands.run((c) => resolve(c, actor));
  }

  reopen(actor: Actor): Promise<DoResult<null>> {
    return this.commands.run((c) => reopen(c, actor));
  }

  assign(actor: Actor, assignee: { id: string; name: string }): Promise<DoResult<null>> {
    return this.commands.run((c) =>
      assignTo(c, actor, assignee, actor.id === assignee.id ? "takeover" : "assigned"),
    );
  }

  tags(actor: Actor, add: string[], remove: string[]): Promise<DoResult<string[]>> {
    return this.commands.run((c) => ({ ok: true, value: setTags(c, actor, add, remove) }));
  }

  /** Console: send a failed reply again (idempotent: a reply not failed is returned as it is). */
  async retryDelivery(messageId: string): Promise<DoResult<Message>> {
    const res = await this.commands.run((c) => retrySend(c, messageId));
    return res.ok
      ? { ok: true, value: this.sockets.present("agent", res.value) ?? res.value }
      : res;
  }

  /** Outbound consumer: the channel accepted (or refused) a reply. */
  async recordDelivery(
    messageId: string,
    status: "sent" | "failed",
    externalId: string | null,
    error: string | null,
  ): Promise<DoResult<Message>> {
    const store = this.commands.store;
    const s = store.state();
    if (!s) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    const cur = store.byId(s.conversationId, messageId);
    if (!cur) return fail("NOT_FOUND", "No such message.");
    // A status webhook may already have moved it further (delivered, read).
    if (cur.delivery && cur.delivery.status !== "pending" && status === "sent")
      return { ok: true, value: cur };
    const updated = store.update(s.conversationId, messageId, {
      delivery: { status, error },
      externalId: externalId ?? undefined,
    })!;
    this.sockets.broadcastMessage(updated, true);
    return { ok: true, value: updated };
  }

  /** InboxDO picked an agent for a waiting conversation; refused when it is no longer waiting. */
  assignFromInbox(agent: { id: string; name: string }): Promise<DoResult<null>> {
    return this.commands.run((c) =>
      c.s.status === "waiting"
        ? c.transition("assigned", "auto_assigned", SYSTEM, { assignee: agent })
        : fail("INVALID_STATE", `Conversation is ${c.s.status}.`),
    );
  }

  /** InboxDO took the conversation from an agent who went offline; it is queued again. */
  unassignFromInbox(agentId: string, reason: string): Promise<DoResult<null>> {
    return this.commands.run((c) =>
      c.s.status === "assigned" && c.s.assigneeId === agentId
        ? c.transition("waiting", reason, SYSTEM)
        : fail("INVALID_STATE", "Not assigned to that agent."),
    );
  }

  setQueuePosition(position: number | null): Promise<DoResult<null>> {
    return this.commands.run((c) => {
      setQueuePosition(c, position);
      return { ok: true, value: null };
    });
  }

  /** Retries undelivered effects, runs the AI turns the conversation owes and the due timed tasks. */
  override async alarm(): Promise<void> {
    await this.commands.alarm();
  }

  // ---- sockets -----------------------------------------------------------------------------

  override fetch(request: Request): Promise<Response> {
    return this.sockets.accept(request);
  }

  override webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    return this.sockets.message(ws, data);
  }

  override webSocketClose(ws: WebSocket, code: number): Promise<void> {
    return this.sockets.close(ws, code);
  }

  override async webSocketError(ws: WebSocket, err: unknown): Promise<void> {
    this.sockets.error(ws, err);
  }

  /** The tenant's inbox fans a role or status change out: every socket of that person here closes. */
  async closeUserSockets(userId: string): Promise<number> {
    return this.sockets.closeUser(userId);
  }

  // ---- automations (ops): workflows, export, erasure, delayed steps --------------------------

  /** A workflow's message to the shopper (refused with WINDOW_CLOSED outside a platform's reply window). */
  sendSystemMessage(input: {
    text: string;
    source?: string;
  }): Promise<DoResult<{ messageId: string }>> {
    return this.automations.sendSystemMessage(input);
  }

  /** An approved WhatsApp template: the one thing that may be sent after the window closed. */
  sendTemplate(input: {
    name: string;
    language: string;
    params?: string[];
    source?: string;
  }): Promise<DoResult<{ messageId: string }>> {
    return this.automations.sendTemplate(input);
  }

  addTags(tags: string[]): Promise<DoResult<string[]>> {
    return this.automations.changeTags(tags, "add");
  }

  removeTags(tags: string[]): Promise<DoResult<string[]>> {
    return this.automations.changeTags(tags, "remove");
  }

  /** A workflow assigning to a teammate by id; a team alone puts the conversation in the queue (team routing picks). */
  assignTarget(target: { agentId?: string; teamId?: string }): Promise<DoResult<null>> {
    return this.automations.assignTarget(target);
  }

  /** To the queue for a person, as the shopper's "talk to a person" does. */
  handover(input: { reason: string; source?: string }): Promise<DoResult<null>> {
    return this.automations.handover(input);
  }

  setAttribute(key: string, value: unknown): Promise<DoResult<Record<string, unknown>>> {
    return this.automations.setAttribute(key, value);
  }

  async attributes(): Promise<Record<string, unknown>> {
    return this.automations.attributes();
  }

  /** Messages with seq > after, oldest first (export, transcripts); empty once erased. */
  async listMessages(opts: { after?: number; limit?: number }): Promise<Message[]> {
    return this.automations.listMessages(opts);
  }

  /** Contact erasure and retention: sockets closed, alarm cleared, every stored byte deleted. */
  erase(): Promise<DoResult<{ erased: true }>> {
    return this.automations.erase();
  }

  /** Ops' waker: a delayed workflow step is due at `at` (several share one task, the earliest wins). */
  async scheduleWorkflowAlarm(at: number): Promise<void> {
    await this.commands.scheduler.schedule("workflow", at, { earliest: true });
  }

  /** Due time of the reply-window warning, when one is pending (the console and tests read it). */
  async windowWarningAt(): Promise<number | null> {
    return this.commands.scheduler.dueAt("window");
  }
}
