/**
 * The console's conversation list: filters, counts, text search and keyset paging over the conversation
 * index in the tenant's shard. Until the tenant's rows from before the shard are moved, its D1 rows not
 * yet in the shard (`in_shard = 0`) are listed with them.
 */
import { shardStub } from "../../durable-objects/rpc";
import { matchingConversations, SEARCH_MATCH_LIMIT } from "./message-search";
import { legacyMatching } from "./search-move";
import { queueIndexMove } from "./index-move";
import { and, desc, eq, gt, inArray, isNull, like, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { contacts, conversations, conversationTags } from "../db/schema";
import { fromBase64, toBase64Url } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { containsPattern } from "../lib/search-text";
import type { ListQuery } from "../wire/conversations";
import type { IndexQuery, IndexRow } from "../wire/shard";
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

/** Rows of the same shape from both sources, newest activity first. */
type Listed = { row: Omit<IndexRow, "updatedAt"> } & {
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
};

const recency = (a: { lastMessageAt: number | null; id: string }) => a.lastMessageAt ?? 0;
const newestFirst = (a: Listed, b: Listed) =>
  recency(b.row) - recency(a.row) || (a.row.id < b.row.id ? 1 : a.row.id > b.row.id ? -1 : 0);

/** Conversations with at least one message, newest activity first; `counts` ignore the other filters. */
export async function listConversations(
  env: Pick<Env, "TENANT_SHARD" | "JOBS_QUEUE">,
  db: Db,
  auth: Auth,
  q: ListQuery,
) {
  const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
  const query: IndexQuery = {
    view: q.view,
    userId: auth.userId ?? null,
    status: q.status,
    channel: q.channel,
    assignee: q.assignee,
    language: q.language,
    tag: q.tag,
    cursor,
    limit: q.limit,
    search: q.q
      ? {
          text: q.q,
          contactIds: await matchingContacts(db, auth.tenantId, q.q, seesContactDetails(auth)),
          legacyIds: [],
        }
      : undefined,
  };
  const shard = shardStub(env, auth.tenantId);
  let page = await shard.listIndex(query, SEARCH_MATCH_LIMIT);
  if (query.search && q.q) {
    const legacyIds = await legacySearchIds(env, db, auth.tenantId, q.q);
    if (legacyIds.length) {
      query.search.legacyIds = legacyIds;
      page = await shard.listIndex(query, SEARCH_MATCH_LIMIT);
    }
  }
  const contactsById = await contactsOf(
    db,
    auth.tenantId,
    page.rows.map((r) => r.contactId),
  );
  let listed: Listed[] = page.rows.map((row) => {
    const c = contactsById.get(row.contactId);
    return {
      row,
      contactName: c?.name ?? null,
      contactEmail: c?.email ?? null,
      contactPhone: c?.phone ?? null,
    };
  });
  let counts = page.counts;
  if (page.legacy) {
    // D1 rows the shard does not hold yet; the move's page in flight is the shard's.
    const notMoving = page.moving.length
      ? sql`${conversations.id} NOT IN (SELECT value FROM json_each(${JSON.stringify(page.moving)}))`
      : undefined;
    const old = await listFromD1(env, db, auth, q, and(eq(conversations.inShard, 0), notMoving));
    // Nothing left to list from D1: the move marks the shard done (and hands over leftover facts).
    if (old.counts.all === 0) await queueIndexMove(env, auth.tenantId);
    const have = new Set(listed.map((r) => r.row.id));
    listed = [...listed, ...old.rows.filter((r) => !have.has(r.row.id))].sort(newestFirst);
    counts = {
      mine: counts.mine + old.counts.mine,
      unassigned: counts.unassigned + old.counts.unassigned,
      waiting: counts.waiting + old.counts.waiting,
      all: counts.all + old.counts.all,
    };
  }
  const rows = listed.slice(0, q.limit);
  const last = rows[rows.length - 1];
  return {
    conversations: rows.map((r) => toSummary(r, seesContactDetails(auth))),
    nextCursor:
      listed.length > q.limit && last
        ? encodeCursor({ t: last.row.lastMessageAt ?? 0, id: last.row.id })
        : null,
    counts,
  };
}

/** Contacts matched by name, or email and phone for roles shown them (a match would confirm a hidden value). */
async function matchingContacts(
  db: Db,
  tenantId: string,
  text: string,
  contactDetails: boolean,
): Promise<string[]> {
  const pattern = containsPattern(text);
  const col = (c: Parameters<typeof like>[0]) => sql`${c} LIKE ${pattern} ESCAPE '\\'`;
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      inTenant(
        contacts,
        tenantId,
        or(
          col(contacts.name),
          contactDetails ? col(contacts.email) : undefined,
          contactDetails ? col(contacts.phone) : undefined,
        ),
      ),
    )
    .limit(CONTACT_MATCH_LIMIT);
  return rows.map((r) => r.id);
}

/** Contacts one search can name. */
const CONTACT_MATCH_LIMIT = 5000;

/** Conversations matched by search rows still in D1 (the search move not done); none once it is. */
async function legacySearchIds(
  env: Pick<Env, "TENANT_SHARD">,
  db: Db,
  tenantId: string,
  text: string,
): Promise<string[]> {
  const matched = await matchingConversations(env, tenantId, text);
  if (!matched?.legacy) return [];
  const rows = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(inTenant(conversations, tenantId, legacyMatching(conversations.id, tenantId, text)))
    .limit(SEARCH_MATCH_LIMIT);
  return rows.map((r) => r.id);
}

async function contactsOf(db: Db, tenantId: string, ids: string[]) {
  if (!ids.length)
    return new Map<string, { name: string | null; email: string | null; phone: string | null }>();
  const rows = await db
    .select({ id: contacts.id, name: contacts.name, email: contacts.email, phone: contacts.phone })
    .from(contacts)
    .where(
      inTenant(
        contacts,
        tenantId,
        sql`${contacts.id} IN (SELECT value FROM json_each(${JSON.stringify([...new Set(ids)])}))`,
      ),
    );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * The list read from D1's copy of the index (rows from before the shard; `extra` narrows them), as the
 * console read it before the shard: limit + 1 rows and the counts.
 */
export async function listFromD1(
  env: Pick<Env, "TENANT_SHARD">,
  db: Db,
  auth: Auth,
  q: ListQuery,
  extra?: SQL,
): Promise<{
  rows: Listed[];
  counts: { mine: number; unassigned: number; waiting: number; all: number };
}> {
  // Empty shells (a widget opened, nothing said) stay out of every view.
  const base = (more?: SQL) =>
    inTenant(conversations, auth.tenantId, gt(conversations.messageCount, 0), extra, more);
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
  return { rows, counts: { mine, unassigned, waiting, all } };
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
