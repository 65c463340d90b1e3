/** The console's conversation list: filters, text search and keyset paging over the D1 index. */
import { matchingConversations } from "./message-search";
import { legacyMatching } from "./search-move";
import { and, desc, eq, gt, inArray, isNull, like, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { contacts, conversations, conversationTags } from "../db/schema";
import { fromBase64, toBase64Url } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { containsPattern } from "../lib/search-text";
import type { ListQuery } from "../wire/conversations";
import { seesContactDetails, summaryColumns, toSummary } from "./conversations";

type View = ListQuery["view"];

function viewCondition(view: View, auth: Auth): SQL | undefined {
  if (view === "mine")
    return and(
      eq(conversations.assigneeId, auth.userId ?? ""),
      ne(conversations.status, "resolved"),
    );
  if (view === "unassigned")
    return and(isNull(conversations.assigneeId), inArray(conversations.status, ["bot", "waiting"]));
  if (view === "waiting") return eq(conversations.status, "waiting");
  return undefined;
}

interface Cursor {
  t: number;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(c)));
}

function decodeCursor(s: string): Cursor {
  try {
    const json = new TextDecoder().decode(
      fromBase64(s.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - (s.length % 4)) % 4)),
    );
    const c = JSON.parse(json) as Cursor;
    if (typeof c.t !== "number" || typeof c.id !== "string") throw new Error("shape");
    return c;
  } catch {
    throw new ApiError("VALIDATION_FAILED", "The cursor is not one this API issued.", [
      { path: "cursor", message: "invalid cursor" },
    ]);
  }
}

/** Conversations with at least one message, newest activity first; `counts` ignore the other filters. */
export async function listConversations(
  env: Pick<Env, "TENANT_SHARD">,
  db: Db,
  auth: Auth,
  q: ListQuery,
) {
  // Empty shells (a widget opened, nothing said) stay out of every view.
  const base = (extra?: SQL) =>
    inTenant(conversations, auth.tenantId, gt(conversations.messageCount, 0), extra);
  const filters: (SQL | undefined)[] = [
    viewCondition(q.view, auth),
    q.status ? eq(conversations.status, q.status) : undefined,
    q.channel ? sql`${conversations.channelType} = ${q.channel}` : undefined,
    q.assignee ? eq(conversations.assigneeId, q.assignee) : undefined,
    q.language ? eq(conversations.language, q.language) : undefined,
    q.tag
      ? sql`EXISTS (SELECT 1 FROM ${conversationTags} WHERE ${conversationTags.conversationId} = ${conversations.id} AND ${conversationTags.tenantId} = ${auth.tenantId} AND ${conversationTags.tag} = ${q.tag.toLowerCase()})`
      : undefined,
    q.q ? await search(env, q.q, auth.tenantId, seesContactDetails(auth)) : undefined,
  ];
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const at = sql`coalesce(${conversations.lastMessageAt}, 0)`;
    filters.push(or(lt(at, c.t), and(eq(at, c.t), lt(conversations.id, c.id))));
  }
  const rows = await db
    .select(summaryColumns)
    .from(conversations)
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(base(and(...filters)))
    .orderBy(desc(sql`coalesce(${conversations.lastMessageAt}, 0)`), desc(conversations.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({ t: last.row.lastMessageAt ?? 0, id: last.row.id })
      : null;
  const count = async (view: View) =>
    (
      await db
        .select({ n: sql<number>`count(*)` })
        .from(conversations)
        .where(base(viewCondition(view, auth)))
    )[0]?.n ?? 0;
  const [mine, unassigned, waiting, all] = await Promise.all([
    count("mine"),
    count("unassigned"),
    count("waiting"),
    count("all"),
  ]);
  return {
    conversations: page.map((r) => toSummary(r, seesContactDetails(auth))),
    nextCursor,
    counts: { mine, unassigned, waiting, all },
  };
}

/**
 * The contact's name, email and phone, the subject, and the text of every message (the full-text index in
 * the tenant's shard). Email and phone only for roles shown them: a match would confirm a value the caller
 * cannot see.
 */
async function search(
  env: Pick<Env, "TENANT_SHARD">,
  text: string,
  tenantId: string,
  contactDetails: boolean,
): Promise<SQL> {
  const pattern = containsPattern(text);
  const col = (c: Parameters<typeof like>[0]) => sql`${c} LIKE ${pattern} ESCAPE '\\'`;
  const matched = await matchingConversations(env, tenantId, text);
  return or(
    col(contacts.name),
    contactDetails ? col(contacts.email) : undefined,
    contactDetails ? col(contacts.phone) : undefined,
    col(conversations.lastMessageText),
    col(conversations.subject),
    eq(conversations.id, text),
    // One bound parameter however many ids (D1 allows 100 per statement).
    matched?.conversationIds.length
      ? sql`${conversations.id} IN (SELECT value FROM json_each(${JSON.stringify(matched.conversationIds)}))`
      : undefined,
    matched?.legacy ? legacyMatching(conversations.id, tenantId, text) : undefined,
  ) as SQL;
}
