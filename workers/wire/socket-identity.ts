/**
 * Who a forwarded socket belongs to. The Worker authenticates an upgrade, then vouches for the identity
 * in a header when it passes the request to the object (the objects are reachable only from the Worker).
 */
import { z } from "zod";
import { PendingConversation } from "./intake";
import { SocketRole } from "./socket";

/** A conversation socket (ConversationDO). */
export const SocketIdentity = z.object({
  role: SocketRole,
  userId: z.string().nullable(),
  name: z.string().nullable(),
  contactId: z.string().nullable(),
  /** An API key's socket: no person whose role or status could change (keys are revoked on their own). */
  apiKey: z.boolean().optional(),
  /** A widget visitor with no conversation yet: what their first message creates. */
  pending: PendingConversation.optional(),
});
export type SocketIdentity = z.infer<typeof SocketIdentity>;
export const IDENTITY_HEADER = "x-edgedesk-socket";

export const ConsoleRole = z.enum(["owner", "admin", "agent", "viewer"]);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

/** A console socket (InboxDO, one per tenant). */
export const ConsoleIdentity = z.object({
  userId: z.string(),
  name: z.string(),
  role: ConsoleRole,
  capacity: z.number().int().min(0),
});
export type ConsoleIdentity = z.infer<typeof ConsoleIdentity>;
export const CONSOLE_IDENTITY_HEADER = "x-edgedesk-console";
