/**
 * The conversation's rules: appending messages, the status machine, AI silencing. Every method is
 * synchronous — it reads state, changes it, records outbox items and broadcasts frames in one step —
 * so nothing can interleave between a check and the write that depends on it.
 */
import type { ConversationStatus } from "../../workers/db/schema";
import {
  fail,
  type Actor,
  type DoResult,
  type HandoverInfo,
  type InboxOp,
  type OutboxItem,
} from "../../workers/wire/objects";
import {
  conversationEventJob,
  OutboundTemplate,
  type ConversationEvent,
  type ConversationEventType,
  type OutboundMessage,
} from "../../workers/wire/queue";
import { REPLY_WINDOW_MS, replyWindow } from "../../workers/lib/reply-window";
import type { ConversationState, Message, ServerFrame } from "../../workers/wire/socket";
import { canTransition, type ConvState } from "./state";
import type { ConversationStore, NewMessage } from "./store";

export const SYSTEM: Actor = { type: "system", id: null, name: null };

export interface Broadcaster {
  message(m: Message, update?: boolean): void;
  frame(f: ServerFrame): void;
  /** Cancels an AI turn in flight (abort + `ai_cancelled`); a no-op when none runs. */
  cancelTurn(): void;
}

export function publicState(s: ConvState): ConversationState {
  return {
    id: s.conversationId,
    status: s.status,
    assignee: s.assigneeId ? { id: s.assigneeId, name: s.assigneeName ?? "" } : null,
    queuePosition: s.status === "waiting" ? s.queuePosition : null,
    language: s.language,
    channelType: s.channelType,
    // The shopper is asked to rate each resolution; a rating of an earlier one stays on the record only.
    rating:
      s.rating && (s.rating.resolvedAt === undefined || s.rating.resolvedAt === s.resolvedAt)
        ? { score: s.rating.score, comment: s.rating.comment }
        : null,
  };
}

const EVENT_TEXT: Record<ConversationStatus, (s: ConvState) => string> = {
  bot: () => "The assistant is handling this conversation.",
  waiting: () => "Waiting for a person to join.",
  assigned: (s) => `${s.assigneeName || "An agent"} joined the conversation.`,
  resolved: () => "The conversation was resolved.",
};

export class Conversation {
  private readonly loaded: string;

  constructor(
    private readonly store: ConversationStore,
    readonly s: ConvState,
    private readonly out: Broadcaster,
    private readonly now: number,
    fresh = false,
  ) {
    this.loaded = fresh ? "" : JSON.stringify(s);
  }

  get id(): string {
    return this.s.conversationId;
  }

  /** Persists state when something changed (an unchanged save would re-sync the index for nothing). */
  save(): void {
    if (JSON.stringify(this.s) !== this.loaded) this.store.saveState(this.s);
  }

  event(type: ConversationEventType, data: Record<string, unknown>): void {
    const e: ConversationEvent = {
      tenantId: this.s.tenantId,
      conversationId: this.id,
      type,
      data,
      at: this.now,
    };
    this.outbox({ t: "job", job: conversationEventJob(e) });
  }

  inbox(op: InboxOp): void {
    this.outbox({ t: "inbox", tenantId: this.s.tenantId, inbox: op });
  }

  private outbox(item: OutboxItem): void {
    this.store.pushOutbox(item);
  }

