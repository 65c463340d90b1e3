import { z } from "zod";
import { getDb } from "../db/client";
import { opsJobHandlers } from "../ops/jobs";
import { registerJobHandler } from "../queues/jobs";
import { runImportJob } from "./kb-import";

const KbImportMessage = z.object({ kind: z.literal("kb_import"), tenantId: z.string(), jobId: z.string(), offset: z.number().int().nonnegative() });

/** Registers every jobs-queue handler with the dispatcher, once per isolate. */
export function registerJobs(): void {
  registerJobHandler("kb_import", async (body, env) => runImportJob(env, getDb(env.DB), KbImportMessage.parse(body)));
  for (const [kind, handler] of Object.entries(opsJobHandlers)) registerJobHandler(kind, (body, env) => handler(env, body));
}
