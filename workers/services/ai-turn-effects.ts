/**
 * What a finished live AI turn leaves outside the conversation: the contact's language, and the
 * questions the AI could not answer (the dashboard's list and ops' knowledge gaps read them).
 */
import { and, eq, isNull } from "drizzle-orm";
import type { AiTurnResult as AgentResult } from "../ai";
import { redactPii } from "../ai";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { contacts, unansweredQuestions } from "../db/schema";
import { newId } from "../lib/ids";

/** Rules that mean "the knowledge base had no answer", as opposed to "the shopper wants a person". */
const KNOWLEDGE_GAPS = new Set(["low_confidence", "repeated_failure"]);

export function isKnowledgeGap(result: AgentResult): boolean {
  return result.kind !== "answer" && KNOWLEDGE_GAPS.has(result.rule);
}

export async function storeContactLanguage(
  db: Db,
  tenantId: string,
  contactId: string,
  language: string,
): Promise<void> {
  if (!language || language === "und") return;
  await db
    .update(contacts)
    .set({ language, updatedAt: Date.now() })
    .where(inTenant(contacts, tenantId, eq(contacts.id, contactId)));
}

/** One open row per (conversation, question): asking the same thing twice is one gap, not two. */
export async function recordUnanswered(
  db: Db,
  tenantId: string,
  conversationId: string,
  question: string,
  language: string,
  reason: string,
): Promise<void> {
  const text = redactPii(question).text.trim().slice(0, 2000);
  if (!text) return;
  const open = await db.query.unansweredQuestions.findFirst({
    columns: { id: true },
    where: inTenant(
      unansweredQuestions,
      tenantId,
      and(
        eq(unansweredQuestions.conversationId, conversationId),
        eq(unansweredQuestions.text, text),
        isNull(unansweredQuestions.resolvedEntryId),
      ),
    ),
  });
  if (open) return;
  await db.insert(unansweredQuestions).values({
    id: newId("unq"),
    tenantId,
    conversationId,
    text,
    language: language === "und" ? null : language,
    reason,
  });
}
