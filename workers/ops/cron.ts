/**
 * Ops' share of the Worker's `scheduled()` handler (wrangler.toml runs it every 5 minutes):
 *   ctx.waitUntil(runOpsCron(env, wiring));
 * Each task is independent: one failing is logged and does not stop the others.
 */
import { getDb } from "../db/client";
import { log } from "../lib/log";
import { resumeStalledBroadcasts } from "./broadcasts/sender";
import { startDueBroadcasts } from "./broadcasts/service";
import { defaultOpsDeps } from "./deps";
import { depsFrom, type OpsWiring } from "./jobs";
import { applyRetention } from "./privacy/retention";
import { requeueDueWebhooks } from "./webhooks/delivery";
import { runDueSteps } from "./workflows/due";

export async function runOpsCron(env: Env, wiring: OpsWiring = {}, now = Date.now()): Promise<Record<string, unknown>> {
  const deps = defaultOpsDeps(env, { ...depsFrom(wiring), now: () => now });
  const tasks: Record<string, () => Promise<unknown>> = {
    workflowSteps: () => runDueSteps(env, deps, { limit: 200 }),
    broadcastsStarted: () => startDueBroadcasts(getDb(env.DB), env.JOBS_QUEUE, now),
    broadcastsResumed: () => resumeStalledBroadcasts(env, now),
    webhooksRequeued: () => requeueDueWebhooks(env, now),
    retention: () => applyRetention(env, deps.store, now),
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
