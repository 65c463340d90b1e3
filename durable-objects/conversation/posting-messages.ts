/** Messages from the shopper and from agents, with what each does to the status machine. */
import { REPLY_WINDOW_MS, replyWindow } from "../../workers/lib/reply-window";
import { fail, type Actor, type DoResult } from "../../workers/wire/objects";
import type { Message } from "../../workers/wire/socket";
import type { Conversation } from "./conversation-core";
import { claim } from "./handover-claims";

/** A shopper's message: stored once per client or channel message id; it reopens a resolved conversation. */
export function shopperMessage(
  c: Conversation,
  m: {
    text: string;
    attachments?: Message["attachments"];
    clientId?: string;
    externalId?: string;
    language?: string | null;
    meta?: Record<string, unknown>;
  },
  contactName: string | null,
): { message: Message; duplicate: boolean } {
  if (c.s.status === "resolved") {
    // Only here must a duplicate be caught before the insert: a redelivery must not reopen.
    const existing = m.externalId
      ? c.store.byExternalId(c.id, m.externalId)
      : m.clientId
        ? c.store.findByClient(c.id, "shopper", m.clientId)
        : null;
    if (existing) return { message: existing, duplicate: true };
    c.transition("bot", "shopper_wrote_again", {
      type: "shopper",
      id: c.s.contactId,
      name: contactName,
    });
  }
  const attachments = m.attachments ?? [];
  const res = c.append({
    authorType: "shopper",
    authorId: c.s.contactId,
    authorName: contactName,
    kind: !m.text && attachments.length ? "media" : "text",
    text: m.text,
    attachments,
    clientId: m.clientId ?? null,
    externalId: m.externalId ?? null,
    language: m.language ?? null,
    meta: m.meta ?? {},
  });
  if (c.s.status === "bot" && !res.duplicate) c.s.aiPendingSeq = res.message.seq;
  return res;
}

/** What an agent sends: a reply or a note, with its attachments and, when translated, the original. */
export interface AgentMessageInput {
  clientId: string;
  text: string;
  note: boolean;
  attachments: Message["attachments"];
  original?: string;
}

/** Agent message or note; a reply (not a note) takes the conversation over from the AI or the queue. */
export function agentMessage(
  c: Conversation,
  actor: Actor,
  input: AgentMessageInput,
): DoResult<Message> {
  const duplicate = c.store.findByClient(c.id, "agent", input.clientId);
  if (duplicate) return { ok: true, value: duplicate };
  if (!input.note) {
    if (
      replyWindow(c.s.channelType, c.s.lastInboundAt, c.now) &&
      (c.s.lastInboundAt ?? 0) + REPLY_WINDOW_MS < c.now
    ) {
      return fail(
        "WINDOW_CLOSED",
        "The channel's 24-hour reply window is closed; the contact must write first.",
      );
    }
    if (c.s.status !== "assigned" || !c.s.assigneeId) {
      const res = claim(c, actor, { id: actor.id ?? "", name: actor.name ?? "" }, "agent_replied");
      if (!res.ok) return res;
    }
    c.silenceAi();
  }
  const { message } = c.append({
    authorType: "agent",
    authorId: actor.id,
    authorName: actor.name,
    kind: input.note ? "note" : input.attachments.length && !input.text ? "media" : "text",
    text: input.text,
    attachments: input.attachments,
    clientId: input.clientId,
    meta: input.original ? { original: input.original } : {},
  });
  return { ok: true, value: message };
}
