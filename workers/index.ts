import { createApp } from "./app";

export { ConversationDO } from "../durable-objects/conversation-do";
export { InboxDO } from "../durable-objects/inbox-do";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(_batch) {},
} satisfies ExportedHandler<Env>;
