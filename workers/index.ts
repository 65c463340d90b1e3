import { createApp } from "./app";
import { dispatchQueue } from "./queues";
import { receiveEmail } from "./services/email-inbound";
import { runCron } from "./cron";
import { opsDeps } from "./services/ops-wiring";

export { ConversationDO, InboxDO, TenantShardDO } from "./wiring";
export { WidgetIntake } from "./services/widget-intake";

const app = createApp();

/** The entry only routes: HTTP to the Hono app, each queue to its consumer, mail to the email inbox, the cron to its tasks. */
export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await dispatchQueue(batch, env);
  },
  async email(message, env) {
    await receiveEmail(message, env);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runCron(env, opsDeps(env), controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
