/**
 * "Save to knowledge" on an agent's reply. The console first asks for a draft — the best guess at the
 * question the reply answered and the reply without its greeting — and shows it in an editor; what the
 * agent saves (question, answer, language, tags) becomes the entry. Without a body the draft is saved as is.
 */
import { normalize, rawTokens } from "../ai/engine/text";
import { matchesAny } from "../ai/phrase-match";
import { AFFIRMATIVE, HUMAN_REQUEST } from "../ai/policy-lexicon";
import type { Auth } from "../app-env";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { conversations } from "../db/schema";
import { ApiError } from "../lib/errors";
import type { Message } from "../wire/socket";
import { conversationStub, unwrap } from "./conversations";
import { createEntry } from "./kb";

const QUESTION_MAX = 1000;
const ANSWER_MAX = 8000;

export interface KnowledgeDraft {
  question: string;
  answer: string;
  language: string | null;
  tags: string[];
}

/** A shopper message that asks for a person or only says yes/hello is not the question being answered. */
function questionScore(m: Message, replyTerms: Set<string>, distance: number): number {
  const norm = normalize(m.text);
  const words = rawTokens(norm);
  if (matchesAny(norm, HUMAN_REQUEST) || (words.length <= 3 && matchesAny(norm, AFFIRMATIVE)))
    return -1;
  const shared = words.filter((w) => w.length > 2 && replyTerms.has(w)).length;
  return (
    shared * 2 + (/[?？¿]/.test(m.text) ? 2 : 0) + Math.min(words.length, 8) / 4 - distance * 0.5
  );
}

// A greeting sentence (short: "Hi Anna!"), an introduction ("Soy Bo.") or thanks for waiting, at the very start.
const GREETING =
  /^\s*[¡¿]?(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buenos días|buenas(?: tardes| noches)?|bonjour|salut|hallo|guten tag|moin|olá|oi|ciao|buongiorno|hej|hei|こんにちは|你好|مرحبا|merhaba|привет)(?=[\s,.!?。！]|$)[^.!?。！]{0,25}[.!?。！]+|(?:i'm|i am|my name is|this is|soy|me llamo|je suis|ich bin|sono|eu sou|sou)\s+[^.!?。！]{1,30}[.!?。！]+|(?:thanks|thank you|gracias|merci|danke|grazie|obrigad[oa])(?: for (?:waiting|your patience)| por esperar)?[.!?。！]+)\s*/iu;

/** The reply without the greeting and introduction it opened with ("¡Hola! Soy Bo. …"). */
export function withoutGreeting(text: string): string {
  let out = text.trim();
  for (let i = 0; i < 4; i++) {
    const m = out.match(GREETING);
    if (!m || m[0].length >= out.length) break;
    out = out.slice(m[0].length);
  }
  return out.trim();
}

export async function knowledgeDraft(
  env: Env,
  db: Db,
  tenantId: string,
  conversationId: string,
  messageId: string,
): Promise<KnowledgeDraft> {
  const stub = conversationStub(env, conversationId);
  const reply = unwrap(await stub.message(messageId));
  if (reply.author.type !== "agent" || reply.kind !== "text" || !reply.text.trim()) {
    throw new ApiError(
      "VALIDATION_FAILED",
      "Only an agent's reply to the customer can be saved as an answer.",
    );
  }
  const before = unwrap(await stub.messages({ before: reply.seq, limit: 50 }));
  const answer = withoutGreeting(reply.text);
  const replyTerms = new Set(rawTokens(normalize(answer)));
  const asked = before
    .filter(
      (m) => m.author.type === "shopper" && m.kind === "text" && m.text.trim() && !m.deletedAt,
    )
    .reverse()
    .map((m, i) => ({ m, score: questionScore(m, replyTerms, i) }))
    .filter((x) => x.score >= 0)
    .sort((a, b) => b.score - a.score)[0]?.m;
  const row = await db.query.conversations.findFirst({
    columns: { language: true, tags: true },
    where: inTenant(conversations, tenantId, eq(conversations.id, conversationId)),
  });
  return {
    question: (asked?.text.trim() ?? "").slice(0, QUESTION_MAX),
    answer: answer.slice(0, ANSWER_MAX),
    language: reply.language ?? asked?.language ?? row?.language ?? null,
    // Conversation tags say what it was about; the sentiment ones describe the shopper, not the answer.
    tags: (row?.tags ?? []).filter((t) => !t.startsWith("sentiment:")).slice(0, 20),
  };
}

export async function saveReplyToKnowledge(
  env: Env,
  db: Db,
  auth: Auth,
  conversationId: string,
  messageId: string,
  edited: Partial<KnowledgeDraft> = {},
) {
  const draft = await knowledgeDraft(env, db, auth.tenantId, conversationId, messageId);
  const question = edited.question?.trim() || draft.question;
  if (!question)
    throw new ApiError(
      "VALIDATION_FAILED",
      "No customer question precedes this reply; send the question with the request.",
    );
  return createEntry(
    db,
    auth,
    {
      question: question.slice(0, QUESTION_MAX),
      phrasings: [],
      answer: (edited.answer?.trim() || draft.answer).slice(0, ANSWER_MAX),
      language: edited.language === undefined ? draft.language : edited.language,
      tags: edited.tags ?? draft.tags,
    },
    "agent",
  );
}