  /** Appends a message and applies its effects on counters, the outbox and live sockets. */
  append(m: NewMessage): { message: Message; duplicate: boolean } {
    // System text (workflow messages, templates) goes to the shopper's channel like a reply.
    const author =
      m.authorType === "agent" ||
      m.authorType === "ai" ||
      (m.authorType === "system" && m.kind === "text");
    const outbound =
      author && (m.kind === "text" || m.kind === "media") && this.s.channelType !== "widget";
    const res = this.store.append(
      this.id,
      { ...m, delivery: outbound ? { status: "pending", error: null } : m.delivery },
      this.now,
    );
    if (res.duplicate) return res;
    const msg = res.message;
    const chat = msg.kind === "text" || msg.kind === "media";
    if (chat) {
      this.s.messageCount += 1;
      this.s.lastMessageText =
        msg.text.slice(0, 280) ||
        (msg.attachments.length ? `[${msg.attachments[0].mimeType || "attachment"}]` : "");
      this.s.lastMessageAt = this.now;
    }
    if (chat && m.authorType === "shopper") {
      this.s.lastInboundAt = this.now;
      this.s.firstInboundAt ??= this.now;
      this.s.inboundCount += 1;
      this.s.unread += 1;
      if (m.language) this.s.language = m.language;
    }
    if (chat && m.authorType === "ai") {
      this.s.firstAiResponseAt ??= this.now;
      this.s.unread = 0;
    }
    if (chat && m.authorType === "agent") {
      this.s.firstHumanResponseAt ??= this.now;
      this.s.humanMessageCount += 1;
      this.s.unread = 0;
    }
    this.store.touchParticipant(m.authorType, m.authorId, m.authorName, this.now);
    if (msg.kind !== "event")
      this.event("message.created", {
        messageId: msg.id,
        seq: msg.seq,
        author: msg.author.type,
        authorType: msg.author.type,
        kind: msg.kind,
        text: msg.text,
        channelType: this.s.channelType,
        ...(msg.language ? { language: msg.language } : {}),
      });
    if (outbound) this.outbox({ t: "send", msg: this.sendOf(msg, m.meta) });
    this.out.message(msg);
    return res;
  }

  /** The outbound queue's message for a reply; the same on a retry, so the consumer's idempotency holds. */
  private sendOf(msg: Message, meta: Record<string, unknown> | undefined): OutboundMessage {
    const send: OutboundMessage = {
      v: 1,
      kind: "send",
      tenantId: this.s.tenantId,
      conversationId: this.id,
      channelId: this.s.channelId,
      channelType: this.s.channelType,
      to: this.s.externalUserId,
      messageId: msg.id,
      text: msg.text,
      attachments: msg.attachments,
    };
    const template = OutboundTemplate.safeParse(meta?.template);
    if (template.success) send.template = template.data;
    return send;
  }

  /**
   * Queues a failed reply again (the console's Retry): it goes back to pending and the socket shows it.
   * A reply that is not failed (pending, sent, delivered) is returned untouched, so a double click
   * or a retried request sends nothing twice.
   */
  retrySend(messageId: string): DoResult<Message> {
    const cur = this.store.byId(this.id, messageId);
    if (!cur || cur.deletedAt) return fail("NOT_FOUND", "No such message.");
    const reply =
      cur.author.type === "agent" || cur.author.type === "ai" || cur.author.type === "system";
    if (!reply || !cur.delivery || this.s.channelType === "widget")
      return fail(
        "INVALID_STATE",
        "Only replies sent through a messaging channel can be sent again.",
      );
    if (cur.delivery.status !== "failed") return { ok: true, value: cur };
    const updated = this.store.update(this.id, messageId, {
      delivery: { status: "pending", error: null },
    })!;
    this.outbox({ t: "send", msg: this.sendOf(updated, updated.meta) });
    this.out.message(updated, true);
    return { ok: true, value: updated };
  }

  /** Moves the status machine, recording the transition with its reason and a visible event line. */
  transition(
    to: ConversationStatus,
    reason: string,
    actor: Actor,
    opts: { assignee?: { id: string; name: string } | null; handover?: HandoverInfo } = {},
  ): DoResult<null> {
    const from = this.s.status;
    const assignee =
      opts.assignee === undefined ? (to === "assigned" ? null : undefined) : opts.assignee;
    if (!canTransition(from, to))
      return fail("INVALID_STATE", `A ${from} conversation cannot become ${to}.`);
    if (to === "assigned" && !assignee)
      return fail("VALIDATION_FAILED", "An assigned conversation needs an assignee.");
    this.s.status = to;
    if (assignee !== undefined) {
      this.s.assigneeId = assignee?.id ?? null;
      this.s.assigneeName = assignee?.name ?? null;
    }
    if (to === "bot" || to === "waiting") {
      this.s.assigneeId = null;
      this.s.assigneeName = null;
    }
    if (to !== "waiting") this.s.queuePosition = null;
    if (to === "resolved") this.s.resolvedAt = this.now;
    if (from === "resolved") {
      this.s.resolvedAt = null;
      this.s.reopenCount += 1;
    }
    if (opts.handover) {
      this.s.handover = opts.handover;
      this.s.handoverAt = this.now;
    }
    if (to !== "bot") this.silenceAi();
    this.store.recordTransition(from, to, reason, actor.type, actor.id, this.now);
    this.append({
      authorType: "system",
      authorId: null,
      authorName: null,
      kind: "event",
      text: EVENT_TEXT[to](this.s),
      meta: {
        event: "status",
        from,
        to,
        reason,
        actor: { type: actor.type, id: actor.id, name: actor.name },
        ...(to === "assigned" ? { assignee: this.s.assigneeName || null } : {}),
      },
    });
    if (from === "resolved") this.event("conversation.reopened", { reason, by: actor.id });
    if (to === "waiting")
      this.event("conversation.handover", { reason, handover: this.s.handover });
    if (to === "assigned")
      this.event("conversation.assigned", { assigneeId: this.s.assigneeId, reason, by: actor.id });
    if (to === "resolved") this.event("conversation.resolved", { reason, by: actor.id });
    this.out.frame({ type: "state", conversation: publicState(this.s), reason });
    return { ok: true, value: null };
  }

