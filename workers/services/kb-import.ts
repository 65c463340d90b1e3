import Papa from "papaparse";
import { turnConfigChanged } from "./ai-turn-context";
import { and, eq, sql } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { kbEntries, kbImportJobs } from "../db/schema";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { ImportRow } from "../wire/kb";
import { audit } from "./audit";
import { chunk } from "./kb";

/** Imports are stored in R2 and processed by the jobs queue in slices, so progress is visible. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const SLICE = 500;
const MAX_REPORTED_ERRORS = 200;

export interface KbImportJobMessage {
  kind: "kb_import";
  tenantId: string;
  jobId: string;
  /** Row offset to continue from: each queue message processes one slice then enqueues the next. */
  offset: number;
}

const importKey = (tenantId: string, jobId: string) => `imports/${tenantId}/${jobId}`;

export async function startImport(
  env: Env,
  db: Db,
  auth: Auth,
  format: "csv" | "jsonl",
  body: string,
) {
  if (!body.trim()) throw new ApiError("VALIDATION_FAILED", "The file is empty.");
  const rows = parseImport(format, body);
  const job = { id: newId("imp"), tenantId: auth.tenantId, format, total: rows.length };
  await env.MEDIA.put(importKey(auth.tenantId, job.id), body);
  await db.insert(kbImportJobs).values(job);
  await env.JOBS_QUEUE.send({
    kind: "kb_import",
    tenantId: auth.tenantId,
    jobId: job.id,
    offset: 0,
  } satisfies KbImportJobMessage);
  await audit(db, auth.tenantId, auth, {
    action: "kb.import_started",
    targetType: "kb_import",
    targetId: job.id,
    data: { format, rows: rows.length },
  });
  return getImport(db, auth.tenantId, job.id);
}

export async function getImport(db: Db, tenantId: string, id: string) {
  const job = await db.query.kbImportJobs.findFirst({
    where: inTenant(kbImportJobs, tenantId, eq(kbImportJobs.id, id)),
  });
  if (!job) throw new ApiError("NOT_FOUND", "No such import job.");
  const { tenantId: _t, ...rest } = job;
  return rest;
}

/** Raw rows (objects) from a CSV with a header, or from JSON Lines. */
export function parseImport(format: "csv" | "jsonl", body: string): unknown[] {
  if (format === "jsonl") {
    return body
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((line) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return { __invalid: "the line is not valid JSON" };
        }
      });
  }
  const parsed = Papa.parse<Record<string, string>>(body.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  return parsed.data;
}

const list = (v: unknown, separator: RegExp = /\|/): string[] =>
  Array.isArray(v)
    ? v.map(String)
    : typeof v === "string" && v.trim()
      ? v
          .split(separator)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];

/** Maps a raw row onto an entry; accepts `answer` or `answers[]` (first answer wins), `phrasings` as a list or `a|b`. */
export function normaliseRow(
  raw: unknown,
): { ok: true; row: ImportRow } | { ok: false; message: string } {
  if (!raw || typeof raw !== "object") return { ok: false, message: "the row is not an object" };
  const r = raw as Record<string, unknown>;
  if (typeof r.__invalid === "string") return { ok: false, message: r.__invalid };
  const answers = list(r.answers);
  const parsed = ImportRow.safeParse({
    question: typeof r.question === "string" ? r.question : "",
    answer: typeof r.answer === "string" ? r.answer : (answers[0] ?? ""),
    phrasings: list(r.phrasings ?? r.alternatives),
    language: typeof r.language === "string" && r.language.trim() ? r.language.trim() : null,
    // Tags as the entry form writes them ("shipping, spain"), or with | like phrasings (which may hold commas).
    tags: list(r.tags, /[|,]/),
  });
  if (!parsed.success)
    return {
      ok: false,
      message: parsed.error.issues
        .map((i) => `${i.path.join(".") || "row"}: ${i.message}`)
        .join("; "),
    };
  return { ok: true, row: parsed.data };
}

/** Processes one slice of a job; returns the next offset or null when the job is finished. */
export async function processImportSlice(
  env: Env,
  db: Db,
  msg: KbImportJobMessage,
): Promise<number | null> {
  const job = await db.query.kbImportJobs.findFirst({
    where: and(eq(kbImportJobs.id, msg.jobId), eq(kbImportJobs.tenantId, msg.tenantId)),
  });
  if (!job || job.status === "done" || job.status === "failed") return null;
  // A redelivered slice that was already applied is skipped: `processed` is the high-water mark.
  if (msg.offset < job.processed) return job.processed < job.total ? job.processed : null;
  const obj = await env.MEDIA.get(importKey(msg.tenantId, msg.jobId));
  if (!obj) {
    await db
      .update(kbImportJobs)
      .set({ status: "failed", finishedAt: Date.now() })
      .where(eq(kbImportJobs.id, job.id));
    return null;
  }
  const rows = parseImport(job.format, await obj.text()).slice(msg.offset, msg.offset + SLICE);
  const good: (typeof kbEntries.$inferInsert)[] = [];
  const errors: { row: number; message: string }[] = [];
  rows.forEach((raw, i) => {
    const r = normaliseRow(raw);
    // Deterministic ids: a redelivered slice inserts nothing twice.
    if (r.ok)
      good.push({
        id: `kb_${job.id}_${msg.offset + i}`,
        tenantId: msg.tenantId,
        ...r.row,
        source: "import",
      });
    else errors.push({ row: msg.offset + i + 1, message: r.message });
  });
  const processed = msg.offset + rows.length;
  const done = processed >= job.total;
  const keptErrors = [...job.errors, ...errors].slice(0, MAX_REPORTED_ERRORS);
  // Entries and progress in one batch: a crash leaves either both or neither.
  await db.batch([
    db
      .update(kbImportJobs)
      .set({
        status: done ? "done" : "running",
        processed,
        imported: sql`${kbImportJobs.imported} + ${good.length}`,
        failed: sql`${kbImportJobs.failed} + ${errors.length}`,
        errors: keptErrors,
        finishedAt: done ? Date.now() : null,
      })
      .where(and(eq(kbImportJobs.id, job.id), eq(kbImportJobs.processed, msg.offset))),
    ...chunk(good, 10).map((c) => db.insert(kbEntries).values(c).onConflictDoNothing()),
  ]);
  if (good.length) await turnConfigChanged(env, msg.tenantId);
  if (done) await env.MEDIA.delete(importKey(msg.tenantId, msg.jobId));
  return done ? null : processed;
}

export async function runImportJob(env: Env, db: Db, msg: KbImportJobMessage): Promise<void> {
  const next = await processImportSlice(env, db, msg);
  if (next !== null)
    await env.JOBS_QUEUE.send({ ...msg, offset: next } satisfies KbImportJobMessage);
}
