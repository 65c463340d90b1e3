import { createApp } from "./app";
import { dispatchQueue } from "./queues";
import { runOpsCron } from "./ops/cron";
import { registerJobs } from "./services/jobs";
import { opsWiring } from "./services/ops-wiring";

export { ConversationDO } from "../durable-objects/conversation-do";
export { InboxDO } from "../durable-objects/inbox-do";

const app = createApp();
registerJobs();

/** The entry only routes: HTTP to the Hono app, each queue to its consumer, the cron to ops. */
export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await dispatchQueue(batch, env);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runOpsCron(env, opsWiring(env), controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
