import { createApp } from "./app";
import { consumeJobs } from "./services/jobs";

export { ConversationDO } from "../durable-objects/conversation-do";
export { InboxDO } from "../durable-objects/inbox-do";

const app = createApp();

/** The entry only routes: HTTP to the Hono app, each queue to its consumer. */
export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue.startsWith("edgedesk-jobs")) await consumeJobs(batch, env);
  },
} satisfies ExportedHandler<Env>;
