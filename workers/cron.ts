/**
 * The Worker's `scheduled()` handler (wrangler.toml runs it every 5 minutes): one static table of tasks.
 * Each task is independent: one failing is logged and does not stop the others.
 */
import { getDb } from "./db/client";
import { log } from "./lib/log";
import { resumeStalledBroadcasts } from "./broadcasts/sender";
import { startDueBroadcasts } from "./broadcasts/broadcast-service";
import { defaultOpsDeps, type OpsDeps } from "./services/ops-deps";
import { applyRetention } from "./privacy/retention";
import { requeueDueWebhooks } from "./outgoing-webhooks/webhook-delivery";
import { runDueSteps } from "./automation/due";
import { queueSearchMoves } from "./services/search-move";
import { queueUsageMoves } from "./services/usage-move";
import { queueIndexMoves } from "./services/index-move";

export async function runCron(
  env: Env,
  overrides: Partial<OpsDeps> = {},
  now = Date.now(),
): Promise<Record<string, unknown>> {
  const deps = defaultOpsDeps(env, { ...overrides, now: () => now });
  const tasks: Record<string, () => Promise<unknown>> = {
    workflowSteps: () => runDueSteps(env, deps, { limit: 200 }),
    broadcastsStarted: () => startDueBroadcasts(getDb(env.DB), env.JOBS_QUEUE, now),
    broadcastsResumed: () => resumeStalledBroadcasts(env, now),
    webhooksRequeued: () => requeueDueWebhooks(env, now),
    retention: () => applyRetention(env, deps.store, now),
    searchMoves: () => queueSearchMoves(env),
    usageMoves: () => queueUsageMoves(env),
    indexMoves: () => queueIndexMoves(env),
  };
  const out: Record<string, unknown> = {};
  for (const [name, task] of Object.entries(tasks)) {
    try {
      out[name] = await task();
    } catch (err) {
      out[name] = { error: String(err) };
      log("error", "ops.cron_task_failed", { task: name, error: String(err) });
    }
  }
  return out;
}
