/**
 * A widget visitor's conversation before its first message: the socket opens on the conversation
 * object it will become (its id derived from the visitor), and the first message creates the contact
 * and the conversation rows through the Worker's `WidgetIntake` entrypoint — nothing is written
 * for a visitor who never writes.
 */
import { z } from "zod";
import type { ConversationMeta } from "./objects";
import type { ErrorCode } from "../lib/errors";

export const PendingConversation = z.object({
  conversationId: z.string().max(64),
  tenantId: z.string().max(64),
  channelId: z.string().max(64),
  externalId: z.string().max(300),
  language: z.string().max(16).nullable(),
  country: z.string().max(2).nullable(),
});
export type PendingConversation = z.infer<typeof PendingConversation>;

export type IntakeResult =
  | { ok: true; value: ConversationMeta }
  | { ok: false; code: ErrorCode; message: string };

/** The Worker entrypoint a ConversationDO reaches through `ctx.exports` (it imports no service). */
export interface WidgetIntakeRpc {
  open(pending: PendingConversation): Promise<IntakeResult>;
}
