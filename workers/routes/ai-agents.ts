/** AI agents per sales stage (pre-sales, after-sales, marketing, general): read by anyone, changed by admins. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { createAiAgent, deleteAiAgent, listAiAgents, updateAiAgent } from "../services/ai-agents";
import { AiAgentBody, AiAgentSchema } from "../wire/ai-agents";

const tags = ["AI agents"];
const One = jsonOk(z.object({ agent: AiAgentSchema }));

export const aiAgentRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List AI agents",
      description:
        "Each AI turn is answered by one agent, chosen by the shopper's intent and stage: order questions from a shopper with an order go to after-sales, purchase and product questions and new visitors to pre-sales, promotions to marketing, anything else to general (or the workspace persona when there is none).",
      middleware: [requireRole("viewer")] as const,
      responses: { 200: jsonOk(z.object({ agents: z.array(AiAgentSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ agents: await listAiAgents(c.get("db"), authOf(c).tenantId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Create an AI agent",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(AiAgentBody) },
      responses: { 201: One, ...errorResponses },
    }),
    async (c) =>
      c.json({ agent: await createAiAgent(c.get("db"), authOf(c), c.req.valid("json")) }, 201),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/{id}",
      tags,
      summary: "Replace an AI agent",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("aia"), body: jsonBody(AiAgentBody) },
      responses: { 200: One, ...errorResponses },
    }),
    async (c) => {
      const agent = await updateAiAgent(
        c.get("db"),
        authOf(c),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ agent }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      summary: "Delete an AI agent",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("aia") },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await deleteAiAgent(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
