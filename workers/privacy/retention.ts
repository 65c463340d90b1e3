/**
 * Per-tenant retention (`settings.retention`), applied by the cron. Expired resolved conversations
 * are erased like an erasure request (object, media, vectors, rows); logs are trimmed. The audit
 * log is never trimmed here: it is the record that these deletions happened.
 */
import type { Auth } from "../app-env";
import { getDb } from "../db/client";
import { log } from "../lib/log";
import { audit } from "../services/audit";
import { getSection, setSection } from "../services/tenant-settings";
import type { ConversationStore } from "../services/conversation-actions";
import { RetentionSettings } from "../wire/retention";
import { conversationDeletes, purgeOutsideD1, type EraseEnv } from "./erase";

export async function getRetention(
  db: ReturnType<typeof getDb>,
  tenantId: string,
): Promise<RetentionSettings> {
  return getSection(db, tenantId, "retention", RetentionSettings);
}

export async function setRetention(
  db: ReturnType<typeof getDb>,
  auth: Auth,
  input: RetentionSettings,
): Promise<RetentionSettings> {
  const before = await getRetention(db, auth.tenantId);
  await setSection(db, auth.tenantId, "retention", input);
  await audit(db, auth.tenantId, auth, {
    action: "settings.retention_changed",
    targetType: "tenant",
    targetId: auth.tenantId,
    data: { from: before, to: input },
  });
  return input;
}

const DAY = 86_400_000;
const PER_TENANT = 50;

/** One pass over tenants with retention settings; bounded per tenant so the cron stays short. */
export async function applyRetention(
  env: EraseEnv,
  store: ConversationStore,
  now = Date.now(),
): Promise<{ tenants: number; conversations: number }> {
  const db = getDb(env.DB);
  const { results } = await env.DB.prepare(
    `SELECT id, json_extract(settings, '$.retention') AS r FROM tenants WHERE json_extract(settings, '$.retention') IS NOT NULL`,
  ).all<{ id: string; r: string }>();
  let conversations = 0;
  for (const t of results) {
    const parsed = RetentionSettings.safeParse(JSON.parse(t.r));
    if (!parsed.success) continue;
    const s = parsed.data;
    try {
      let erased = 0;
      if (s.conversationsDays) {
        const cutoff = now - s.conversationsDays * DAY;
        const { results: expired } = await env.DB.prepare(
          `SELECT id FROM conversations WHERE tenant_id = ? AND status = 'resolved' AND COALESCE(last_message_at, resolved_at, created_at) < ? LIMIT ?`,
        )
          .bind(t.id, cutoff, PER_TENANT)
          .all<{ id: string }>();
        const ids = expired.map((e) => e.id);
        if (ids.length) {
          await purgeOutsideD1(env, store, t.id, ids);
          await env.DB.batch(conversationDeletes(env.DB, t.id, ids));
          erased = ids.length;
          await audit(db, t.id, null, {
            action: "retention.applied",
            data: { conversationsErased: erased, conversationIds: ids },
          });
        }
      }
      const trims = [
        env.DB.prepare(
          `DELETE FROM webhook_deliveries WHERE tenant_id = ? AND created_at < ? AND status IN ('succeeded', 'failed')`,
        ).bind(t.id, now - s.webhookDeliveriesDays * DAY),
        env.DB.prepare(
          `DELETE FROM workflow_runs WHERE tenant_id = ? AND started_at < ? AND status <> 'waiting'`,
        ).bind(t.id, now - s.workflowRunsDays * DAY),
        ...(s.unansweredQuestionsDays
          ? [
              env.DB.prepare(
                `DELETE FROM unanswered_questions WHERE tenant_id = ? AND created_at < ?`,
              ).bind(t.id, now - s.unansweredQuestionsDays * DAY),
            ]
          : []),
      ];
      const trimmed = (await env.DB.batch(trims)).reduce((a, r) => a + (r.meta.changes ?? 0), 0);
      if (trimmed)
        await audit(db, t.id, null, {
          action: "retention.trimmed",
          data: { rowsTrimmed: trimmed },
        });
      conversations += erased;
    } catch (err) {
      log("error", "retention.failed", { tenantId: t.id, error: String(err) });
    }
  }
  // Markers only need to outlive queue redelivery.
  await env.DB.prepare(`DELETE FROM ops_processed_events WHERE at < ?`)
    .bind(now - 30 * DAY)
    .run();
  return { tenants: results.length, conversations };
}
