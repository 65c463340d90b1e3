/**
 * The engine's conversation events, handled once each: rollups, usage, search, the review list,
 * workflows and outgoing webhooks. The object sends a conversation's events in batches (one job per
 * flush); every effect is idempotent per event, so the queue may redeliver freely.
 * Infrastructure errors (D1, the tenant's shard) throw so the queue retries; a workflow's failure never does.
 */
import { z } from "zod";
import { getDb } from "../db/client";
import { log } from "../lib/log";
import { d1Facts, legacyOf, retireD1Facts, type RefreshOutcome } from "../analytics/rollup";
import { hookRows } from "../services/hooks-copy";
import { LOW_RATING_MAX, recordReviewItem } from "../analytics/review";
import { defaultOpsDeps, type OpsDeps } from "../services/ops-deps";
import { eventData, eventKey, QueuedConversationEvent, type EventData } from "../services/events";
import { utcDay, type UsageMetric } from "../analytics/usage";
import { enqueueWebhookDeliveries, tenantEndpoints } from "../outgoing-webhooks/webhook-delivery";
import { runWorkflowsForEvent, tenantWorkflows } from "../automation/triggers";
import { EVENTS_PER_JOB } from "../wire/queue";
import { captureLead, type LeadOutcome } from "../services/leads";
import type { SearchDoc, ShardEventMark, ShardEventsRequest } from "../wire/shard";
import { shardStub } from "../../durable-objects/rpc";

export type OpsEnv = Pick<
  Env,
  "DB" | "JOBS_QUEUE" | "ENCRYPTION_KEY" | "CONVERSATION" | "TENANT_SHARD"
>;

export interface HandleResult {
  ok: boolean;
  error?: string;
  duplicate?: boolean;
  rollup?: RefreshOutcome;
  workflows?: { started: number; scheduled: number };
  webhooks?: number;
  /** On the batch's last event: the lead its shopper messages updated, if any. */
  lead?: LeadOutcome | null;
}

/** Usage counted from events; AI-side metrics (translated chars, embeddings) are recorded by the AI path via `recordUsage`. */
function usageFor(event: QueuedConversationEvent, data: EventData): UsageMetric[] {
  if (event.type !== "message.created" || data.kind === "note" || data.kind === "event") return [];
  return data.authorType === "ai" ? ["messages", "ai_replies"] : ["messages"];
}

/** The event's processed marker and the usage its first delivery counts, for the tenant's shard. */
function eventMark(event: QueuedConversationEvent, key: string, data: EventData): ShardEventMark {
  return { key, day: utcDay(event.at), metrics: usageFor(event, data) };
}

/** Search covers every chat message and note; an edit adds its text to the message's row, so each version stays findable. */
function searchDoc(event: QueuedConversationEvent, data: EventData): SearchDoc[] {
  const indexable =
    (event.type === "message.created" && data.kind !== "event") || event.type === "message.edited";
  if (!indexable || !data.messageId || !data.text) return [];
  return [
    {
      conversationId: event.conversationId,
      messageId: data.messageId,
      text: data.text,
      at: event.at,
    },
  ];
}

