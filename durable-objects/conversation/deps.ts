/**
 * Everything ConversationDO needs from the rest of the Worker, as one object. `workers/wiring.ts`
 * builds it once per object from its env; tests build it with their own parts. The object itself
 * imports wire types only, so it never pulls services, ops or the AI stack into its module graph.
 */
import type { AiResponder } from "../../workers/wire/ai-turn";
import type { IntakeResult, PendingConversation } from "../../workers/wire/intake";
import type { DoResult } from "../../workers/wire/objects";
import type { Attachment } from "../../workers/wire/socket";

export interface ConversationDeps {
  /** The AI turn that answers the shopper's newest message. */
  ai: AiResponder;
  /** A teammate an automation may assign the conversation to (active, allowed to work conversations), or why not. */
  assignableUser(tenantId: string, userId: string): Promise<DoResult<{ id: string; name: string }>>;
  /** Runs the conversation's workflow steps that are due (the delayed steps the workflow timer wakes for). */
  runDueWorkflowSteps(conversationId: string): Promise<void>;
  /** Creates the contact and conversation rows a waiting widget visitor's first message asks for. */
  openPending(pending: PendingConversation): Promise<IntakeResult>;
  /** Stored media: a conversation's key prefix, and a message with short-lived signed links to its stored files. */
  media: {
    prefix(tenantId: string, conversationId: string): string;
    present<T extends { attachments: Attachment[] }>(m: T, prefix: string, now: number): T;
  };
}
