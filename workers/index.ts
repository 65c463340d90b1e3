import { createApp } from "./app";
import { dispatchQueue } from "./queues";
import { receiveEmail } from "./services/email-inbound";
import { registerJobs } from "./services/jobs";

export { ConversationDO } from "../durable-objects/conversation-do";
export { InboxDO } from "../durable-objects/inbox-do";

const app = createApp();
registerJobs();

/** The entry only routes: HTTP to the Hono app, each queue to its consumer, mail to the email inbox. */
export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await dispatchQueue(batch, env);
  },
  async email(message, env) {
    await receiveEmail(message, env);
  },
} satisfies ExportedHandler<Env>;
