import type { ConversationState } from "../../workers/wire/socket";
import type { ConvState } from "./state";

/** The state every socket and API client sees (internal counters and AI bookkeeping left out). */
export function publicState(s: ConvState): ConversationState {
  return {
    id: s.conversationId,
    status: s.status,
    assignee: s.assigneeId ? { id: s.assigneeId, name: s.assigneeName ?? "" } : null,
    queuePosition: s.status === "waiting" ? s.queuePosition : null,
    language: s.language,
    channelType: s.channelType,
    // The shopper is asked to rate each resolution; a rating of an earlier one stays on the record only.
    rating:
      s.rating && (s.rating.resolvedAt === undefined || s.rating.resolvedAt === s.resolvedAt)
        ? { score: s.rating.score, comment: s.rating.comment }
        : null,
  };
}
