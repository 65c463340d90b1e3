/**
 * The conversation's core rules: appending messages, the status machine, AI silencing. Every change is
 * synchronous — it reads state, changes it, records outbox items and broadcasts frames in one step —
 * so nothing can interleave between a check and the write that depends on it. The operations built on
 * it live by concern: `handover-claims.ts`, `posting-messages.ts`, `outbox-delivery.ts`,
 * `tags-rating-reads.ts`; the AI turn and its commit in `ai-runner.ts`.
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
  type ConversationEvent,
  type ConversationEventType,
} from "../../workers/wire/queue";
import type { Message, ServerFrame } from "../../workers/wire/socket";
import { sendOf } from "./outbox-delivery";
import { publicState } from "./public-state";
import { canTransition, type ConvState } from "./state";
import type { ConversationStore, NewMessage } from "./store";

export const SYSTEM: Actor = { type: "system", id: null, name: null };

export interface Broadcaster {
  message(m: Message, update?: boolean): void;
  frame(f: ServerFrame): void;
  /** Cancels an AI turn in flight (abort + `ai_cancelled`); a no-op when none runs. */
  cancelTurn(): void;
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
    readonly store: ConversationStore,
    readonly s: ConvState,
    readonly out: Broadcaster,
    readonly now: number,
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

  outbox(item: OutboxItem): void {
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
    if (outbound) this.outbox({ t: "send", msg: sendOf(this, msg, m.meta) });
    this.out.message(msg);
    return res;
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

  broadcastUpdate(m: Message): void {
    this.out.message(m, true);
  }
}
