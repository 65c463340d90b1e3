import { z } from "zod";
import { getDb } from "../db/client";
import { createOpsJobHandlers } from "../ops/jobs";
import { registerJobHandler } from "../queues/jobs";
import { runImportJob } from "./kb-import";
import { syncWhatsAppTemplates } from "./channels";
import { ApiError } from "../lib/errors";
import { log } from "../lib/log";
import { opsWiring } from "./ops-wiring";

const TemplateSyncJob = z.object({ kind: z.literal("whatsapp_templates_sync"), tenantId: z.string(), channelId: z.string() });

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
    if (err.code === "UPSTREAM_ERROR" && (status === null || status >= 500 || status === 429)) throw err;
    log("warn", "whatsapp templates not synced", { channelId: job.channelId, code: err.code, status });
  }
}

const KbImportMessage = z.object({ kind: z.literal("kb_import"), tenantId: z.string(), jobId: z.string(), offset: z.number().int().nonnegative() });

/** Registers every jobs-queue handler with the dispatcher, once per isolate. */
export function registerJobs(): void {
  registerJobHandler("kb_import", async (body, env) => runImportJob(env, getDb(env.DB), KbImportMessage.parse(body)));
  registerJobHandler("whatsapp_templates_sync", (body, env) => runTemplateSync(env, body));
  // Ops handlers need the env's channels, mail and DO namespace, so they are built per job (cheap).
  for (const kind of Object.keys(createOpsJobHandlers())) registerJobHandler(kind, (body, env) => createOpsJobHandlers(opsWiring(env))[kind](env, body));
}
