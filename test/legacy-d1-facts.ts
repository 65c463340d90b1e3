/**
 * The old D1 analytics refresh (facts recomputed from the D1 row, rollups in D1), kept only here: the
 * comparison test runs it beside the shard's on the same rows.
 */
import {
  conversationFacts,
  diffFacts,
  parseFactKey,
  type ConversationFactsInput,
} from "../workers/lib/analytics-facts";

interface ConversationRow {
  created_at: number;
  channel_type: string;
  language: string | null;
  assignee_id: string | null;
  tags: string;
  status: string;
  first_inbound_at: number | null;
  first_ai_response_at: number | null;
  first_human_response_at: number | null;
  handover_at: number | null;
  handover_reason: string | null;
  human_message_count: number;
  resolved_at: number | null;
  reopen_count: number;
  csat_score: number | null;
}

interface FactsRow {
  facts: string;
  rev: string;
  confirmed: number;
}

function toInput(row: ConversationRow, confirmed: boolean): ConversationFactsInput {
  let tags: string[] = [];
  try {
    const parsed: unknown = JSON.parse(row.tags);
    if (Array.isArray(parsed)) tags = parsed.filter((t): t is string => typeof t === "string");
  } catch {
    tags = [];
  }
  return {
    createdAt: row.created_at,
    channelType: row.channel_type,
    language: row.language,
    assigneeId: row.assignee_id,
    tags,
    status: row.status,
    firstInboundAt: row.first_inbound_at,
    firstAiResponseAt: row.first_ai_response_at,
    firstHumanResponseAt: row.first_human_response_at,
    handoverAt: row.handover_at,
    handoverReason: row.handover_reason,
    humanMessageCount: row.human_message_count,
    resolvedAt: row.resolved_at,
    reopenCount: row.reopen_count,
    csatScore: row.csat_score,
    confirmed,
  };
}

/**
 * Brings one conversation's contribution up to date. `confirmed` records a shopper-confirmed
 * resolution (it sticks until the conversation is reopened).
 */
export async function refreshD1Facts(
  d1: D1Database,
  tenantId: string,
  conversationId: string,
  opts: { confirmed?: boolean; now?: number } = {},
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [conv, prev] = await Promise.all([
      d1
        .prepare(`SELECT * FROM conversations WHERE id = ? AND tenant_id = ?`)
        .bind(conversationId, tenantId)
        .first<ConversationRow>(),
      d1
        .prepare(
          `SELECT facts, rev, confirmed FROM analytics_conversation_facts WHERE conversation_id = ? AND tenant_id = ?`,
        )
        .bind(conversationId, tenantId)
        .first<FactsRow>(),
    ]);
    // An erased conversation keeps its anonymous contribution to the aggregates.
    if (!conv) return "missing";
    const confirmed =
      opts.confirmed ?? (prev ? prev.confirmed === 1 && conv.status === "resolved" : false);
    const before = prev ? (JSON.parse(prev.facts) as Record<string, number>) : {};
    const after = conversationFacts(toInput(conv, confirmed));
    const delta = diffFacts(before, after);
    if (prev && Object.keys(delta).length === 0 && (prev.confirmed === 1) === confirmed)
      return "unchanged";

    const rev = crypto.randomUUID();
    const now = opts.now ?? Date.now();
    const claim = prev
      ? d1
          .prepare(
            `UPDATE analytics_conversation_facts SET facts = ?, rev = ?, confirmed = ?, updated_at = ? WHERE conversation_id = ? AND rev = ?`,
          )
          .bind(JSON.stringify(after), rev, confirmed ? 1 : 0, now, conversationId, prev.rev)
      : d1
          .prepare(
            `INSERT OR IGNORE INTO analytics_conversation_facts (conversation_id, tenant_id, facts, confirmed, rev, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .bind(conversationId, tenantId, JSON.stringify(after), confirmed ? 1 : 0, rev, now);
    // Each delta applies only if this writer's rev is the one stored: the batch is one transaction,
    // so a writer that lost the race changes no rollup and simply tries again with fresh data.
    const deltas = Object.entries(delta).map(([key, n]) => {
      const { dim, value, day, metric } = parseFactKey(key);
      return d1
        .prepare(
          `INSERT INTO analytics_rollups (tenant_id, dim, value, day, metric, n)
           SELECT ?, ?, ?, ?, ?, ? WHERE (SELECT rev FROM analytics_conversation_facts WHERE conversation_id = ?) = ?
           ON CONFLICT (tenant_id, dim, day, value, metric) DO UPDATE SET n = n + excluded.n`,
        )
        .bind(tenantId, dim, value, day, metric, n, conversationId, rev);
    });
    const results = await d1.batch([claim, ...deltas]);
    if (results[0].meta.changes === 1) return "updated";
  }
  throw new Error(`analytics: could not update facts for ${conversationId} after 5 attempts`);
}
