import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { DIMENSIONS } from "../lib/analytics-facts";
import { GAP_SAMPLE, knowledgeGaps } from "../analytics/knowledge-gaps";
import { breakdown, summary, timeseries } from "../analytics/analytics-query";
import { listReviewItems, setReviewStatus } from "../analytics/review";
import { Limit, MetricsSchema, Obj, RangeFields, resolveRange } from "../wire/api-fields";

const tags = ["Analytics"];
const Dim = z.enum(DIMENSIONS);
const Filter = { dim: Dim.default("all"), value: z.string().max(64).optional() };
const ReviewItem = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    kind: z.enum(["low_rating", "handover"]),
    score: z.number().nullable(),
    reason: z.string().nullable(),
    text: z.string().nullable(),
    status: z.enum(["open", "done"]),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.number().nullable(),
    createdAt: z.number(),
  })
  .openapi("ReviewItem");
const Suggested = z
  .object({
    question: z.string(),
    phrasings: z.array(z.string()),
    count: z.number(),
    languages: z.array(z.string()),
    questionIds: z.array(z.string()),
    conversationIds: z.array(z.string()),
    lastAskedAt: z.number(),
  })
  .openapi("SuggestedFaqEntry");

export const analyticsRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/summary",
      tags,
      summary: "Metrics over a date range",
      description:
        "Optionally for one value of a dimension (e.g. dim=channel&value=whatsapp). Read from daily rollups.",
      middleware: [requireRole("viewer")] as const,
      request: { query: z.object({ ...RangeFields, ...Filter }) },
      responses: {
        200: jsonOk(z.object({ from: z.string(), to: z.string(), metrics: MetricsSchema })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const range = resolveRange(q);
      return c.json(
        {
          ...range,
          metrics: await summary(c.env, {
            tenantId: authOf(c).tenantId,
            ...range,
            dim: q.dim,
            value: q.value,
          }),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/breakdown",
      tags,
      summary: "Metrics per channel, agent, language or tag",
      middleware: [requireRole("viewer")] as const,
      request: { query: z.object({ ...RangeFields, dimension: Dim.exclude(["all"]) }) },
      responses: {
        200: jsonOk(
          z.object({
            from: z.string(),
            to: z.string(),
            dimension: z.string(),
            rows: z.array(z.object({ value: z.string(), metrics: MetricsSchema })),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const range = resolveRange(q);
      return c.json(
        {
          ...range,
          dimension: q.dimension,
          rows: await breakdown(c.env, {
            tenantId: authOf(c).tenantId,
            ...range,
            dim: q.dimension,
          }),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/timeseries",
      tags,
      summary: "Metrics per UTC day",
      middleware: [requireRole("viewer")] as const,
      request: { query: z.object({ ...RangeFields, ...Filter }) },
      responses: {
        200: jsonOk(
          z.object({
            from: z.string(),
            to: z.string(),
            days: z.array(z.object({ day: z.string(), metrics: MetricsSchema })),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const range = resolveRange(q);
      return c.json(
        {
          ...range,
          days: await timeseries(c.env, {
            tenantId: authOf(c).tenantId,
            ...range,
            dim: q.dim,
            value: q.value,
          }),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/review",
      tags,
      summary: "Review list: low ratings and handed-over questions",
      middleware: [requireRole("viewer")] as const,
      request: {
        query: z.object({
          status: z.enum(["open", "done"]).optional(),
          kind: z.enum(["low_rating", "handover"]).optional(),
          before: z.coerce.number().int().positive().optional(),
          limit: Limit(),
        }),
      },
      responses: { 200: jsonOk(z.object({ items: z.array(ReviewItem) })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        { items: await listReviewItems(c.get("db"), authOf(c).tenantId, c.req.valid("query")) },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/review/{id}",
      tags,
      summary: "Mark a review item done (or open again)",
      middleware: [requireRole("agent")] as const,
      request: {
        params: IdParam("rev"),
        body: jsonBody(z.strictObject({ status: z.enum(["open", "done"]) })),
      },
      responses: { 200: jsonOk(z.object({ item: ReviewItem })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          item: await setReviewStatus(
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
            c.req.valid("json").status,
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/knowledge-gaps",
      tags,
      summary: "Unanswered questions grouped into suggested FAQ entries",
      description: `Groups the latest ${GAP_SAMPLE} open unanswered questions by character-trigram and word similarity.`,
      middleware: [requireRole("viewer")] as const,
      request: { query: z.object({ limit: Limit(50, 20) }) },
      responses: {
        200: jsonOk(z.object({ sampled: z.number(), suggestions: z.array(Suggested) })),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(await knowledgeGaps(c.get("db"), authOf(c).tenantId, c.req.valid("query").limit), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/rebuild",
      tags,
      summary: "Recompute the rollups from the conversations (backfill)",
      middleware: [requireRole("admin")] as const,
      responses: { 202: jsonOk(Obj, "Queued"), ...errorResponses },
    }),
    async (c) => {
      await c.env.JOBS_QUEUE.send({
        kind: "analytics_rebuild",
        tenantId: authOf(c).tenantId,
        cursor: "",
      });
      return c.json({ queued: true }, 202);
    },
  );
