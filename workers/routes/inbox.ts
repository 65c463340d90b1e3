import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { inboxStub } from "../../durable-objects/rpc";
import { assignableUser } from "../services/conversations";
import { listDeadLetters, replayDeadLetter } from "../services/dead-letters";
import { DeadLetterSchema, PresenceBody } from "../wire/conversations";
import { PresenceStatus } from "../wire/inbox";

const Agent = z
  .object({
    id: z.string(),
    name: z.string(),
    status: PresenceStatus,
    capacity: z.number().int(),
    active: z.number().int(),
  })
  .openapi("AgentPresence");

/** Presence for API clients (consoles use /ws/inbox), and the dead-letter list for admins. */
export const presenceRoutes = createRouter().openapi(
  createRoute({
    method: "put",
    path: "/",
    tags: ["Inbox"],
    summary: "Set the caller's presence",
    description:
      "Online agents are assigned waiting conversations up to their capacity. Without a console socket, repeat within 90 s to stay online; going offline re-queues the caller's conversations.",
    middleware: [requireRole("agent")] as const,
    request: { body: jsonBody(PresenceBody) },
    responses: { 200: jsonOk(z.object({ agent: Agent })), ...errorResponses },
  }),
  async (c) => {
    const auth = authOf(c);
    if (!auth.userId) throw new ApiError("FORBIDDEN", "Presence belongs to people, not API keys.");
    const user = await assignableUser(c.get("db"), auth.tenantId, auth.userId);
    const inbox = inboxStub(c.env, auth.tenantId);
    const agent = await inbox.setPresence(
      auth.tenantId,
      { userId: user.id, name: user.name, capacity: user.capacity },
      c.req.valid("json").status,
    );
    return c.json({ agent }, 200);
  },
);

export const deadLetterRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags: ["Inbox"],
      summary: "Queue messages that could not be processed, newest first",
      middleware: [requireRole("admin")] as const,
      request: {
        query: z.object({
          before: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: {
        200: jsonOk(z.object({ deadLetters: z.array(DeadLetterSchema) })),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(
        {
          deadLetters: await listDeadLetters(c.get("db"), authOf(c).tenantId, c.req.valid("query")),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/replay",
      tags: ["Inbox"],
      summary: "Send a dead letter back to its queue",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("dlq") },
      responses: {
        200: jsonOk(z.object({ deadLetter: DeadLetterSchema })),
        ...errorResponses,
        409: errorResponses[422],
      },
    }),
    async (c) =>
      c.json(
        {
          deadLetter: await replayDeadLetter(
            c.get("db"),
            c.env,
            authOf(c).tenantId,
            c.req.valid("param").id,
          ),
        },
        200,
      ),
  );
