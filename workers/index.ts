import { createApp } from "./app";
import { dispatchQueue } from "./queues";
import { receiveEmail } from "./services/email-inbound";
import { runOpsCron } from "./ops/cron";
import { registerJobs } from "./services/jobs";
import { opsWiring } from "./services/ops-wiring";

export { ConversationDO, InboxDO } from "./wiring";
export { WidgetIntake } from "./services/widget-intake";

const app = createApp();
registerJobs();

/** The entry only routes: HTTP to the Hono app, each queue to its consumer, mail to the email inbox, the cron to ops. */
export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await dispatchQueue(batch, env);
  },
  async email(message, env) {
    await receiveEmail(message, env);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runOpsCron(env, opsWiring(env), controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
