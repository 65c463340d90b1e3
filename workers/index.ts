import { DurableObject } from "cloudflare:workers";
export class ConversationDO extends DurableObject<Env> {}
export class InboxDO extends DurableObject<Env> {}
export default {
  async fetch() { return new Response("ok"); },
  async queue() {},
} satisfies ExportedHandler<Env>;
