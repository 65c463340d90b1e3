/**
 * Ops' share of the JOBS_QUEUE consumer, keyed by message `kind`. The lead plugs the handlers into
 * the Worker's `queue()`; the sender, mailer and DO waker come from the channels and engine:
 *   const handlers = createOpsJobHandlers({ sendBroadcast, mailer, wake });
 *   await handlers[body.kind]?.(env, body);
 * A handler throws only for failures worth a retry (D1 errors); bad messages are logged and dropped.
 */
import { z } from "zod";
import { log } from "../lib/log";
import { refreshConversationFacts } from "./analytics/rollup";
import type { ConversationActions, ConversationStore } from "./actions";
import { handleBroadcastJob, type BroadcastSendFn } from "./broadcasts/sender";
import type { Mailer, OpsDeps, Waker } from "./deps";
import { handleConversationEvent } from "./handle-event";
import { deliverWebhook } from "./webhooks/delivery";

export interface OpsWiring {
  sendBroadcast?: BroadcastSendFn;
  mailer?: Mailer;
  wake?: Waker;
  actions?: ConversationActions;
  store?: ConversationStore;
}

export type JobHandler = (env: Env, body: unknown) => Promise<void>;

const DeliveryJob = z.object({ kind: z.literal("webhook_delivery"), deliveryId: z.string() });
export const RebuildJob = z.object({ kind: z.literal("analytics_rebuild"), tenantId: z.string(), cursor: z.string().default("") });
const REBUILD_PAGE = 200;

export function depsFrom(wiring: OpsWiring): Partial<OpsDeps> {
  return {
    ...(wiring.actions ? { actions: wiring.actions } : {}),
    ...(wiring.store ? { store: wiring.store } : {}),
    ...(wiring.mailer ? { mailer: wiring.mailer } : {}),
    ...(wiring.wake ? { wake: wiring.wake } : {}),
  };
}

/** Recomputes every conversation's rollup contribution, a page per job (backfill or repair). */
export async function rebuildAnalytics(env: Pick<Env, "DB" | "JOBS_QUEUE">, body: unknown): Promise<{ processed: number; done: boolean }> {
  const job = RebuildJob.parse(body);
  const { results } = await env.DB.prepare(`SELECT id FROM conversations WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?`).bind(job.tenantId, job.cursor, REBUILD_PAGE).all<{ id: string }>();
  for (const r of results) await refreshConversationFacts(env.DB, job.tenantId, r.id);
  const done = results.length < REBUILD_PAGE;
  if (!done) await env.JOBS_QUEUE.send({ kind: "analytics_rebuild", tenantId: job.tenantId, cursor: results[results.length - 1].id });
  return { processed: results.length, done };
}

export function createOpsJobHandlers(wiring: OpsWiring = {}): Record<string, JobHandler> {
  return {
    conversation_event: async (env, body) => {
      await handleConversationEvent(env, body, depsFrom(wiring));
    },
    webhook_delivery: async (env, body) => {
      const job = DeliveryJob.safeParse(body);
      if (!job.success) return log("warn", "ops.job_invalid", { kind: "webhook_delivery" });
      await deliverWebhook(env, job.data.deliveryId);
    },
    broadcast_batch: async (env, body) => {
      if (!wiring.sendBroadcast) throw new Error("broadcast sending is not wired: pass sendBroadcast to createOpsJobHandlers");
      await handleBroadcastJob(env, body, wiring.sendBroadcast);
    },
    analytics_rebuild: async (env, body) => {
      await rebuildAnalytics(env, body);
    },
  };
}

/** Handlers with the default (ConversationDO RPC) actions and no broadcast sender or mailer wired. */
export const opsJobHandlers: Record<string, JobHandler> = createOpsJobHandlers();
