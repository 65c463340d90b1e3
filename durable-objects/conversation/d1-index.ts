/**
 * The conversation's index row. The tenant's shard (TenantShardDO) holds the live row the inbox lists,
 * filters and counts: it gets the row at every coalesced flush (see `ConversationCommands.flush`), one call.
 * D1 keeps a copy for the control plane (privacy, automation, broadcasts, store actions), written only
 * when a field that changes a few times per conversation changes (status, assignee, tags, language, the
 * first responses, handover, resolution, rating) and otherwise at most every `D1_REFRESH_MS`, never per
 * message. What each last got is kept in the object's storage, so "dirty" survives a restart.
 */
import { log } from "../../workers/lib/log";
import type { IndexRow } from "../../workers/wire/shard";
import { shardStub } from "../rpc";
import type { ConvState } from "./state";
import type { ConversationStore } from "./store";

/** The longest D1's copy trails the shard's in its per-message fields (last message, counts). */
export const D1_REFRESH_MS = 10 * 60_000;

const UPDATE_INDEX = `UPDATE conversations SET status = ?, assignee_id = ?, language = ?, tags = ?, last_message_text = ?, last_message_at = ?,
  last_inbound_at = ?, message_count = ?, inbound_count = ?, first_inbound_at = ?, first_response_at = ?, first_ai_response_at = ?,
  first_human_response_at = ?, handover_at = ?, handover_reason = ?, handover = ?, human_message_count = ?, resolved_at = ?, reopen_count = ?,
  csat_score = ?, csat_comment = ?, unread_count = ?, updated_at = ?, in_shard = 1 WHERE id = ? AND tenant_id = ?`;

/** The row as the shard stores it; `updatedAt` is set when it is sent. */
export function indexRow(state: ConvState): IndexRow {
  const firstResponse = [state.firstAiResponseAt, state.firstHumanResponseAt].filter(
    (x): x is number => x !== null,
  );
  return {
    id: state.conversationId,
    contactId: state.contactId,
    channelId: state.channelId,
    channelType: state.channelType,
    status: state.status,
    assigneeId: state.assigneeId,
    teamId: null,
    language: state.language,
    tags: state.tags,
    subject: null,
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
    unreadCount: state.unread,
    humanMessageCount: state.humanMessageCount,
    resolvedAt: state.resolvedAt,
    reopenCount: state.reopenCount,
    csatScore: state.rating?.score ?? null,
    csatComment: state.rating?.comment ?? null,
    createdAt: state.createdAt,
    updatedAt: null,
  };
}

/** The fields that change a few times per conversation (not per message): a change goes to D1 at once. */
function controlFingerprint(state: ConvState): string {
  return JSON.stringify([
    state.status,
    state.assigneeId,
    state.tags,
    state.language,
    state.firstInboundAt,
    state.firstAiResponseAt,
    state.firstHumanResponseAt,
    state.humanMessageCount > 0,
    state.handoverAt,
    state.handover,
    state.resolvedAt,
    state.reopenCount,
    state.rating,
  ]);
}

/** The indexed fields; queue positions, AI bookkeeping and the like change state without touching it. */
export function indexFingerprint(state: ConvState): string {
  return JSON.stringify(indexRow(state));
}

/** What the index should say differs from what the shard last got. */
export function indexDirty(store: ConversationStore, state: ConvState): boolean {
  return store.kv("shardIndexed") !== indexFingerprint(state);
}

/**
 * The row is new to the shard, or its status, assignee or tags changed: the inbox list's filters, "mine"
 * and the queue read these, so they are written at once. They change a few times per conversation.
 */
export function indexUrgent(store: ConversationStore, state: ConvState): boolean {
  const last = store.kv("shardIndexed");
  if (!last) return true;
  const was = JSON.parse(last) as Pick<ConvState, "status" | "assigneeId" | "tags">;
  return (
    was.status !== state.status ||
    was.assigneeId !== state.assigneeId ||
    JSON.stringify(was.tags) !== JSON.stringify(state.tags)
  );
}

/**
 * Sends the row to the tenant's shard when it differs from what the shard last got, then D1's copy when
 * a control field changed or it is `D1_REFRESH_MS` old. Returns false when something is left for a retry.
 */
export async function syncIndex(
  env: Env,
  store: ConversationStore,
  state: ConvState,
): Promise<boolean> {
  const row = indexRow(state);
  const fingerprint = JSON.stringify(row);
  if (store.kv("shardIndexed") !== fingerprint) {
    try {
      await shardStub(env, state.tenantId).putIndexRows([{ ...row, updatedAt: Date.now() }]);
    } catch (err) {
      log("warn", "index sync failed", {
        conversationId: state.conversationId,
        error: String(err),
      });
      return false;
    }
    store.setKv("shardIndexed", fingerprint);
  }
  const control = controlFingerprint(state);
  const d1Stale =
    store.kv("d1Indexed") !== fingerprint &&
    Date.now() - Number(store.kv("d1At") ?? 0) >= D1_REFRESH_MS;
  if (store.kv("d1Control") === control && !d1Stale) return true;
  if (!(await writeD1(env, store, state, row))) return false;
  store.setKv("d1Control", control);
  store.setKv("d1Indexed", fingerprint);
  store.setKv("d1At", String(Date.now()));
  return true;
}

/** D1's copy of the row (and the contact's last-seen time and the tag rows), one batch. */
async function writeD1(
  env: Env,
  store: ConversationStore,
  state: ConvState,
  row: IndexRow,
): Promise<boolean> {
  const last = store.kv("d1Tags");
  const tags = JSON.stringify(state.tags);
  const tagsChanged = last !== tags;
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
  store.setKv("d1Tags", tags);
  return true;
}
