import { createRoute, z } from "@hono/zod-openapi";
import { summarize, suggestReplies } from "../ai";
import { authOf, requireRole } from "../middleware/auth";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { entryFromMessage, withCopilot } from "../services/copilot";
import { KbEntrySchema } from "../wire/kb";

const tags = ["Copilot"];
const Params = z.object({
  conversationId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "conversationId", in: "path" }, example: "cnv_…" }),
});

/** Copilot on one conversation, and "save this reply as knowledge". Agents and above. */
export const copilotRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/{conversationId}/suggest",
      tags,
      summary: "Three reply suggestions grounded in the knowledge base and the conversation",
      middleware: [requireRole("agent")] as const,
      request: { params: Params },
      responses: {
        200: jsonOk(z.object({ suggestions: z.array(z.string()), method: z.string() })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const out = await withCopilot(
        c.env,
        c.get("db"),
        authOf(c).tenantId,
        c.req.valid("param").conversationId,
        "answer",
        suggestReplies,
      );
      return c.json({ suggestions: out.suggestions.map((s) => s.text), method: out.method }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{conversationId}/summary",
      tags,
      summary: "Summary of the conversation for the agent",
      middleware: [requireRole("agent")] as const,
      request: { params: Params },
      responses: {
        200: jsonOk(z.object({ summary: z.string(), method: z.string() })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const out = await withCopilot(
        c.env,
        c.get("db"),
        authOf(c).tenantId,
        c.req.valid("param").conversationId,
        "summarise",
        summarize,
      );
      return c.json({ summary: out.text, method: out.method }, 200);
    },
  );

export const kbFromMessageRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/from-message",
    tags: ["Knowledge"],
    summary: "Save an agent reply as a knowledge entry",
    description:
      "The reply's text becomes the answer; the question is `question` or the shopper message just before the reply.",
    middleware: [requireRole("agent")] as const,
    request: {
      body: jsonBody(
        z.strictObject({
          conversationId: z.string().min(1).max(64),
          messageId: z.string().min(1).max(64),
          question: z.string().trim().min(1).max(1000).optional(),
        }),
      ),
    },
    responses: { 201: jsonOk(z.object({ entry: KbEntrySchema })), ...errorResponses },
  }),
  async (c) =>
    c.json(
      { entry: await entryFromMessage(c.env, c.get("db"), authOf(c), c.req.valid("json")) },
      201,
    ),
);
