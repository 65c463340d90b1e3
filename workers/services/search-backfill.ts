/**
 * The `search_backfill` job: puts messages written before the search index existed into it, a page per job.
 */
import { z } from "zod";
import { log } from "../lib/log";
import type { ConversationStore } from "./conversation-actions";
import { indexMessages } from "./message-search";

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

async function nextConversation(
  d1: D1Database,
  tenantId: string,
  afterId: string,
): Promise<string | null> {
  const row = await d1
    .prepare(`SELECT id FROM conversations WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT 1`)
    .bind(tenantId, afterId)
    .first<{ id: string }>();
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
  env: Pick<Env, "DB" | "JOBS_QUEUE" | "TENANT_SHARD">,
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
    const texts = page
      .filter((m) => m.kind !== "event" && m.deletedAt === null)
      .map((m) => ({
        conversationId,
        messageId: m.id,
        text: [...new Set([...m.history.map((h) => h.text), m.text])].join("\n"),
        at: m.createdAt,
      }));
    indexed += await indexMessages(env, job.tenantId, texts);
    if (page.length === limits.page) {
      after = page[page.length - 1].seq;
      continue;
    }
    read++;
    after = 0;
    current = await nextConversation(env.DB, job.tenantId, conversationId);
  }
  if (current)
    await env.JOBS_QUEUE.send({
      kind: "search_backfill",
      tenantId: job.tenantId,
      conversationId: current,
      after,
    });
  log("info", "search.backfill_page", { tenantId: job.tenantId, indexed, done: !current });
  return { indexed, done: !current };
}
