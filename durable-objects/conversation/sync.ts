/**
 * The outbox: effects outside the DO (ops events, outbound replies, inbox routing) are recorded in the
 * same synchronous step as the change, then delivered here. A failed delivery stays in the outbox and
 * is retried from the alarm, so a change is never half-applied. Replies and inbox operations go at
 * once; events wait for the coalesced flush and go as one batched job.
 */
import { log } from "../../workers/lib/log";
import type { ConversationUpdate } from "../../workers/wire/inbox";
import type { InboxOp, OutboxItem } from "../../workers/wire/objects";
import {
  EVENTS_PER_JOB,
  type ConversationEventJob,
  type ConversationEventsJob,
  type OutboundMessage,
} from "../../workers/wire/queue";
import { inboxStub } from "../rpc";
import type { ConvState } from "./state";
import type { ConversationStore } from "./store";

const BATCH = 100;
/** A queue message holds at most 128 KB; an event batch is cut well below. */
const MAX_JOB_BYTES = 100_000;

/** Delivers the outbox's replies and inbox operations; returns false when something is left for a retry. */
export async function flushEffects(env: Env, store: ConversationStore): Promise<boolean> {
  for (;;) {
    const page = await flushPage(env, store);
    if (page !== "more") return page === "clean";
  }
}

async function flushPage(env: Env, store: ConversationStore): Promise<"clean" | "failed" | "more"> {
  const rows = store.outbox(BATCH, "effects");
  const items = rows.map((r) => ({ id: r.id, item: JSON.parse(r.body) as OutboxItem }));
  const sends = items.filter((x) => x.item.t === "send");
  const inbox = items.filter((x) => x.item.t === "inbox");
  let clean = true;
  const deliver = async (ids: number[], fn: () => Promise<unknown>, what: string) => {
    if (!ids.length) return;
    try {
      await fn();
      store.dropOutbox(ids);
    } catch (err) {
      clean = false;
      log("warn", "outbox delivery failed", { what, error: String(err) });
    }
  };
  await Promise.all([
    deliver(
      sends.map((x) => x.id),
      () =>
        env.OUTBOUND_QUEUE.sendBatch(
          sends.map((x) => ({
            body: (x.item as { msg: OutboundMessage }).msg,
            contentType: "json" as const,
          })),
        ),
      "outbound",
    ),
    (async () => {
      // Inbox operations keep their order (enqueue before claim before release).
      for (const x of inbox) {
        const { tenantId, inbox: op } = x.item as { tenantId: string; inbox: InboxOp };
        const before = clean;
        await deliver([x.id], () => inboxStub(env, tenantId).route(tenantId, op), "inbox");
        if (before && !clean) break;
      }
    })(),
  ]);
  if (!clean) return "failed";
  return rows.length < BATCH ? "clean" : "more";
}

/**
 * Sends the outbox's conversation events as batched jobs (`conversation_events`), in order: usually one
 * job for everything since the last flush. Returns false when something is left for a retry.
 */
export async function flushEvents(env: Env, store: ConversationStore): Promise<boolean> {
  for (;;) {
    const rows = store.outbox(EVENTS_PER_JOB, "events");
    if (!rows.length) return true;
    type Chunk = { ids: number[]; events: ConversationEventJob[]; bytes: number };
    let chunk: Chunk | null = null;
    const chunks: Chunk[] = [];
    for (const r of rows) {
      if (!chunk || chunk.bytes + r.body.length > MAX_JOB_BYTES) {
        chunk = { ids: [], events: [], bytes: 0 };
        chunks.push(chunk);
      }
      chunk.ids.push(r.id);
      chunk.events.push((JSON.parse(r.body) as { job: ConversationEventJob }).job);
      chunk.bytes += r.body.length;
    }
    for (const c of chunks) {
      const job: ConversationEventsJob = {
        kind: "conversation_events",
        tenantId: c.events[0].tenantId,
        conversationId: c.events[0].conversationId,
        events: c.events,
      };
      try {
        await env.JOBS_QUEUE.send(job, { contentType: "json" });
      } catch (err) {
        log("warn", "outbox delivery failed", { what: "jobs", error: String(err) });
        return false;
      }
      store.dropOutbox(c.ids);
    }
    if (rows.length < EVENTS_PER_JOB) return true;
  }
}

/** Consoles may trail by this much on message previews; status, assignee and tag changes go at once. */
const PREVIEW_EVERY_MS = 2_000;

/**
 * Console list updates (via InboxDO) come from the object's state as it changes, not from the D1 index,
 * which may trail by up to a second. Best effort — the D1 index is the record — and rate-limited per
 * conversation, so a busy conversation does not make one inbox call per message.
 */
export class ConsoleNotifier {
  private lastKey = "";
  private lastAt = 0;
  private trailing: ReturnType<typeof setTimeout> | null = null;
  private pending: ConvState | null = null;
  private lastFingerprint = "";

  constructor(private readonly env: Env) {}

  /** The conversation's listed fields may have changed; `fingerprint` repeats the last call's when not. */
  changed(state: ConvState, fingerprint: string): void {
    if (fingerprint === this.lastFingerprint) return;
    this.lastFingerprint = fingerprint;
    const key = JSON.stringify([state.status, state.assigneeId, state.tags]);
    const now = Date.now();
    if (key !== this.lastKey || now - this.lastAt >= PREVIEW_EVERY_MS) return this.send(state, key);
    this.pending = state;
    this.trailing ??= setTimeout(() => {
      this.trailing = null;
      if (this.pending) this.send(this.pending, key);
    }, PREVIEW_EVERY_MS);
  }

  private send(state: ConvState, key: string): void {
    this.lastKey = key;
    this.lastAt = Date.now();
    this.pending = null;
    inboxStub(this.env, state.tenantId)
      .conversationChanged(state.tenantId, updateOf(state))
      .catch((err: unknown) => log("warn", "inbox notify failed", { error: String(err) }));
  }
}

export function updateOf(s: ConvState): ConversationUpdate {
  return {
    id: s.conversationId,
    status: s.status,
    channelType: s.channelType,
    assigneeId: s.assigneeId,
    language: s.language,
    tags: s.tags,
    lastMessageText: s.lastMessageText,
    lastMessageAt: s.lastMessageAt,
    unread: s.unread,
    queuePosition: s.queuePosition,
  };
}
