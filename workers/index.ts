import { createApp } from "./app";
import { dispatchQueue } from "./queues";

export { ConversationDO } from "../durable-objects/conversation-do";
export { InboxDO } from "../durable-objects/inbox-do";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    await dispatchQueue(batch, env);
  },
} satisfies ExportedHandler<Env>;
