import { z } from "@hono/zod-openapi";

/** Knowledge-base wire types. An entry is one question with its phrasings and one answer. */
export const KbEntryInput = z
  .strictObject({
    question: z.string().trim().min(1).max(1000),
    phrasings: z.array(z.string().trim().min(1).max(1000)).max(200).default([]),
    answer: z.string().trim().min(1).max(8000),
    language: z.string().min(2).max(8).nullable().optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  })
  .openapi("KbEntryInput");

export const KbEntryPatch = z
  .strictObject({
    question: z.string().trim().min(1).max(1000).optional(),
    phrasings: z.array(z.string().trim().min(1).max(1000)).max(200).optional(),
    answer: z.string().trim().min(1).max(8000).optional(),
    language: z.string().min(2).max(8).nullable().optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  })
  .openapi("KbEntryPatch");

export const KbEntrySchema = z
  .object({
    id: z.string(),
    question: z.string(),
    phrasings: z.array(z.string()),
    answer: z.string(),
    language: z.string().nullable(),
    tags: z.array(z.string()),
    source: z.string(),
    documentId: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number().nullable(),
  })
  .openapi("KbEntry");

export const KbDocumentInput = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    format: z.enum(["markdown", "html", "text"]),
    content: z.string().min(1).max(500_000),
    language: z.string().min(2).max(8).optional(),
  })
  .openapi("KbDocumentInput");

export const ImportJobSchema = z
  .object({
    id: z.string(),
    format: z.enum(["csv", "jsonl"]),
    status: z.enum(["queued", "running", "done", "failed"]),
    total: z.number(),
    processed: z.number(),
    imported: z.number(),
    failed: z.number(),
    errors: z.array(z.object({ row: z.number(), message: z.string() })),
    createdAt: z.number(),
    finishedAt: z.number().nullable(),
  })
  .openapi("KbImportJob");

/** One imported row, whatever the file's format: CSV columns or JSONL keys map onto this. */
export const ImportRow = z.object({
  question: z.string().trim().min(1, "question is empty").max(1000),
  answer: z.string().trim().min(1, "answer is empty").max(8000),
  phrasings: z.array(z.string().trim().min(1).max(1000)).max(200).default([]),
  language: z.string().min(2).max(8).nullable().default(null),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
});
export type ImportRow = z.infer<typeof ImportRow>;

/** A shopper's question the AI could not answer, until someone adds it to the knowledge base. */
export const UnansweredQuestionSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  text: z.string(),
  language: z.string().nullable(),
  reason: z.string(),
  resolvedEntryId: z.string().nullable(),
  createdAt: z.number(),
});
