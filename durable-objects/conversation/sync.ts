/**
 * The outbox: effects outside the DO (ops events, outbound replies, inbox routing, the D1 index) are
 * recorded in the same synchronous step as the change, then delivered here. A failed delivery stays
 * in the outbox and is retried from the alarm, so a change is never half-applied.
 */
import { log } from "../../workers/lib/log";
import type { ConversationUpdate } from "../../workers/wire/inbox";
import type { InboxOp, OutboxItem } from "../../workers/wire/objects";
import type { ConversationEventJob, OutboundMessage } from "../../workers/wire/queue";
import { inboxStub } from "../rpc";
import type { ConvState } from "./state";
import type { ConversationStore } from "./store";

const BATCH = 100;

/** Delivers what the outbox holds; returns false when something is left for a retry. */
export async function flushOutbox(env: Env, store: ConversationStore): Promise<boolean> {
  for (;;) {
    const page = await flushPage(env, store);
    if (page !== "more") return page === "clean";
  }
}

async function flushPage(env: Env, store: ConversationStore): Promise<"clean" | "failed" | "more"> {
  const rows = store.outbox(BATCH);
  const items = rows.map((r) => ({ id: r.id, item: JSON.parse(r.body) as OutboxItem }));
  const jobs = items.filter((x) => x.item.t === "job");
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
      jobs.map((x) => x.id),
      () =>
        env.JOBS_QUEUE.sendBatch(
          jobs.map((x) => ({
            body: (x.item as { job: ConversationEventJob }).job,
            contentType: "json" as const,
          })),
        ),
      "jobs",
    ),
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

const UPDATE_INDEX = `UPDATE conversations SET status = ?, assignee_id = ?, language = ?, tags = ?, last_message_text = ?, last_message_at = ?,
  last_inbound_at = ?, message_count = ?, inbound_count = ?, first_inbound_at = ?, first_response_at = ?, first_ai_response_at = ?,
  first_human_response_at = ?, handover_at = ?, handover_reason = ?, handover = ?, human_message_count = ?, resolved_at = ?, reopen_count = ?,
  csat_score = ?, csat_comment = ?, unread_count = ?, updated_at = ? WHERE id = ? AND tenant_id = ?`;

/** Writes the conversation's D1 index row (and tags) when an indexed field differs from what D1 last got. */
export async function syncIndex(
  env: Env,
  store: ConversationStore,
  state: ConvState,
  notifier: ConsoleNotifier,
): Promise<boolean> {
  const firstResponse = [state.firstAiResponseAt, state.firstHumanResponseAt].filter(
    (x): x is number => x !== null,
  );
  const row = {
    status: state.status,
    assigneeId: state.assigneeId,
    language: state.language,
    tags: state.tags,
    lastMessageText: state.lastMessageText,
    lastMessageAt: state.lastMessageAt,
    lastInboundAt: state.lastInboundAt,
    messageCount: state.messageCount,
    inboundCount: state.inboundCount,
    firstInboundAt: state.firstInboundAt,
    firstResponseAt: firstResponse.length ? Math.min(...firstResponse) : null,
    firstAiResponseAt: state.firstAiResponseAt,
    firstHumanResponseAt: state.firstHumanResponseAt,
    handoverAt: state.handoverAt,
    handoverReason: state.handover?.reason ?? null,
    handover: state.handover,
    humanMessageCount: state.humanMessageCount,
    resolvedAt: state.resolvedAt,
    reopenCount: state.reopenCount,
    csatScore: state.rating?.score ?? null,
    csatComment: state.rating?.comment ?? null,
    unreadCount: state.unread,
  };
  // Queue positions, AI bookkeeping and the like change state without touching the index.
  const fingerprint = JSON.stringify(row);
  const last = store.kv("indexed");
  if (last === fingerprint) return true;
  const tagsChanged =
    !last ||
    JSON.stringify((JSON.parse(last) as { tags: string[] }).tags) !== JSON.stringify(state.tags);
  // Raw statements on purpose: this runs after every change of every conversation, and building the
  // same UPDATE through the query builder each time cost more than the write itself.
  const d1 = env.DB;
  const statements = [
    d1
      .prepare(UPDATE_INDEX)
      .bind(
        row.status,
        row.assigneeId,
        row.language,
        JSON.stringify(row.tags),
        row.lastMessageText,
        row.lastMessageAt,
        row.lastInboundAt,
        row.messageCount,
        row.inboundCount,
        row.firstInboundAt,
        row.firstResponseAt,
        row.firstAiResponseAt,
        row.firstHumanResponseAt,
        row.handoverAt,
        row.handoverReason,
        row.handover ? JSON.stringify(row.handover) : null,
        row.humanMessageCount,
        row.resolvedAt,
        row.reopenCount,
        row.csatScore,
        row.csatComment,
        row.unreadCount,
        Date.now(),
        state.conversationId,
        state.tenantId,
      ),
  ];
  if (state.lastInboundAt)
    statements.push(
      d1
        .prepare("UPDATE contacts SET last_seen_at = ? WHERE id = ? AND tenant_id = ?")
        .bind(state.lastInboundAt, state.contactId, state.tenantId),
    );
  if (tagsChanged) {
    statements.push(
      d1
        .prepare("DELETE FROM conversation_tags WHERE conversation_id = ? AND tenant_id = ?")
        .bind(state.conversationId, state.tenantId),
    );
    for (const tag of state.tags)
      statements.push(
        d1
          .prepare(
            "INSERT OR IGNORE INTO conversation_tags (tenant_id, conversation_id, tag) VALUES (?, ?, ?)",
          )
          .bind(state.tenantId, state.conversationId, tag),
      );
  }
  try {
    await d1.batch(statements);
  } catch (err) {
    log("warn", "index sync failed", { conversationId: state.conversationId, error: String(err) });
    return false;
  }
  store.setKv("indexed", fingerprint);
  notifier.changed(state);
  return true;
}

/** Consoles may trail by this much on message previews; status, assignee and tag changes go at once. */
const PREVIEW_EVERY_MS = 2_000;

/**
 * Console list updates (via InboxDO) are best effort — the D1 index is the record — and rate-limited
 * per conversation, so a busy conversation does not make one inbox call per message.
 */
export class ConsoleNotifier {
  private lastKey = "";
  private lastAt = 0;
  private trailing: ReturnType<typeof setTimeout> | null = null;
  private pending: ConvState | null = null;

  constructor(private readonly env: Env) {}

  changed(state: ConvState): void {
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
