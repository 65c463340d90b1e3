/** The review list: low ratings and handed-over questions, for someone to look at and close. */
import { and, desc, eq, lt } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { reviewItems } from "../db/schema-ops";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";

/** A rating below this counts as not satisfied (CSAT counts 4–5), so it is reviewed. */
export const LOW_RATING_MAX = 3;

export type ReviewKind = (typeof reviewItems.$inferSelect)["kind"];

/** One item per (conversation, kind); a later event updates it and reopens it. */
export async function recordReviewItem(
  db: Db,
  tenantId: string,
  conversationId: string,
  kind: ReviewKind,
  fields: { score?: number | null; reason?: string | null; text?: string | null },
): Promise<void> {
  const values = {
    score: fields.score ?? null,
    reason: fields.reason?.slice(0, 200) ?? null,
    text: fields.text?.slice(0, 2000) ?? null,
  };
  await db
    .insert(reviewItems)
    .values({ id: newId("rev"), tenantId, conversationId, kind, ...values })
    .onConflictDoUpdate({
      target: [reviewItems.conversationId, reviewItems.kind],
      set: { ...values, status: "open", reviewedAt: null, reviewedBy: null },
    });
}

export async function listReviewItems(
  db: Db,
  tenantId: string,
  q: { status?: "open" | "done"; kind?: ReviewKind; before?: number; limit: number },
) {
  const rows = await db
    .select()
    .from(reviewItems)
    .where(
      inTenant(
        reviewItems,
        tenantId,
        q.status ? eq(reviewItems.status, q.status) : undefined,
        q.kind ? eq(reviewItems.kind, q.kind) : undefined,
        q.before ? lt(reviewItems.createdAt, q.before) : undefined,
      ),
    )
    .orderBy(desc(reviewItems.createdAt))
    .limit(q.limit);
  return rows.map(({ tenantId: _t, ...r }) => r);
}

export async function setReviewStatus(db: Db, auth: Auth, id: string, status: "open" | "done") {
  const done = status === "done";
  const [row] = await db
    .update(reviewItems)
    .set({
      status,
      reviewedAt: done ? Date.now() : null,
      reviewedBy: done ? (auth.userId ?? auth.apiKeyId) : null,
    })
    .where(and(inTenant(reviewItems, auth.tenantId, eq(reviewItems.id, id))))
    .returning();
  if (!row) throw new ApiError("REVIEW_ITEM_NOT_FOUND", "No such review item.");
  const { tenantId: _t, ...item } = row;
  return item;
}
