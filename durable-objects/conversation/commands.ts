/**
 * How anything changes a conversation: current state in, one synchronous command, state saved, then its
 * effects delivered (the outbox, the D1 index) and the wake-ups it needs scheduled. Socket frames, RPC
 * calls, automations and the AI runner all go through here, so they agree whoever acts.
 *
 * Replies and inbox operations are delivered at once. The D1 index row and the conversation events are
 * coalesced: written at most once per `FLUSH_MS` (the first change at once, the rest by the "flush"
 * task), always the latest state, and the events since the last flush as one job. What is owed is in
 * storage (the index fingerprint, the outbox, the timer), so a restart loses nothing.
 */
import { log } from "../../workers/lib/log";
import { fail, type ConversationMeta, type DoResult } from "../../workers/wire/objects";
import type { Message, ServerFrame } from "../../workers/wire/socket";
import { AiTurnRunner } from "./ai-runner";
import type { ConversationDeps } from "./deps";
import { Conversation } from "./conversation-core";
import { publicState } from "./public-state";
import { Scheduler } from "./scheduler";
import { initialState, type ConvState } from "./state";
import { ConversationStore } from "./store";
import { indexDirty, indexFingerprint, indexUrgent, syncIndex } from "./d1-index";
import { ConsoleNotifier, flushEffects, flushEvents } from "./sync";
import { warnWindowClosing, windowTimerAt } from "./window";

const RETRY_MS = 5_000;
/** At most one D1 index write and one event job per conversation per this many ms. */
export const FLUSH_MS = 1_000;

/** Where a command's frames go: the conversation's sockets. */
export interface LiveOut {
  message(m: Message, update?: boolean): void;
  frame(f: ServerFrame): void;
}