  /** Whatever the AI was about to say is dropped, and it owes no answer to earlier messages. */
  silenceAi(): void {
    this.s.aiGen += 1;
    this.s.aiAnsweredSeq = Math.max(this.s.aiAnsweredSeq, this.s.aiPendingSeq);
    this.out.cancelTurn();
  }

  /** A shopper's message: stored once per client or channel message id; it reopens a resolved conversation. */
  shopperMessage(
    m: {
      text: string;
      attachments?: Message["attachments"];
      clientId?: string;
      externalId?: string;
      language?: string | null;
      meta?: Record<string, unknown>;
    },
    contactName: string | null,
  ): { message: Message; duplicate: boolean } {
    if (this.s.status === "resolved") {
      // Only here must a duplicate be caught before the insert: a redelivery must not reopen.
      const existing = m.externalId
        ? this.store.byExternalId(this.id, m.externalId)
        : m.clientId
          ? this.store.findByClient(this.id, "shopper", m.clientId)
          : null;
      if (existing) return { message: existing, duplicate: true };
      this.transition("bot", "shopper_wrote_again", {
        type: "shopper",
        id: this.s.contactId,
        name: contactName,
      });
    }
    const attachments = m.attachments ?? [];
    const res = this.append({
      authorType: "shopper",
      authorId: this.s.contactId,
      authorName: contactName,
      kind: !m.text && attachments.length ? "media" : "text",
      text: m.text,
      attachments,
      clientId: m.clientId ?? null,
      externalId: m.externalId ?? null,
      language: m.language ?? null,
      meta: m.meta ?? {},
    });
    if (this.s.status === "bot" && !res.duplicate) this.s.aiPendingSeq = res.message.seq;
    return res;
  }

  /** Agent message or note; a reply (not a note) takes the conversation over from the AI or the queue. */
  agentMessage(
    actor: Actor,
    input: {
      clientId: string;
      text: string;
      note: boolean;
      attachments: Message["attachments"];
      original?: string;
    },
  ): DoResult<Message> {
    const duplicate = this.store.findByClient(this.id, "agent", input.clientId);
    if (duplicate) return { ok: true, value: duplicate };
    if (!input.note) {
      if (
        replyWindow(this.s.channelType, this.s.lastInboundAt, this.now) &&
        (this.s.lastInboundAt ?? 0) + REPLY_WINDOW_MS < this.now
      ) {
        return fail(
          "WINDOW_CLOSED",
          "The channel's 24-hour reply window is closed; the contact must write first.",
        );
      }
      if (this.s.status !== "assigned" || !this.s.assigneeId) {
        const res = this.transition("assigned", "agent_replied", actor, {
          assignee: { id: actor.id ?? "", name: actor.name ?? "" },
        });
        if (!res.ok) return res;
        this.inbox({
          op: "claim",
          conversationId: this.id,
          agentId: actor.id ?? "",
          since: this.s.handoverAt ?? this.now,
          reason: "agent_replied",
        });
      }
      this.silenceAi();
    }
    const { message } = this.append({
      authorType: "agent",
      authorId: actor.id,
      authorName: actor.name,
      kind: input.note ? "note" : input.attachments.length && !input.text ? "media" : "text",
      text: input.text,
      attachments: input.attachments,
      clientId: input.clientId,
      meta: input.original ? { original: input.original } : {},
    });
    return { ok: true, value: message };
  }

