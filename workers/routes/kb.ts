import { createRoute, z } from "@hono/zod-openapi";
import { authOf, requireRole } from "../middleware/auth";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import * as kb from "../services/kb";
import { IMPORT_MAX_BYTES, getImport, startImport } from "../services/kb-import";
import { languageGaps } from "../services/kb-language-gaps";
import {
  ImportJobSchema,
  KbDocumentInput,
  KbEntryInput,
  KbEntryPatch,
  KbEntrySchema,
  UnansweredQuestionSchema,
} from "../wire/kb";

const tags = ["Knowledge"];
const EntryResult = z.object({ entry: KbEntrySchema });

export const kbRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/entries",
      tags,
      summary: "List or filter knowledge entries",
      middleware: [requireRole("viewer")] as const,
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          cursor: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
      responses: {
        200: jsonOk(
          z.object({ nextCursor: z.string().nullable(), entries: z.array(KbEntrySchema) }),
        ),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(await kb.listEntries(c.get("db"), authOf(c).tenantId, c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/entries",
      tags,
      summary: "Add an FAQ entry",
      middleware: [requireRole("agent")] as const,
      request: { body: jsonBody(KbEntryInput) },
      responses: { 201: jsonOk(EntryResult), ...errorResponses },
    }),
    async (c) =>
      c.json({ entry: await kb.createEntry(c.get("db"), authOf(c), c.req.valid("json")) }, 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/entries/{id}",
      tags,
      summary: "One entry",
      middleware: [requireRole("viewer")] as const,
      request: { params: IdParam("kb") },
      responses: { 200: jsonOk(EntryResult), ...errorResponses },
    }),
    async (c) =>
      c.json(
        { entry: await kb.getEntry(c.get("db"), authOf(c).tenantId, c.req.valid("param").id) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/entries/{id}",
      tags,
      summary: "Edit an entry",
      middleware: [requireRole("agent")] as const,
      request: { params: IdParam("kb"), body: jsonBody(KbEntryPatch) },
      responses: { 200: jsonOk(EntryResult), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          entry: await kb.updateEntry(
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
            c.req.valid("json"),
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/entries/{id}",
      tags,
      summary: "Delete an entry",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("kb") },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await kb.deleteEntry(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/documents",
      tags,
      summary: "Add a Markdown, HTML or text document, split into passages",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(KbDocumentInput) },
      responses: {
        201: jsonOk(
          z.object({
            document: z.object({ id: z.string(), title: z.string(), format: z.string() }),
            passages: z.number(),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await kb.addDocument(c.get("db"), authOf(c), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/import",
      tags,
      summary: "Bulk import from CSV or JSON Lines (queued job)",
      description:
        "Body is the file itself: `text/csv` (header: question,answer,phrasings,language,tags; lists separated by |) or `application/x-ndjson` (one {question, answer | answers[], phrasings?, language?, tags?} per line). Malformed rows are reported per row; the rest are imported.",
      middleware: [requireRole("admin")] as const,
      request: {
        body: {
          required: true,
          content: {
            "text/csv": { schema: z.string() },
            "application/x-ndjson": { schema: z.string() },
          },
        },
      },
      responses: {
        202: jsonOk(z.object({ job: ImportJobSchema }), "Queued"),
        413: errorResponses[422],
        415: errorResponses[422],
        ...errorResponses,
      },
    }),
    async (c) => {
      const type = (c.req.header("content-type") ?? "").split(";")[0].trim();
      const format =
        type === "text/csv"
          ? "csv"
          : type === "application/x-ndjson" || type === "application/jsonl"
            ? "jsonl"
            : null;
      if (!format)
        throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "Send text/csv or application/x-ndjson.");
      const body = await c.req.text();
      if (body.length > IMPORT_MAX_BYTES)
        throw new ApiError(
          "PAYLOAD_TOO_LARGE",
          `Imports are limited to ${IMPORT_MAX_BYTES} bytes.`,
        );
      return c.json({ job: await startImport(c.env, c.get("db"), authOf(c), format, body) }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/import/{id}",
      tags,
      summary: "Import job progress",
      middleware: [requireRole("viewer")] as const,
      request: { params: IdParam("imp") },
      responses: { 200: jsonOk(z.object({ job: ImportJobSchema })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        { job: await getImport(c.get("db"), authOf(c).tenantId, c.req.valid("param").id) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/unanswered",
      tags,
      summary: "Questions the AI could not answer",
      middleware: [requireRole("viewer")] as const,
      responses: {
        200: jsonOk(
          z.object({
            questions: z.array(UnansweredQuestionSchema),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json({ questions: await kb.listUnanswered(c.get("db"), authOf(c).tenantId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/unanswered/{id}/answer",
      tags,
      summary: "Add an unanswered question to the knowledge base",
      middleware: [requireRole("agent")] as const,
      request: {
        params: IdParam("unq"),
        body: jsonBody(
          z.strictObject({
            answer: z.string().trim().min(1).max(8000),
            question: z.string().trim().min(1).max(1000).optional(),
          }),
        ),
      },
      responses: { 201: jsonOk(EntryResult), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          entry: await kb.answerUnanswered(
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
            c.req.valid("json"),
          ),
        },
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/language-gaps",
      tags,
      summary: "Shopper languages with fewer entries than the knowledge base's main language",
      middleware: [requireRole("viewer")] as const,
      responses: {
        200: jsonOk(
          z.object({
            mainLanguage: z.string().nullable(),
            mainEntries: z.number(),
            gaps: z.array(
              z.object({ language: z.string(), conversations: z.number(), entries: z.number() }),
            ),
            sources: z.array(KbEntrySchema),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await languageGaps(c.get("db"), authOf(c).tenantId), 200),
  );
