/**
 * Email threading. Mail has no conversation id: a reply names the messages it answers in
 * In-Reply-To/References. `email_threads` maps every Message-ID we have seen or sent (per tenant) to
 * its conversation, so a reply lands where its thread lives and our replies thread in the shopper's
 * client.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { ThreadKeysSchema, type ThreadKeys } from "../channels/events";
import type { Db } from "../db/client";
import { emailThreads } from "../db/schema";

/** The thread keys the email adapter put on a message, if any (they travel in `message.extra`). */
export function threadKeysOf(extra: Record<string, unknown> | undefined): ThreadKeys | null {
  const parsed = ThreadKeysSchema.safeParse(extra?.threadKeys);
  return parsed.success ? parsed.data : null;
}

/** The conversation of the newest earlier message this one references, or null for a new thread. */
export async function threadConversation(
  db: Db,
  tenantId: string,
  keys: ThreadKeys,
): Promise<string | null> {
  const ids = [...new Set([...(keys.inReplyTo ? [keys.inReplyTo] : []), ...keys.references])].slice(
    -50,
  );
  if (!ids.length) return null;
  const row = await db.query.emailThreads.findFirst({
    columns: { conversationId: true },
    where: and(eq(emailThreads.tenantId, tenantId), inArray(emailThreads.messageId, ids)),
    orderBy: desc(emailThreads.createdAt),
  });
  return row?.conversationId ?? null;
}

/** Remembers a Message-ID (inbound or one of our replies); the first binding wins. */
export async function recordThreadMessage(
  db: Db,
  tenantId: string,
  conversationId: string,
  messageId: string,
  subject?: string,
): Promise<void> {
  await db
    .insert(emailThreads)
    .values({ tenantId, conversationId, messageId, subject: subject ?? null })
    .onConflictDoNothing();
}

/** In-Reply-To (the newest message of the thread), References (oldest first, capped) and the subject, for a reply. */
export async function replyThreading(
  db: Db,
  tenantId: string,
  conversationId: string,
): Promise<{ inReplyTo?: string; references: string[]; subject?: string }> {
  const rows = await db
    .select({ messageId: emailThreads.messageId, subject: emailThreads.subject })
    .from(emailThreads)
    .where(
      and(eq(emailThreads.tenantId, tenantId), eq(emailThreads.conversationId, conversationId)),
    )
    .orderBy(desc(emailThreads.createdAt))
    .limit(20);
  if (!rows.length) return { references: [] };
  // The thread's first subject: the Re: prefix is added once by the reply builder.
  const subject = rows.findLast((r) => r.subject)?.subject ?? undefined;
  return {
    inReplyTo: rows[0].messageId,
    references: rows.map((r) => r.messageId).reverse(),
    ...(subject ? { subject } : {}),
  };
}
