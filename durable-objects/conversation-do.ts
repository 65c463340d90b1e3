import { DurableObject } from "cloudflare:workers";

/** One per conversation: the single writer of its message log, sockets, AI turn and handover. */
export class ConversationDO extends DurableObject<Env> {}
