import { z } from "zod";
import { getDb } from "../db/client";
import { log } from "../lib/log";
import { runImportJob } from "./kb-import";

/** Jobs-queue messages handled here, keyed by `kind`; other parts register theirs in `jobHandlers`. */
const KbImportMessage = z.object({ kind: z.literal("kb_import"), tenantId: z.string(), jobId: z.string(), offset: z.number().int().nonnegative() });

export type JobHandler = (env: Env, body: unknown) => Promise<void>;

export const jobHandlers: Record<string, JobHandler> = {
  async kb_import(env, body) {
    await runImportJob(env, getDb(env.DB), KbImportMessage.parse(body));
  },
};

/** Consumes a batch from the jobs queue: unknown kinds and malformed bodies are acked and logged, never retried forever. */
export async function consumeJobs(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const msg of batch.messages) {
    const kind = (msg.body as { kind?: unknown } | null)?.kind;
    const handler = typeof kind === "string" ? jobHandlers[kind] : undefined;
    if (!handler) {
      log("warn", "job with unknown kind dropped", { kind: String(kind), id: msg.id });
      msg.ack();
      continue;
    }
    try {
      await handler(env, msg.body);
      msg.ack();
    } catch (err) {
      log("error", "job failed", { kind, id: msg.id, attempts: msg.attempts, error: String(err) });
      msg.retry({ delaySeconds: Math.min(60, 2 ** msg.attempts) });
    }
  }
}
