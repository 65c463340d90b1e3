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
import { defaultOpsDeps, type Mailer, type OpsDeps, type Waker } from "./deps";
import { indexMessages } from "../services/message-search";
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

export const SearchBackfillJob = z.object({
  kind: z.literal("search_backfill"),
  tenantId: z.string(),
  /** The conversation to resume with ("" = the tenant's first), and the last message seq already read in it. */
  conversationId: z.string().default(""),
  after: z.number().int().nonnegative().default(0),
});
/** Messages read per job (a conversation finished counts as one more), and per conversation-object call. */
const BACKFILL_BUDGET = 400;
const BACKFILL_PAGE = 100;

async function nextConversation(d1: D1Database, tenantId: string, afterId: string): Promise<string | null> {
  const row = await d1.prepare(`SELECT id FROM conversations WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT 1`).bind(tenantId, afterId).first<{ id: string }>();
  return row?.id ?? null;
}

/**
 * Puts every stored message of a tenant's conversations into the search index, a budget of messages per job,
 * then queues the next page: for messages written before the index existed (an upgraded deployment) or to
 * repair it. Reads each conversation object's log in order; messages already indexed are skipped, so a
 * redelivered page or a run next to live traffic indexes nothing twice. Events and unsent messages are left out;
 * an edited message goes in with every version, as live indexing keeps it.
 */
export async function backfillSearch(
  env: Pick<Env, "DB" | "JOBS_QUEUE">,
  store: ConversationStore,
  body: unknown,
  limits = { budget: BACKFILL_BUDGET, page: BACKFILL_PAGE },
): Promise<{ indexed: number; done: boolean }> {
  const job = SearchBackfillJob.parse(body);
  let current = job.conversationId || (await nextConversation(env.DB, job.tenantId, ""));
  let after = job.after;
  let read = 0;
  let indexed = 0;
  while (current && read < limits.budget) {
    const conversationId = current;
    const page = await store.listMessages(conversationId, after, limits.page);
    read += page.length;
    const texts = page.filter((m) => m.kind !== "event" && m.deletedAt === null).map((m) => ({ conversationId, messageId: m.id, text: [...new Set([...m.history.map((h) => h.text), m.text])].join("\n"), at: m.createdAt }));
    indexed += await indexMessages(env.DB, job.tenantId, texts);
    if (page.length === limits.page) {
      after = page[page.length - 1].seq;
      continue;
    }
    read++;
    after = 0;
    current = await nextConversation(env.DB, job.tenantId, conversationId);
  }
  if (current) await env.JOBS_QUEUE.send({ kind: "search_backfill", tenantId: job.tenantId, conversationId: current, after });
  log("info", "search.backfill_page", { tenantId: job.tenantId, indexed, done: !current });
  return { indexed, done: !current };
}

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
    search_backfill: async (env, body) => {
      await backfillSearch(env, defaultOpsDeps(env, depsFrom(wiring)).store, body);
    },
  };
}

/** Handlers with the default (ConversationDO RPC) actions and no broadcast sender or mailer wired. */
export const opsJobHandlers: Record<string, JobHandler> = createOpsJobHandlers();
