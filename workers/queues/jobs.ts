/**
 * Jobs consumer: one static table from a message's `kind` to its handler, like the queue table in
 * `queues/index.ts`. Kinds without a handler are acked and logged — an unknown job must never put the
 * queue into a retry loop. A handler throws only for failures worth a retry (D1 or platform errors);
 * a malformed message is logged and dropped by its handler.
 */
import { moveUsageRows } from "../services/usage-move";
import { z } from "zod";
import { getDb } from "../db/client";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { rebuildAnalytics } from "../analytics/rollup";
import { moveIndexRows } from "../services/index-move";
import { handleBroadcastJob } from "../broadcasts/sender";
import { handleConversationEvent, handleConversationEvents } from "./conversation-events";
import { deliverWebhook } from "../outgoing-webhooks/webhook-delivery";
import { syncWhatsAppTemplates } from "../services/channels";
import { deadLetter } from "../services/dead-letters";
import { runImportJob } from "../services/kb-import";
import { jobDeps, type JobDeps } from "../services/ops-wiring";
import { backfillSearch } from "../services/search-backfill";
import { moveSearchRows } from "../services/search-move";
import { JobEnvelope, QUEUES } from "../wire/queue";
import { backoffSeconds } from "./inbound";

export type JobHandler = (env: Env, body: Record<string, unknown>, deps: JobDeps) => Promise<void>;

const KbImportJob = z.object({
  kind: z.literal("kb_import"),
  tenantId: z.string(),
  jobId: z.string(),
  offset: z.number().int().nonnegative(),
});
const TemplateSyncJob = z.object({
  kind: z.literal("whatsapp_templates_sync"),
  tenantId: z.string(),
  channelId: z.string(),
});
const DeliveryJob = z.object({ kind: z.literal("webhook_delivery"), deliveryId: z.string() });

/**
 * Meta told us a template changed status (`message_template_status_update`): read the list again. A platform
 * failure is retried by the queue; a channel that cannot be synced (no Business Account id, gone) is logged.
 */
async function runTemplateSync(env: Env, body: unknown): Promise<void> {
  const job = TemplateSyncJob.parse(body);
  try {
    await syncWhatsAppTemplates(env, getDb(env.DB), job.tenantId, null, job.channelId);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    // Worth a retry: the network, Meta's 5xx and rate limits. A bad token or a missing account id is not.
    const status = (err.details as { status?: number | null } | undefined)?.status ?? null;
    if (err.code === "UPSTREAM_ERROR" && (status === null || status >= 500 || status === 429))
      throw err;
    log("warn", "whatsapp templates not synced", {
      channelId: job.channelId,
      code: err.code,
      status,
    });
  }
}

/** Every job kind the Worker handles. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  conversation_events: async (env, body, deps) => {
    await handleConversationEvents(env, body, deps);
  },
  // One event per job: what objects sent before they batched, still on the queue after a deploy.
  conversation_event: async (env, body, deps) => {
    await handleConversationEvent(env, body, deps);
  },
  webhook_delivery: async (env, body) => {
    const job = DeliveryJob.safeParse(body);
    if (!job.success) return log("warn", "ops.job_invalid", { kind: "webhook_delivery" });
    await deliverWebhook(env, job.data.deliveryId);
  },
  broadcast_batch: async (env, body, deps) => {
    await handleBroadcastJob(env, body, deps.sendBroadcast);
  },
  analytics_rebuild: async (env, body) => {
    await rebuildAnalytics(env, body);
  },
  search_backfill: async (env, body, deps) => {
    await backfillSearch(env, deps.store, body);
  },
  search_move: async (env, body) => {
    await moveSearchRows(env, body);
  },
  usage_move: async (env, body) => {
    await moveUsageRows(env, body);
  },
  index_move: async (env, body) => {
    await moveIndexRows(env, body);
  },
  kb_import: (env, body) => runImportJob(env, getDb(env.DB), KbImportJob.parse(body)),
  whatsapp_templates_sync: (env, body) => runTemplateSync(env, body),
};

/** Kinds already reported as unhandled in this isolate (one log line each, not one per job). */
const reported = new Set<string>();

/** Lanes of one batch run at once; a batch holds at most `max_batch_size` (5) jobs. */
const LANES_AT_ONCE = 5;

/**
 * A tenant's jobs share a lane and keep the batch's order, one at a time; lanes of different tenants run
 * side by side, so one tenant's slow jobs do not hold up another's. Jobs that name no tenant share one lane.
 */
function laneKey(body: Record<string, unknown>): string {
  return typeof body.tenantId === "string" ? `t:${body.tenantId}` : "~";
}

export async function handleJobs(
  batch: MessageBatch<unknown>,
  env: Env,
  handlers: Record<string, JobHandler> = JOB_HANDLERS,
): Promise<void> {
  let deps: JobDeps | null = null;
  const lanes = new Map<
    string,
    { msg: Message<unknown>; job: z.infer<typeof JobEnvelope>; handler: JobHandler }[]
  >();
  for (const msg of batch.messages) {
    const parsed = JobEnvelope.safeParse(msg.body);
    if (!parsed.success) {
      await deadLetter(getDb(env.DB), {
        messageId: msg.id,
        queue: QUEUES.jobs,
        body: msg.body,
        error: "job without a kind",
        attempts: msg.attempts,
      });
      msg.ack();
      continue;
    }
    const handler = Object.hasOwn(handlers, parsed.data.kind)
      ? handlers[parsed.data.kind]
      : undefined;
    if (!handler) {
      if (!reported.has(parsed.data.kind))
        log("info", "job kind has no handler; acking", { kind: parsed.data.kind });
      reported.add(parsed.data.kind);
      msg.ack();
      continue;
    }
    const key = laneKey(parsed.data);
    lanes.set(key, [...(lanes.get(key) ?? []), { msg, job: parsed.data, handler }]);
  }
  const queue = [...lanes.values()];
  const runLane = async (lane: (typeof queue)[number]) => {
    for (const { msg, job, handler } of lane) {
      try {
        deps ??= jobDeps(env);
        await handler(env, job, deps);
        msg.ack();
      } catch (err) {
        log("warn", "job failed; retrying", {
          kind: job.kind,
          attempts: msg.attempts,
          error: String(err),
        });
        msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(LANES_AT_ONCE, queue.length) }, async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) await runLane(lane);
    }),
  );
}
