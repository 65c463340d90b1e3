/**
 * The conversation's row in the D1 index (the inbox list, reports, search filters). The object writes it
 * after the change, coalesced (see `ConversationCommands.flush`): what D1 last got is kept in the
 * object's storage as a fingerprint, so "the index is dirty" survives a restart.
 */
import { log } from "../../workers/lib/log";
import type { ConvState } from "./state";
import type { ConversationStore } from "./store";

const UPDATE_INDEX = `UPDATE conversations SET status = ?, assignee_id = ?, language = ?, tags = ?, last_message_text = ?, last_message_at = ?,
  last_inbound_at = ?, message_count = ?, inbound_count = ?, first_inbound_at = ?, first_response_at = ?, first_ai_response_at = ?,
  first_human_response_at = ?, handover_at = ?, handover_reason = ?, handover = ?, human_message_count = ?, resolved_at = ?, reopen_count = ?,
  csat_score = ?, csat_comment = ?, unread_count = ?, updated_at = ? WHERE id = ? AND tenant_id = ?`;

function indexRow(state: ConvState) {
  const firstResponse = [state.firstAiResponseAt, state.firstHumanResponseAt].filter(
    (x): x is number => x !== null,
  );
  return {
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
}

/** The indexed fields; queue positions, AI bookkeeping and the like change state without touching it. */
export function indexFingerprint(state: ConvState): string {
  return JSON.stringify(indexRow(state));
}

/** What the index should say differs from what D1 last got. */
export function indexDirty(store: ConversationStore, state: ConvState): boolean {
  return store.kv("indexed") !== indexFingerprint(state);
}

/**
 * The row is new to D1, or its status, assignee or tags changed: the inbox list's filters, "mine" and
 * the queue read these from D1, so they are written at once. They change a few times per conversation.
 */
export function indexUrgent(store: ConversationStore, state: ConvState): boolean {
  const last = store.kv("indexed");
  if (!last) return true;
  const was = JSON.parse(last) as Pick<ConvState, "status" | "assigneeId" | "tags">;
  return (
    was.status !== state.status ||
    was.assigneeId !== state.assigneeId ||
    JSON.stringify(was.tags) !== JSON.stringify(state.tags)
  );
}

/** Writes the conversation's D1 index row (and tags) when an indexed field differs from what D1 last got. */
export async function syncIndex(
  env: Env,
  store: ConversationStore,
  state: ConvState,
): Promise<boolean> {
  const row = indexRow(state);
  const fingerprint = JSON.stringify(row);
  const last = store.kv("indexed");
  if (last === fingerprint) return true;
  const tagsChanged =
    !last ||
    JSON.stringify((JSON.parse(last) as { tags: string[] }).tags) !== JSON.stringify(state.tags);
  // Raw statements on purpose: building the same UPDATE through the query builder each time cost more
  // than the write itself.
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
  return true;
}
