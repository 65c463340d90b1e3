/** Saved answers agents insert with `/shortcut` in the console. */
import { asc, eq } from "drizzle-orm";
import { inTenant, type Db } from "../db/client";
import { cannedReplies } from "../db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";

export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
}

export async function listCannedReplies(db: Db, tenantId: string): Promise<CannedReply[]> {
  return db
    .select({ id: cannedReplies.id, shortcut: cannedReplies.shortcut, text: cannedReplies.text })
    .from(cannedReplies)
    .where(inTenant(cannedReplies, tenantId))
    .orderBy(asc(cannedReplies.shortcut));
}

export async function addCannedReply(
  db: Db,
  tenantId: string,
  input: { shortcut: string; text: string },
): Promise<CannedReply> {
  const row = { id: newId("cr"), tenantId, ...input };
  await db.insert(cannedReplies).values(row);
  return { id: row.id, shortcut: row.shortcut, text: row.text };
}

/** Throws NOT_FOUND when the tenant has no such reply. */
export async function deleteCannedReply(db: Db, tenantId: string, id: string): Promise<void> {
  const res = await db
    .delete(cannedReplies)
    .where(inTenant(cannedReplies, tenantId, eq(cannedReplies.id, id)))
    .returning({ id: cannedReplies.id });
  if (!res.length) throw new ApiError("NOT_FOUND", "No such canned reply.");
}
