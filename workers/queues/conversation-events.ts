/**
 * The engine's conversation events, handled once each: rollups, usage, the review list, workflows
 * and outgoing webhooks. Every effect is idempotent per event, so the queue may redeliver freely.
 * Infrastructure errors (D1) throw so the queue retries; a workflow's failure never does.
 */
import { getDb } from "../db/client";
import { indexMessage } from "../services/message-search";
import { log } from "../lib/log";
import { refreshConversationFacts, type RefreshOutcome } from "../analytics/rollup";
import { LOW_RATING_MAX, recordReviewItem } from "../analytics/review";
import { defaultOpsDeps, type OpsDeps } from "../services/ops-deps";
import { eventData, eventKey, QueuedConversationEvent, type EventData } from "../services/events";
import { utcDay, type UsageMetric } from "../analytics/usage";
import { enqueueWebhookDeliveries } from "../outgoing-webhooks/webhook-delivery";
import { runWorkflowsForEvent } from "../automation/triggers";

export type OpsEnv = Pick<Env, "DB" | "JOBS_QUEUE" | "ENCRYPTION_KEY" | "CONVERSATION">;

export interface HandleResult {
  ok: boolean;
  error?: string;
  duplicate?: boolean;
  rollup?: RefreshOutcome;
  workflows?: { started: number; scheduled: number };
  webhooks?: number;
}

/** Usage counted from events; AI-side metrics (translated chars, embeddings) are recorded by the AI path via `recordUsage`. */
function usageFor(event: QueuedConversationEvent, data: EventData): UsageMetric[] {
  if (event.type !== "message.created" || data.kind === "note" || data.kind === "event") return [];
  return data.authorType === "ai" ? ["messages", "ai_replies"] : ["messages"];
}

/**
 * Marks the event processed and counts its usage in one transaction. Each upsert runs only if the
 * statement before it changed a row (`changes() = 1`), so the chain stops at the marker when the
 * event was seen before, and a redelivered event adds nothing.
 */
async function firstDelivery(
  d1: D1Database,
  event: QueuedConversationEvent,
  key: string,
  metrics: UsageMetric[],
): Promise<boolean> {
  const mark = d1
    .prepare(
      `INSERT OR IGNORE INTO ops_processed_events (event_key, tenant_id, at) VALUES (?, ?, ?)`,
    )
    .bind(`${event.tenantId}:${key}`, event.tenantId, event.at);
  const counts = metrics.map((metric) =>
    d1
      .prepare(
        `INSERT INTO usage_counters (tenant_id, day, metric, value) SELECT ?, ?, ?, 1 WHERE changes() = 1
         ON CONFLICT (tenant_id, day, metric) DO UPDATE SET value = value + 1`,
      )
      .bind(event.tenantId, utcDay(event.at), metric),
  );
  const [markResult] = await d1.batch([mark, ...counts]);
  return markResult.meta.changes === 1;
}

export async function handleConversationEvent(
  env: OpsEnv,
  raw: unknown,
  overrides: Partial<OpsDeps> = {},
): Promise<HandleResult> {
  const parsed = QueuedConversationEvent.safeParse(raw);
  if (!parsed.success) {
    log("warn", "ops.event_invalid", {
      issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`),
    });
    return { ok: false, error: "invalid event" };
  }
  const event = parsed.data;
  const deps = defaultOpsDeps(env, overrides);
  const data = eventData(event);
  const key = eventKey(event);
  const db = getDb(env.DB);

  const confirmed =
    event.type === "conversation.resolved"
      ? data.confirmed === true || data.by === "shopper"
      : event.type === "conversation.reopened"
        ? false
        : undefined;
  const rollup = await refreshConversationFacts(env.DB, event.tenantId, event.conversationId, {
    confirmed,
    now: deps.now(),
  });

  const isFirst = await firstDelivery(env.DB, event, key, usageFor(event, data));
  // Search covers every chat message and note (idempotent on its own, like the rollup above).
  // An edit adds its text to the message's row: each version stays findable.
  const indexable =
    (event.type === "message.created" && data.kind !== "event") || event.type === "message.edited";
  if (indexable && data.messageId && data.text) {
    await indexMessage(env.DB, {
      tenantId: event.tenantId,
      conversationId: event.conversationId,
      messageId: data.messageId,
      text: data.text,
      at: event.at,
    });
  }
  if (isFirst) {
    if (
      event.type === "conversation.rated" &&
      data.score !== undefined &&
      data.score <= LOW_RATING_MAX
    ) {
      await recordReviewItem(db, event.tenantId, event.conversationId, "low_rating", {
        score: data.score,
        text: data.comment ?? null,
      });
    }
    if (event.type === "conversation.handover") {
      await recordReviewItem(db, event.tenantId, event.conversationId, "handover", {
        reason: data.reason ?? null,
        text: data.text ?? null,
      });
    }
  }

  let workflows = { started: 0, scheduled: 0 };
  try {
    workflows = await runWorkflowsForEvent(env, deps, event);
  } catch (err) {
    // Reading workflows failed: the conversation carries on; the failure is in the logs.
    log("error", "ops.workflows_failed", {
      tenantId: event.tenantId,
      conversationId: event.conversationId,
      error: String(err),
    });
  }

  const created = await enqueueWebhookDeliveries(
    env,
    {
      tenantId: event.tenantId,
      eventKey: key,
      type: event.type,
      at: event.at,
      conversationId: event.conversationId,
      data: event.data,
    },
    undefined,
    deps.now(),
  );
  return { ok: true, duplicate: !isFirst, rollup, workflows, webhooks: created.length };
}
