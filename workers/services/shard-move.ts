/**
 * The skeleton shared by the one-off moves of a tenant's data from D1 (rows from before the tenant
 * shards) into its shard object: the cron queues a job per tenant with rows left; each job moves a page
 * (copied to the shard first, then retired from D1, so a failure in between moves the same page again,
 * which changes nothing) and queues the next, or marks the tenant's move done.
 */
import { z } from "zod";
import { shardStub } from "../../durable-objects/rpc";
import { log } from "../lib/log";

export type MoveEnv = Pick<Env, "DB" | "JOBS_QUEUE" | "TENANT_SHARD">;
export type Shard = ReturnType<typeof shardStub>;

/** Rows moved per job; D1 allows 100 bound parameters per statement. */
export const MOVE_PAGE = 90;
/** Tenants queued per cron run. */
const TENANTS_PER_RUN = 50;

export interface PageMoved<C extends Record<string, number>> {
  /** What the page held, for the log and the caller. */
  counts: C;
  /** A full page: more may be left. */
  more: boolean;
}

export interface ShardMove<C extends Record<string, number>> {
  kind: "search_move" | "usage_move" | "index_move";
  /** Copies one page of the tenant's D1 rows to its shard, then retires them from D1. */
  movePage(env: MoveEnv, tenantId: string, shard: Shard): Promise<PageMoved<C>>;
  /** Marks the tenant's move done in its shard (its reads stop looking at D1). */
  finish(shard: Shard): Promise<void>;
  /** Cron: `tenant_id` of tenants with rows left; `?` is the limit. */
  tenantsQuery: string;
}

/** A move's job body. */
export const moveJob = <K extends ShardMove<Record<string, number>>["kind"]>(kind: K) =>
  z.object({ kind: z.literal(kind), tenantId: z.string().min(1).max(64) });

/** Runs one job of a move: a page, then the next job or the done mark. */
export async function runMovePage<C extends Record<string, number>>(
  move: ShardMove<C>,
  env: MoveEnv,
  body: unknown,
): Promise<C & { done: boolean }> {
  const { tenantId } = moveJob(move.kind).parse(body);
  const shard = shardStub(env, tenantId);
  const { counts, more } = await move.movePage(env, tenantId, shard);
  if (more) await env.JOBS_QUEUE.send({ kind: move.kind, tenantId });
  else await move.finish(shard);
  log("info", `${move.kind.split("_")[0]}.move_page`, { tenantId, ...counts, done: !more });
  return { ...counts, done: !more };
}

/** Cron: a move job for each tenant with rows left (none once every tenant has moved). */
export async function queueMoves(
  move: ShardMove<Record<string, number>>,
  env: MoveEnv,
): Promise<number> {
  const { results } = await env.DB.prepare(move.tenantsQuery)
    .bind(TENANTS_PER_RUN)
    .all<{ tenant_id: string }>();
  if (results.length)
    await env.JOBS_QUEUE.sendBatch(
      results.map((r) => ({ body: { kind: move.kind, tenantId: r.tenant_id } })),
    );
  return results.length;
}
