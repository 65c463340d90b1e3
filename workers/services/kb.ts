import { and, desc, eq, inArray, isNull, like, lt, or, sql } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { kbDocuments, kbEntries, unansweredQuestions } from "../db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { audit } from "./audit";
import { splitDocument } from "./kb-documents";

export type KbEntryRow = typeof kbEntries.$inferSelect;

export function publicEntry({ tenantId: _t, ...e }: KbEntryRow) {
  return e;
}

/** Keyset cursor over (createdAt, id), newest first: entries imported in the same millisecond are not skipped. */
export function encodeKbCursor(e: { createdAt: number; id: string }): string {
  return `${e.createdAt}.${e.id}`;
}

function decodeKbCursor(cursor: string): { createdAt: number; id: string } {
  const m = /^(\d{1,15})\.([\w-]{1,64})$/.exec(cursor);
  if (!m)
    throw new ApiError("VALIDATION_FAILED", "The cursor is not one this list returned.", [
      { path: "cursor", message: "invalid cursor" },
    ]);
  return { createdAt: Number(m[1]), id: m[2] };
}

export async function listEntries(
  db: Db,
  tenantId: string,
  opts: { q?: string; cursor?: string; limit: number },
) {
  const pattern = opts.q ? `%${opts.q.replace(/[%_]/g, (m) => `\\${m}`)}%` : undefined;
  const after = opts.cursor ? decodeKbCursor(opts.cursor) : null;
  const rows = await db
    .select()
    .from(kbEntries)
    .where(
      inTenant(
        kbEntries,
        tenantId,
        pattern
          ? or(
              like(kbEntries.question, pattern),
              like(kbEntries.answer, pattern),
              like(kbEntries.phrasings, pattern),
            )
          : undefined,
        after
          ? or(
              lt(kbEntries.createdAt, after.createdAt),
              and(eq(kbEntries.createdAt, after.createdAt), lt(kbEntries.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(kbEntries.createdAt), desc(kbEntries.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return {
    entries: page.map(publicEntry),
    nextCursor: rows.length > opts.limit ? encodeKbCursor(page[page.length - 1]) : null,
  };
}

/** Every entry of a tenant, for building the retrieval index. */
export async function allEntries(db: Db, tenantId: string): Promise<KbEntryRow[]> {
  return db.select().from(kbEntries).where(inTenant(kbEntries, tenantId));
}

/** Count, last change and last creation of a tenant's entries: what the fingerprint is made of. */
export const kbStatsQuery = (tenantId: string) =>
  sql`SELECT count(*) AS n, max(coalesce(updated_at, created_at)) AS m, max(created_at) AS c FROM kb_entries WHERE tenant_id = ${tenantId}`;

export const fingerprintOf = (r?: { n: number; m: number | null; c: number | null }): string =>
  `${r?.n ?? 0}:${r?.m ?? 0}:${r?.c ?? 0}`;

/** A cheap fingerprint that changes whenever any entry changes: the index cache key. */
export async function kbFingerprint(db: Db, tenantId: string): Promise<string> {
  return fingerprintOf(
    await db.get<{ n: number; m: number | null; c: number | null }>(kbStatsQuery(tenantId)),
  );
}

export interface EntryInput {
  question: string;
  phrasings: string[];
  answer: string;
  language?: string | null;
  tags: string[];
}

export async function createEntry(
  db: Db,
  auth: Auth,
  input: EntryInput,
  source: KbEntryRow["source"] = "manual",
) {
  const [row] = await db
    .insert(kbEntries)
    .values({
      id: newId("kb"),
      tenantId: auth.tenantId,
      question: input.question,
      phrasings: input.phrasings,
      answer: input.answer,
      language: input.language ?? null,
      tags: input.tags,
      source,
    })
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "kb.entry_created",
    targetType: "kb_entry",
    targetId: row.id,
    data: { source },
  });
  return publicEntry(row);
}

export async function getEntry(db: Db, tenantId: string, id: string) {
  const row = await db.query.kbEntries.findFirst({
    where: inTenant(kbEntries, tenantId, eq(kbEntries.id, id)),
  });
  if (!row) throw new ApiError("ENTRY_NOT_FOUND", "No such knowledge entry.");
  return publicEntry(row);
}

export async function updateEntry(db: Db, auth: Auth, id: string, patch: Partial<EntryInput>) {
  const [row] = await db
    .update(kbEntries)
    .set({ ...patch, updatedAt: Date.now() })
    .where(inTenant(kbEntries, auth.tenantId, eq(kbEntries.id, id)))
    .returning();
  if (!row) throw new ApiError("ENTRY_NOT_FOUND", "No such knowledge entry.");
  await audit(db, auth.tenantId, auth, {
    action: "kb.entry_updated",
    targetType: "kb_entry",
    targetId: id,
  });
  return publicEntry(row);
}

export async function deleteEntry(db: Db, auth: Auth, id: string): Promise<void> {
  const res = await db
    .delete(kbEntries)
    .where(inTenant(kbEntries, auth.tenantId, eq(kbEntries.id, id)))
    .returning({ id: kbEntries.id });
  if (!res.length) throw new ApiError("ENTRY_NOT_FOUND", "No such knowledge entry.");
  await audit(db, auth.tenantId, auth, {
    action: "kb.entry_deleted",
    targetType: "kb_entry",
    targetId: id,
  });
}

/** Stores a document and indexes it as passages (one entry per passage, linked to the document). */
export async function addDocument(
  db: Db,
  auth: Auth,
  input: {
    title: string;
    format: "markdown" | "html" | "text";
    content: string;
    language?: string;
  },
) {
  const passages = await splitDocument(input.format, input.content, input.title);
  if (!passages.length)
    throw new ApiError("VALIDATION_FAILED", "The document has no text to index.");
  const doc = {
    id: newId("doc"),
    tenantId: auth.tenantId,
    title: input.title,
    format: input.format,
    content: input.content,
  };
  const entries = passages.map((p) => ({
    id: newId("kb"),
    tenantId: auth.tenantId,
    question: p.heading,
    phrasings: [],
    answer: p.text,
    language: input.language ?? null,
    tags: [],
    source: "document" as const,
    documentId: doc.id,
  }));
  await db.batch([
    db.insert(kbDocuments).values(doc),
    ...chunk(entries, 10).map((c) => db.insert(kbEntries).values(c)),
  ]);
  await audit(db, auth.tenantId, auth, {
    action: "kb.document_added",
    targetType: "kb_document",
    targetId: doc.id,
    data: { passages: entries.length },
  });
  return {
    document: { id: doc.id, title: doc.title, format: doc.format },
    passages: entries.length,
  };
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function listUnanswered(db: Db, tenantId: string, limit = 100) {
  const rows = await db
    .select()
    .from(unansweredQuestions)
    .where(inTenant(unansweredQuestions, tenantId, isNull(unansweredQuestions.resolvedEntryId)))
    .orderBy(desc(unansweredQuestions.createdAt))
    .limit(limit);
  return rows.map(({ tenantId: _t, ...r }) => r);
}

/** "Add to knowledge" on a question the AI could not answer. */
export async function answerUnanswered(
  db: Db,
  auth: Auth,
  id: string,
  input: { answer: string; question?: string },
) {
  const q = await db.query.unansweredQuestions.findFirst({
    where: inTenant(unansweredQuestions, auth.tenantId, eq(unansweredQuestions.id, id)),
  });
  if (!q) throw new ApiError("NOT_FOUND", "No such unanswered question.");
  const entry = await createEntry(
    db,
    auth,
    {
      question: input.question ?? q.text,
      phrasings: input.question ? [q.text] : [],
      answer: input.answer,
      language: q.language,
      tags: [],
    },
    "agent",
  );
  await db
    .update(unansweredQuestions)
    .set({ resolvedEntryId: entry.id })
    .where(and(eq(unansweredQuestions.id, id), eq(unansweredQuestions.tenantId, auth.tenantId)));
  return entry;
}

export async function entriesByIds(db: Db, tenantId: string, ids: string[]) {
  if (!ids.length) return new Map<string, ReturnType<typeof publicEntry>>();
  const rows = await db
    .select()
    .from(kbEntries)
    .where(inTenant(kbEntries, tenantId, inArray(kbEntries.id, ids)));
  return new Map(rows.map((r) => [r.id, publicEntry(r)]));
}
