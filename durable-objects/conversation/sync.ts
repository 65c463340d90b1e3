/**
 * The outbox: effects outside the DO (ops events, outbound replies, inbox routing, the D1 index) are
 * recorded in the same synchronous step as the change, then delivered here. A failed delivery stays
 * in the outbox and is retried from the alarm, so a change is never half-applied.
 */
import { eq } from "drizzle-orm";
import { getDb, inTenant } from "../../workers/db/client";
import { contacts, conversations, conversationTags } from "../../workers/db/schema";
import { log } from "../../workers/lib/log";
import { emitConversationEvents } from "../../workers/services/events";
import type { ConversationUpdate } from "../../workers/wire/inbox";
import type { ConversationEventJob, OutboundMessage } from "../../workers/wire/queue";
import type { ConvState } from "./state";
import type { ConversationStore } from "./store";

export type InboxOp =
  | { op: "enqueue"; conversationId: string; language: string | null; channelType: string; since: number }
  | { op: "claim"; conversationId: string; agentId: string; since: number }
  | { op: "release"; conversationId: string };

export type OutboxItem = { t: "job"; job: ConversationEventJob } | { t: "send"; msg: OutboundMessage } | { t: "inbox"; tenantId: string; inbox: InboxOp };

const BATCH = 100;

/** Delivers what the outbox holds; returns false when something is left for a retry. */
export async function flushOutbox(env: Env, store: ConversationStore): Promise<boolean> {
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
    deliver(jobs.map((x) => x.id), () => emitConversationEvents(env, jobs.map((x) => (x.item as { job: ConversationEventJob }).job)), "jobs"),
    deliver(sends.map((x) => x.id), () => env.OUTBOUND_QUEUE.sendBatch(sends.map((x) => ({ body: (x.item as { msg: OutboundMessage }).msg, contentType: "json" as const }))), "outbound"),
    (async () => {
      // Inbox operations keep their order (enqueue before claim before release).
      for (const x of inbox) {
        const { tenantId, inbox: op } = x.item as { tenantId: string; inbox: InboxOp };
        const before = clean;
        await deliver([x.id], () => env.INBOX.get(env.INBOX.idFromName(tenantId)).route(tenantId, op), "inbox");
        if (before && !clean) break;
      }
    })(),
  ]);
  return clean && store.outboxSize() === 0;
}

/** Writes the conversation's D1 index row (and tags) when an indexed field differs from what D1 last got. */
export async function syncIndex(env: Env, store: ConversationStore, state: ConvState): Promise<boolean> {
  const firstResponse = [state.firstAiResponseAt, state.firstHumanResponseAt].filter((x): x is number => x !== null);
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
  const tagsChanged = !last || JSON.stringify((JSON.parse(last) as { tags: string[] }).tags) !== JSON.stringify(state.tags);
  const db = getDb(env.DB);
  const where = inTenant(conversations, state.tenantId, eq(conversations.id, state.conversationId));
  try {
    await db.batch([
      db.update(conversations).set({ ...row, updatedAt: Date.now() }).where(where),
      ...(state.lastInboundAt ? [db.update(contacts).set({ lastSeenAt: state.lastInboundAt }).where(inTenant(contacts, state.tenantId, eq(contacts.id, state.contactId)))] : []),
      ...(tagsChanged
        ? [
            db.delete(conversationTags).where(inTenant(conversationTags, state.tenantId, eq(conversationTags.conversationId, state.conversationId))),
            ...state.tags.map((tag) => db.insert(conversationTags).values({ tenantId: state.tenantId, conversationId: state.conversationId, tag }).onConflictDoNothing()),
          ]
        : []),
    ]);
  } catch (err) {
    log("warn", "index sync failed", { conversationId: state.conversationId, error: String(err) });
    return false;
  }
  store.setKv("indexed", fingerprint);
  // Console list updates are best effort: the index above is the record.
  env.INBOX.get(env.INBOX.idFromName(state.tenantId))
    .conversationChanged(state.tenantId, updateOf(state))
    .catch((err: unknown) => log("warn", "inbox notify failed", { error: String(err) }));
  return true;
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
