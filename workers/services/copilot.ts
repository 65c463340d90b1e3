/**
 * The agent copilot on a live conversation: its chat history is read from the ConversationDO
 * (the single writer of the log) after a tenant check, then handed to `workers/ai/copilot.ts`.
 */
import type { CopilotContext, HistoryItem } from "../ai";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { ApiError } from "../lib/errors";
import type { Message } from "../wire/socket";
import type { RouteTask } from "../ai";
import { getKnowledgeIndex, loadAiSettings, providersFor } from "./ai";
import { budgetedProviders } from "./ai-usage";
import { assertConversation, conversationStub, unwrap } from "./conversations";
import { createEntry } from "./kb";

/** Enough of the conversation for a summary; older turns rarely change a suggestion. */
const HISTORY_LIMIT = 60;

const isChat = (m: Message) =>
  (m.kind === "text" || m.kind === "media") &&
  !m.deletedAt &&
  m.author.type !== "system" &&
  m.text.trim() !== "";

export function historyOf(messages: Message[]): HistoryItem[] {
  return messages
    .filter(isChat)
    .map((m) => ({ role: m.author.type as HistoryItem["role"], text: m.text }));
}

/**
 * Runs a copilot call on the conversation with the providers of `task` (model routing), then counts what the
 * models used. 404 for another tenant's conversation (or one that does not exist).
 */
export async function withCopilot<T>(
  env: Env,
  db: Db,
  tenantId: string,
  conversationId: string,
  task: RouteTask,
  run: (ctx: CopilotContext) => Promise<T>,
): Promise<T> {
  const ctx = await copilotContext(env, db, tenantId, conversationId);
  const { providers, record } = await budgetedProviders(env, db, tenantId, ctx.settings, task);
  try {
    return await run({ ...ctx, providers });
  } finally {
    await record();
  }
}

/** 404 for another tenant's conversation (or one that does not exist). */
export async function copilotContext(
  env: Env,
  db: Db,
  tenantId: string,
  conversationId: string,
): Promise<CopilotContext> {
  await assertConversation(db, tenantId, conversationId);
  const [messages, settings, index] = await Promise.all([
    conversationStub(env, conversationId).messages({ limit: HISTORY_LIMIT }).then(unwrap),
    loadAiSettings(env, db, tenantId),
    getKnowledgeIndex(db, tenantId),
  ]);
  return {
    tenantId,
    index,
    history: historyOf(messages),
    settings,
    providers: providersFor(env, settings),
  };
}

/**
 * "Save this reply as knowledge": the reply becomes the answer; the question is the one given or
 * the shopper's message just before the reply.
 */
export async function entryFromMessage(
  env: Env,
  db: Db,
  auth: Auth,
  input: { conversationId: string; messageId: string; question?: string },
) {
  await assertConversation(db, auth.tenantId, input.conversationId);
  const stub = conversationStub(env, input.conversationId);
  const res = await stub.message(input.messageId);
  if (!res.ok) throw new ApiError("NOT_FOUND", "No such message in this conversation.");
  const reply = res.value;
  if (!isChat(reply) || (reply.author.type !== "agent" && reply.author.type !== "ai")) {
    throw new ApiError(
      "VALIDATION_FAILED",
      "Only a sent agent or AI reply with text can become knowledge.",
      { messageId: input.messageId },
    );
  }
  let question = input.question?.trim();
  if (!question) {
    const before = unwrap(await stub.messages({ before: reply.seq, limit: 50 }));
    question = [...before]
      .reverse()
      .find((m) => isChat(m) && m.author.type === "shopper")
      ?.text.trim()
      .slice(0, 1000);
  }
  if (!question)
    throw new ApiError(
      "VALIDATION_FAILED",
      "No shopper question precedes this reply; send `question`.",
      { field: "question" },
    );
  return createEntry(
    db,
    auth,
    {
      question,
      phrasings: [],
      answer: reply.text.slice(0, 8000),
      language: reply.language,
      tags: [],
    },
    "agent",
  );
}