function parseEvent(raw: unknown): QueuedConversationEvent | null {
  const parsed = QueuedConversationEvent.safeParse(raw);
  if (parsed.success) return parsed.data;
  log("warn", "ops.event_invalid", {
    issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`),
  });
  return null;
}

/** One conversation event (a job of kind `conversation_event`): a batch of one. */
export async function handleConversationEvent(
  env: OpsEnv,
  raw: unknown,
  overrides: Partial<OpsDeps> = {},
): Promise<HandleResult> {
  const event = parseEvent(raw);
  if (!event) return { ok: false, error: "invalid event" };
  const [result] = await handleEvents(env, [event], overrides);
  return result;
}

const EventsJob = z.object({
  kind: z.literal("conversation_events"),
  tenantId: z.string().min(1).max(64),
  conversationId: z.string().min(1).max(64),
  events: z.array(z.unknown()).min(1).max(EVENTS_PER_JOB),
});

/**
 * A conversation's events since its last flush (a job of kind `conversation_events`), in order. Events
 * that do not parse, or name another conversation than the job, are logged and skipped.
 */
export async function handleConversationEvents(
  env: OpsEnv,
  raw: unknown,
  overrides: Partial<OpsDeps> = {},
): Promise<HandleResult[]> {
  const job = EventsJob.safeParse(raw);
  if (!job.success) {
    log("warn", "ops.job_invalid", { kind: "conversation_events" });
    return [{ ok: false, error: "invalid job" }];
  }
  const events: QueuedConversationEvent[] = [];
  for (const e of job.data.events) {
    const event = parseEvent(e);
    if (event?.tenantId === job.data.tenantId && event.conversationId === job.data.conversationId)
      events.push(event);
    else if (event) log("warn", "ops.event_foreign", { type: event.type });
  }
  if (!events.length) return [{ ok: false, error: "invalid event" }];
  return handleEvents(env, events, overrides);
}

/**
 * Events of one conversation: one call to the tenant's shard refreshes its analytics facts once (the row
 * already holds the state after the last of them), records the processed markers and usage counters and
 * the search rows, and returns the tenant's workflows and webhook endpoints; then per event the review
 * list, workflows and outgoing webhooks; last, the conversation's lead from the batch's shopper messages.
 */
async function handleEvents(
  env: OpsEnv,
  events: QueuedConversationEvent[],
  overrides: Partial<OpsDeps>,
): Promise<HandleResult[]> {
  const deps = defaultOpsDeps(env, overrides);
  const { tenantId, conversationId } = events[0];
  const db = getDb(env.DB);
  const items = events.map((event) => ({ event, data: eventData(event), key: eventKey(event) }));

  // The latest resolve or reopen decides whether the resolution counts as confirmed.
  const decisive = items.findLast(
    (x) => x.event.type === "conversation.resolved" || x.event.type === "conversation.reopened",
  );
  const confirmed =
    decisive?.event.type === "conversation.resolved"
      ? decisive.data.confirmed === true || decisive.data.by === "shopper"
      : decisive
        ? false
        : undefined;
  // One shard call: facts, markers and usage (a redelivered event counts once), search rows, hook copies.
  const shard = shardStub(env, tenantId);
  const req: ShardEventsRequest = {
    conversationId,
    confirmed,
    marks: items.map(({ event, data, key }) => eventMark(event, key, data)),
    docs: items.flatMap(({ event, data }) => searchDoc(event, data)),
    hooks: ["workflows", "endpoints"],
  };
  let applied = await shard.applyEvents(req);
  if (applied.facts === "need_legacy") {
    const [row] = await d1Facts(env.DB, tenantId, [conversationId]);
    applied = await shard.applyEvents({ ...req, legacy: row ? legacyOf(row) : null });
    if (row) await retireD1Facts(env.DB, tenantId, [row]);
  }
  const rollup: RefreshOutcome = applied.facts === "need_legacy" ? "missing" : applied.facts;
  const firsts = applied.firsts;

  // From the shard's copies; read from D1 once for the batch on a miss, and only when an event needs them.
  const workflowRows = once(() =>
    hookRows(env, tenantId, "workflows", applied.hooks.workflows, () =>
      tenantWorkflows(env, tenantId),
    ),
  );
  const endpointRows = once(() =>
    hookRows(env, tenantId, "endpoints", applied.hooks.endpoints, () =>
      tenantEndpoints(env, tenantId),
    ),
  );
  const out: HandleResult[] = [];
  for (const [i, { event, data, key }] of items.entries()) {
    const isFirst = firsts[i];
    if (isFirst) await review(db, event, data);
    let workflows = { started: 0, scheduled: 0 };
    try {
      workflows = await runWorkflowsForEvent(env, deps, event, workflowRows);
    } catch (err) {
      // Reading workflows failed: the conversation carries on; the failure is in the logs.
      log("error", "ops.workflows_failed", { tenantId, conversationId, error: String(err) });
    }
    const created = await enqueueWebhookDeliveries(
      env,
      { tenantId, eventKey: key, type: event.type, at: event.at, conversationId, data: event.data },
      undefined,
      deps.now(),
      endpointRows,
    );
    out.push({ ok: true, duplicate: !isFirst, rollup, workflows, webhooks: created.length });
  }
  const shopper = items.filter(
    ({ event, data }) =>
      event.type === "message.created" &&
      data.authorType === "shopper" &&
      data.kind !== "note" &&
      data.kind !== "event" &&
      !!data.text,
  );
  if (shopper.length)
    out[out.length - 1].lead = await captureLead(
      env,
      {
        tenantId,
        conversationId,
        messages: shopper.map(({ data }) => ({ text: data.text ?? "", language: data.language })),
        at: events[events.length - 1].at,
      },
      endpointRows,
      {
        known: applied.lead ?? null,
        set: (m) => shard.markLead(conversationId, m),
      },
    );
  return out;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => {
    p ??= load();
    return p;
  };
}

/** Low ratings and handovers go on the review list, once per event. */
async function review(
  db: ReturnType<typeof getDb>,
  event: QueuedConversationEvent,
  data: EventData,
): Promise<void> {
  if (
    event.type === "conversation.rated" &&
    data.score !== undefined &&
    data.score <= LOW_RATING_MAX
  )
    await recordReviewItem(db, event.tenantId, event.conversationId, "low_rating", {
      score: data.score,
      text: data.comment ?? null,
    });
  if (event.type === "conversation.handover")
    await recordReviewItem(db, event.tenantId, event.conversationId, "handover", {
      reason: data.reason ?? null,
      text: data.text ?? null,
    });
}
