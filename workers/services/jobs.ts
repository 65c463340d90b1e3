import { z } from "zod";
import { getDb } from "../db/client";
import { createOpsJobHandlers } from "../ops/jobs";
import { registerJobHandler } from "../queues/jobs";
import { runImportJob } from "./kb-import";
import { opsWiring } from "./ops-wiring";

const KbImportMessage = z.object({ kind: z.literal("kb_import"), tenantId: z.string(), jobId: z.string(), offset: z.number().int().nonnegative() });

/** Registers every jobs-queue handler with the dispatcher, once per isolate. */
export function registerJobs(): void {
  registerJobHandler("kb_import", async (body, env) => runImportJob(env, getDb(env.DB), KbImportMessage.parse(body)));
  // Ops handlers need the env's channels, mail and DO namespace, so they are built per job (cheap).
  for (const kind of Object.keys(createOpsJobHandlers())) registerJobHandler(kind, (body, env) => createOpsJobHandlers(opsWiring(env))[kind](env, body));
}
