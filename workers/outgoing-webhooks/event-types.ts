/** Event types merchants can subscribe to (conversation events plus ops' own). */
import { CONVERSATION_EVENT_TYPES } from "../wire/queue";

export const WEBHOOK_EVENT_TYPES = [
  ...CONVERSATION_EVENT_TYPES,
  "contact.erased",
  "lead.created",
  "lead.updated",
  "webhook.test",
] as const;
