/** Knowledge gaps: open unanswered questions grouped into suggested FAQ entries. */
import { desc, isNull } from "drizzle-orm";
import { inTenant, type Db } from "../db/client";
import { unansweredQuestions } from "../db/schema";
import { clusterQuestions, type SuggestedEntry } from "./gaps";

/** Clustering cost grows with questions × groups, so it runs on the latest questions only. */
export const GAP_SAMPLE = 500;

export async function knowledgeGaps(
  db: Db,
  tenantId: string,
  maxGroups: number,
): Promise<{ sampled: number; suggestions: SuggestedEntry[] }> {
  const rows = await db
    .select({
      id: unansweredQuestions.id,
      text: unansweredQuestions.text,
      language: unansweredQuestions.language,
      conversationId: unansweredQuestions.conversationId,
      createdAt: unansweredQuestions.createdAt,
    })
    .from(unansweredQuestions)
    .where(inTenant(unansweredQuestions, tenantId, isNull(unansweredQuestions.resolvedEntryId)))
    .orderBy(desc(unansweredQuestions.createdAt))
    .limit(GAP_SAMPLE);
  return { sampled: rows.length, suggestions: clusterQuestions(rows, 0.45, maxGroups) };
}
