/**
 * "Save to knowledge" on an agent's reply: the reply becomes the answer, the shopper's message it
 * answered (the last one before it) the question, in the conversation's language. One click in the
 * console; the entry can be refined later in the dashboard like any other.
 */
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { ApiError } from "../lib/errors";
import { conversationStub, unwrap } from "./conversations";
import { createEntry } from "./kb";

const QUESTION_MAX = 1000;

export async function saveReplyToKnowledge(env: Env, db: Db, auth: Auth, conversationId: string, messageId: string, override: { question?: string } = {}) {
  const stub = conversationStub(env, conversationId);
  const reply = unwrap(await stub.message(messageId));
  if (reply.author.type !== "agent" || reply.kind !== "text" || !reply.text.trim()) {
    throw new ApiError("VALIDATION_FAILED", "Only an agent's reply to the customer can be saved as an answer.");
  }
  const before = unwrap(await stub.messages({ before: reply.seq, limit: 50 }));
  const asked = [...before].reverse().find((m) => m.author.type === "shopper" && m.kind === "text" && m.text.trim() && !m.deletedAt);
  const question = override.question?.trim() || asked?.text.trim();
  if (!question) throw new ApiError("VALIDATION_FAILED", "No customer question precedes this reply; send the question with the request.");
  const language = reply.language ?? asked?.language ?? null;
  return createEntry(db, auth, { question: question.slice(0, QUESTION_MAX), phrasings: [], answer: reply.text.trim().slice(0, 8000), language, tags: [] }, "agent");
}
