/** Who holds the conversation: takeover, assignment, hand-back, resolve, reopen and the queue. */
import { fail, type Actor, type DoResult, type HandoverInfo } from "../../workers/wire/objects";
import type { Conversation } from "./conversation-core";

export function takeover(c: Conversation, actor: Actor): DoResult<null> {
  if (c.s.status === "assigned" && c.s.assigneeId === actor.id) return { ok: true, value: null };
  if (c.s.status === "resolved")
    return fail("INVALID_STATE", "Reopen the conversation before taking it over.");
  return assignTo(c, actor, { id: actor.id ?? "", name: actor.name ?? "" }, "takeover");
}

export function assignTo(
  c: Conversation,
  actor: Actor,
  assignee: { id: string; name: string },
  reason: string,
): DoResult<null> {
  if (c.s.status === "resolved")
    return fail("INVALID_STATE", "A resolved conversation is reopened, not assigned.");
  if (c.s.status === "assigned" && c.s.assigneeId === assignee.id) return { ok: true, value: null };
  return claim(c, actor, assignee, reason);
}

/** Assigns and tells the inbox, which announces it on the assignee's console. */
export function claim(
  c: Conversation,
  actor: Actor,
  assignee: { id: string; name: string },
  reason: string,
): DoResult<null> {
  const res = c.transition("assigned", reason, actor, { assignee });
  if (res.ok)
    c.inbox({
      op: "claim",
      conversationId: c.id,
      agentId: assignee.id,
      since: c.s.handoverAt ?? c.now,
      reason,
    });
  return res;
}

export function handback(c: Conversation, actor: Actor): DoResult<null> {
  if (c.s.status === "bot")
    return fail("INVALID_STATE", "The assistant already handles this conversation.");
  if (c.s.status === "resolved") return fail("INVALID_STATE", "Reopen the conversation first.");
  const res = c.transition("bot", "handback", actor);
  if (res.ok) {
    c.silenceAi();
    c.inbox({ op: "release", conversationId: c.id });
  }
  return res;
}

export function resolve(c: Conversation, actor: Actor, reason = "resolved"): DoResult<null> {
  if (c.s.status === "resolved")
    return fail("INVALID_STATE", "The conversation is already resolved.");
  const res = c.transition("resolved", reason, actor);
  if (res.ok) c.inbox({ op: "release", conversationId: c.id });
  return res;
}

/** An agent reopening keeps it; anyone else puts it back in the queue. */
export function reopen(c: Conversation, actor: Actor): DoResult<null> {
  if (c.s.status !== "resolved")
    return fail("INVALID_STATE", "Only a resolved conversation can be reopened.");
  if (actor.type === "agent" && actor.id)
    return claim(c, actor, { id: actor.id, name: actor.name ?? "" }, "reopened");
  return handOver(c, actor, {
    reason: "reopened",
    rule: null,
    summary: null,
    intent: null,
    sentiment: null,
  });
}

/** To the queue: the AI or the shopper asked for a person, or an agent went away. */
export function handOver(c: Conversation, actor: Actor, handover: HandoverInfo): DoResult<null> {
  const res = c.transition("waiting", handover.reason, actor, { handover });
  if (res.ok)
    c.inbox({
      op: "enqueue",
      conversationId: c.id,
      language: c.s.language,
      channelType: c.s.channelType,
      since: c.now,
      team: handover.team ?? null,
    });
  return res;
}
