/** Small changes that each send a `state` or `read` frame: tags, the shopper's rating, queue place, reads. */
import { fail, type Actor, type DoResult } from "../../workers/wire/objects";
import type { Conversation } from "./conversation-core";
import { publicState } from "./public-state";

export function setTags(c: Conversation, actor: Actor, add: string[], remove: string[]): string[] {
  const before = new Set(c.s.tags);
  const next = new Set([...c.s.tags.filter((t) => !remove.includes(t)), ...add]);
  c.s.tags = [...next].slice(0, 50);
  for (const tag of c.s.tags) if (!before.has(tag)) c.event("tag.added", { tag, by: actor.id });
  c.out.frame({ type: "state", conversation: publicState(c.s), reason: "tags" });
  return c.s.tags;
}

export function rate(c: Conversation, score: number, comment: string | null): DoResult<null> {
  if (c.s.status !== "resolved")
    return fail("INVALID_STATE", "A conversation is rated once it is resolved.");
  c.s.rating = { score, comment, resolvedAt: c.s.resolvedAt };
  c.event("conversation.rated", { score, comment });
  c.out.frame({ type: "state", conversation: publicState(c.s), reason: "rated" });
  return { ok: true, value: null };
}

export function setQueuePosition(c: Conversation, position: number | null): void {
  if (c.s.status !== "waiting" || c.s.queuePosition === position) return;
  c.s.queuePosition = position;
  c.out.frame({ type: "state", conversation: publicState(c.s), reason: "queue" });
}

export function markRead(c: Conversation, by: Actor, seq: number): void {
  c.store.touchParticipant(by.type, by.id, by.name, c.now, seq);
  if (by.type === "agent" && seq >= c.store.lastSeq()) c.s.unread = 0;
  c.out.frame({ type: "read", by: by.type === "shopper" ? "shopper" : "agent", seq });
}