export class ConversationCommands {
  // Not readonly: erasure wipes storage and starts afresh.
  store: ConversationStore;
  scheduler: Scheduler;
  readonly ai: AiTurnRunner;
  private readonly notifier: ConsoleNotifier;
  private settling: Promise<void> | null = null;
  private settleAgain = false;
  /** The alarm found the "flush" task due: the next settle flushes whatever the time. */
  private flushDue = false;

  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly deps: ConversationDeps,
    private readonly out: LiveOut,
  ) {
    this.store = new ConversationStore(ctx.storage.sql);
    this.scheduler = new Scheduler(ctx.storage);
    this.notifier = new ConsoleNotifier(env);
    this.ai = new AiTurnRunner(
      {
        store: () => this.store,
        open: () => this.open(),
        broadcast: (f) => out.frame(f),
        settle: () => this.settle(),
      },
      deps.ai,
    );
  }

  state(): ConvState | null {
    return this.store.state();
  }

  /** Creates the conversation on first call; later calls refresh the contact's details. */
  async init(meta: ConversationMeta): Promise<ConvState> {
    const conv = this.open(meta);
    conv.save();
    await this.settle();
    return conv.s;
  }

  open(meta?: ConversationMeta): Conversation {
    const now = Date.now();
    let s = this.store.state();
    if (!s && !meta) throw new Error("conversation used before init");
    if (!s) {
      s = initialState(meta!, now);
      const conv = this.conversation(s, now, true);
      conv.event("conversation.created", {
        channelType: s.channelType,
        channelId: s.channelId,
        contactId: s.contactId,
      });
      return conv;
    }
    const conv = this.conversation(s, now);
    if (meta)
      Object.assign(conv.s, {
        contactName: meta.contactName ?? s.contactName,
        contactVip: meta.contactVip,
        contactLanguage: meta.contactLanguage ?? s.contactLanguage,
        contactCountry: meta.contactCountry ?? s.contactCountry ?? null,
      });
    return conv;
  }

  private conversation(s: ConvState, now: number, fresh = false): Conversation {
    return new Conversation(
      this.store,
      s,
      {
        message: (m, update) => this.out.message(m, update),
        frame: (f) => this.out.frame(f),
        cancelTurn: () => this.ai.cancel(),
      },
      now,
      fresh,
    );
  }

  /** Runs a synchronous command against current state, saves, then delivers its effects. */
  async run<T>(fn: (c: Conversation) => DoResult<T>): Promise<DoResult<T>> {
    if (!this.store.state()) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    const conv = this.open();
    const res = fn(conv);
    conv.save();
    await this.afterChange(conv.s);
    return res;
  }

  /** Effects of a saved change: delivery, an AI turn when one is owed, the reply-window warning. */
  async afterChange(s: ConvState): Promise<void> {
    await this.settle();
    if (s.status === "bot" && s.aiPendingSeq > s.aiAnsweredSeq && !this.ai.running)
      await this.scheduler.schedule("ai", Date.now());
    const at = windowTimerAt(this.store, s, Date.now());
    if (at === null) this.scheduler.cancel("window");
    else if (at !== undefined) await this.scheduler.schedule("window", at);
  }

  /** Delivers the outbox and the D1 index; one run at a time, and a run started meanwhile is folded in. */
  settle(): Promise<void> {
    if (this.settling) {
      this.settleAgain = true;
      return this.settling;
    }
    this.settling = (async () => {
      try {
        do {
          this.settleAgain = false;
          const s = this.store.state();
          if (s) this.notifier.changed(s, indexFingerprint(s));
          // The flush first: an inbox operation of a status change finds the row written.
          const flushed = s ? await this.flush(s) : true;
          const delivered = await flushEffects(this.env, this.store);
          if (!flushed || !delivered) {
            await this.scheduler.schedule("retry", Date.now() + RETRY_MS);
            break;
          }
        } while (this.settleAgain);
      } finally {
        this.settling = null;
      }
    })();
    return this.settling;
  }

  /**
   * The D1 index and the events: now when the last flush is `FLUSH_MS` old, or the change is one the
   * inbox list filters on (status, assignee, tags) or an event other than a new message; otherwise the
   * "flush" task does it when the interval is up.
   */
  private async flush(s: ConvState): Promise<boolean> {
    const due = this.flushDue;
    this.flushDue = false;
    const events = this.store.pendingEvents();
    if (!events.count && !indexDirty(this.store, s)) return true;
    const now = Date.now();
    const next = Number(this.store.kv("flushedAt") ?? 0) + FLUSH_MS;
    if (!due && now < next && !events.urgent && !indexUrgent(this.store, s)) {
      await this.scheduler.schedule("flush", next, { earliest: true });
      return true;
    }
    this.store.setKv("flushedAt", String(now));
    this.scheduler.cancel("flush");
    // The index before the events: ops reads the row when it handles them.
    return (await syncIndex(this.env, this.store, s)) && (await flushEvents(this.env, this.store));
  }

  /** The alarm: retries undelivered effects, runs the AI turns owed, then the due timed tasks; re-armed for what is left. */
  async alarm(): Promise<void> {
    const due = this.scheduler.takeDue(Date.now());
    if (due.includes("flush") || due.includes("retry")) this.flushDue = true;
    await this.settle();
    for (let guard = 0; guard < 10 && (await this.ai.runOne()); guard++);
    const s = this.store.state();
    if (s && due.includes("window")) {
      const conv = this.open();
      if (warnWindowClosing(conv, this.store, Date.now())) {
        conv.save();
        this.out.frame({
          type: "state",
          conversation: publicState(conv.s),
          reason: "window_closing",
        });
        await this.settle();
      }
    }
    if (s && due.includes("workflow")) {
      try {
        await this.deps.runDueWorkflowSteps(s.conversationId);
      } catch (err) {
        // The cron runs due steps too; a failure here only delays them.
        log("warn", "workflow alarm failed", {
          conversationId: s.conversationId,
          error: String(err),
        });
      }
    }
    await this.scheduler.arm(true);
  }

  /** After erasure deleted all storage: empty tables again. */
  reset(): void {
    this.store = new ConversationStore(this.ctx.storage.sql);
    this.scheduler = new Scheduler(this.ctx.storage);
  }
}
