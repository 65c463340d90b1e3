import { DurableObject } from "cloudflare:workers";

/** One per tenant: agent presence, capacity and the waiting queue. */
export class InboxDO extends DurableObject<Env> {}