  takeover(actor: Actor): DoResult<null> {
    if (this.s.status === "assigned" && this.s.assigneeId === actor.id)
      return { ok: true, value: null };
    if (this.s.status === "resolved")
      return fail("INVALID_STATE", "Reopen the conversation before taking it over.");
    return this.assignTo(actor, { id: actor.id ?? "", name: actor.name ?? "" }, "takeover");
  }

  assignTo(actor: Actor, assignee: { id: string; name: string }, reason: string): DoResult<null> {
    if (this.s.status === "resolved")
      return fail("INVALID_STATE", "A resolved conversation is reopened, not assigned.");
    if (this.s.status === "assigned" && this.s.assigneeId === assignee.id)
      return { ok: true, value: null };
    return this.claim(actor, assignee, reason);
  }

  private claim(
    actor: Actor,
    assignee: { id: string; name: string },
    reason: string,
  ): DoResult<null> {
    const res = this.transition("assigned", reason, actor, { assignee });
    if (res.ok)
      this.inbox({
        op: "claim",
        conversationId: this.id,
        agentId: assignee.id,
        since: this.s.handoverAt ?? this.now,
        reason,
      });
    return res;
  }

  handback(actor: Actor): DoResult<null> {
    if (this.s.status === "bot")
      return fail("INVALID_STATE", "The assistant already handles this conversation.");
    if (this.s.status === "resolved")
      return fail("INVALID_STATE", "Reopen the conversation first.");
    const res = this.transition("bot", "handback", actor);
    if (res.ok) {
      this.silenceAi();
      this.inbox({ op: "release", conversationId: this.id });
    }
    return res;
  }

  resolve(actor: Actor, reason = "resolved"): DoResult<null> {
    if (this.s.status === "resolved")
      return fail("INVALID_STATE", "The conversation is already resolved.");
    const res = this.transition("resolved", reason, actor);
    if (res.ok) this.inbox({ op: "release", conversationId: this.id });
    return res;
  }

  /** An agent reopening keeps it; anyone else puts it back in the queue. */
  reopen(actor: Actor): DoResult<null> {
    if (this.s.status !== "resolved")
      return fail("INVALID_STATE", "Only a resolved conversation can be reopened.");
    if (actor.type === "agent" && actor.id)
      return this.claim(actor, { id: actor.id, name: actor.name ?? "" }, "reopened");
    return this.handOver(actor, {
      reason: "reopened",
      rule: null,
      summary: null,
      intent: null,
      sentiment: null,
    });
  }

  /** To the queue: the AI or the shopper asked for a person, or an agent went away. */
  handOver(actor: Actor, handover: HandoverInfo): DoResult<null> {
    const res = this.transition("waiting", handover.reason, actor, { handover });
    if (res.ok)
      this.inbox({
        op: "enqueue",
        conversationId: this.id,
        language: this.s.language,
        channelType: this.s.channelType,
        since: this.now,
      });
    return res;
  }

  setTags(actor: Actor, add: string[], remove: string[]): string[] {
    const before = new Set(this.s.tags);
    const next = new Set([...this.s.tags.filter((t) => !remove.includes(t)), ...add]);
    this.s.tags = [...next].slice(0, 50);
    for (const tag of this.s.tags)
      if (!before.has(tag)) this.event("tag.added", { tag, by: actor.id });
    this.out.frame({ type: "state", conversation: publicState(this.s), reason: "tags" });
    return this.s.tags;
  }

  rate(score: number, comment: string | null): DoResult<null> {
    if (this.s.status !== "resolved")
      return fail("INVALID_STATE", "A conversation is rated once it is resolved.");
    this.s.rating = { score, comment, resolvedAt: this.s.resolvedAt };
    this.event("conversation.rated", { score, comment });
    this.out.frame({ type: "state", conversation: publicState(this.s), reason: "rated" });
    return { ok: true, value: null };
  }

  broadcastUpdate(m: Message): void {
    this.out.message(m, true);
  }

  setQueuePosition(position: number | null): void {
    if (this.s.status !== "waiting" || this.s.queuePosition === position) return;
    this.s.queuePosition = position;
    this.out.frame({ type: "state", conversation: publicState(this.s), reason: "queue" });
  }

  markRead(by: Actor, seq: number): void {
    this.store.touchParticipant(by.type, by.id, by.name, this.now, seq);
    if (by.type === "agent" && seq >= this.store.lastSeq()) this.s.unread = 0;
    this.out.frame({ type: "read", by: by.type === "shopper" ? "shopper" : "agent", seq });
  }
}
