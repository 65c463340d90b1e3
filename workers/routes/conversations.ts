import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { listConversations } from "../services/conversation-list";
import {
  actorOf,
  assertConversation,
  assignableUser,
  conversationStub,
  getConversation,
  getConversationLive,
  unwrap,
} from "../services/conversations";
import { ApiError } from "../lib/errors";
import { refundLimit, takeLimits } from "../services/rate-limit";
import { formFile, storeUpload } from "../services/uploads";
import { knowledgeDraft, saveReplyToKnowledge } from "../services/kb-from-reply";
import { KbEntryInput, KbEntrySchema } from "../wire/kb";
import {
  AttachmentSchema,
  AssignBody,
  ConversationDetail,
  ListQuery,
  ListResult,
  MessageSchema,
  MessagesQuery,
  SendMessageBody,
  TagsBody,
} from "../wire/conversations";

const SaveToKnowledgeBody = KbEntryInput.pick({
  question: true,
  answer: true,
  language: true,
  tags: true,
}).partial();
const KnowledgeDraftSchema = z
  .object({
    question: z.string(),
    answer: z.string(),
    language: z.string().nullable(),
    tags: z.array(z.string()),
  })
  .openapi("KnowledgeDraft");

const tags = ["Conversations"];
const REINDEX_PER_HOUR = 3;
const Params = IdParam("cnv");
const DetailResult = jsonOk(z.object({ conversation: ConversationDetail }));
const conflict = { 409: errorResponses[422] };

type Action = "takeover" | "handback" | "resolve" | "reopen";
const ACTIONS: Record<Action, string> = {
  takeover:
    "Take the conversation over from the AI or the queue (silences the AI, cancels a reply in flight)",
  handback: "Hand the conversation back to the AI",
  resolve: "Resolve the conversation",
  reopen: "Reopen a resolved conversation (assigned to the caller)",
};

export const reindexRoutes = createRouter().openapi(
  createRoute({
    method: "post",
    path: "/reindex",
    tags,
    summary: "Index every stored message for search (back-fill or repair)",
    description:
      "Queues a job that reads each conversation's log and indexes the messages the search index lacks (messages written before the index existed on an upgraded deployment). Safe to repeat: indexed messages are skipped.",
    middleware: [requireRole("admin")] as const,
    responses: {
      202: jsonOk(z.object({ queued: z.literal(true) }), "Queued"),
      ...errorResponses,
    },
  }),
  async (c) => {
    // A back-fill reads every conversation: a few per hour per tenant is plenty.
    const { tenantId } = authOf(c);
    const limit = { key: `reindex:${tenantId}`, max: REINDEX_PER_HOUR, windowMs: 3600_000 };
    await takeLimits(c.get("db"), [limit]);
    try {
      await c.env.JOBS_QUEUE.send({
        kind: "search_backfill",
        tenantId,
        conversationId: "",
        after: 0,
      });
    } catch (err) {
      await refundLimit(c.get("db"), limit.key);
      throw err;
    }
    return c.json({ queued: true as const }, 202);
  },
);

const router = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List and filter conversations",
      middleware: [requireRole("viewer")] as const,
      request: { query: ListQuery },
      responses: { 200: jsonOk(ListResult), ...errorResponses },
    }),
    async (c) =>
      c.json(await listConversations(c.env, c.get("db"), authOf(c), c.req.valid("query")), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      summary: "One conversation with its handover details",
      middleware: [requireRole("viewer")] as const,
      request: { params: Params },
      responses: { 200: DetailResult, ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          conversation: await getConversationLive(
            c.env,
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/messages",
      tags,
      summary: "Read messages, newest page first (before=seq) or forwards (after=seq)",
      middleware: [requireRole("viewer")] as const,
      request: { params: Params, query: MessagesQuery },
      responses: { 200: jsonOk(z.object({ messages: z.array(MessageSchema) })), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await assertConversation(c.get("db"), authOf(c).tenantId, id);
      return c.json(
        { messages: unwrap(await conversationStub(c.env, id).messages(c.req.valid("query"))) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/messages",
      tags,
      summary: "Send an agent message or a private note",
      description:
        "A reply (not a note) takes the conversation over. `clientId` makes retries safe: the same id returns the same message.",
      middleware: [requireRole("agent")] as const,
      request: { params: Params, body: jsonBody(SendMessageBody) },
      responses: {
        201: jsonOk(
          z.object({ message: MessageSchema }),
          "Stored (or already stored under this clientId)",
        ),
        ...errorResponses,
        ...conflict,
        413: errorResponses[422],
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const auth = authOf(c);
      await assertConversation(c.get("db"), auth.tenantId, id);
      const body = c.req.valid("json");
      if (!auth.userId && !body.note)
        throw new ApiError("FORBIDDEN", "API keys can add notes; replies come from a person.");
      const actor = await actorOf(c.get("db"), auth);
      return c.json(
        { message: unwrap(await conversationStub(c.env, id).postMessage(actor, body)) },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/messages/{messageId}/retry",
      tags,
      summary: "Send a failed reply again",
      description:
        "Queues the reply for its channel again; its delivery goes back to `pending` and the conversation socket shows the change. Idempotent: a reply that is not `failed` is returned as it is and nothing is queued. 409 for a message that is not a reply sent through a messaging channel.",
      middleware: [requireRole("agent")] as const,
      request: { params: Params.extend({ messageId: z.string().min(1).max(64) }) },
      responses: {
        200: jsonOk(z.object({ message: MessageSchema })),
        ...errorResponses,
        ...conflict,
      },
    }),
    async (c) => {
      const { id, messageId } = c.req.valid("param");
      await assertConversation(c.get("db"), authOf(c).tenantId, id);
      return c.json(
        { message: unwrap(await conversationStub(c.env, id).retryDelivery(messageId)) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/attachments",
      tags,
      summary: "Upload a file to attach to an agent message",
      description:
        "multipart/form-data with the file in the field `file` (images, audio, video, documents within the per-kind limits). Returns the stored attachment, with a short-lived signed `url`; send it in `attachments` of the next message.",
      middleware: [requireRole("agent")] as const,
      request: { params: Params },
      responses: {
        201: jsonOk(z.object({ attachment: AttachmentSchema }), "Stored"),
        ...errorResponses,
        413: errorResponses[422],
        415: errorResponses[422],
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const auth = authOf(c);
      await assertConversation(c.get("db"), auth.tenantId, id);
      const file = await formFile(c.req);
      return c.json(
        {
          attachment: await storeUpload(c.env, auth.tenantId, id, file, [
            "image",
            "audio",
            "video",
            "document",
          ]),
        },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/messages/{messageId}/save-to-knowledge",
      tags,
      summary: "Save an agent's reply as a knowledge entry",
      description:
        "What is sent (question, answer, language, tags) becomes the entry; anything left out comes from the draft (`GET …/knowledge-draft`). Source `agent`.",
      middleware: [requireRole("agent")] as const,
      request: {
        params: Params.extend({ messageId: z.string().min(1).max(64) }),
        body: { required: false, content: { "application/json": { schema: SaveToKnowledgeBody } } },
      },
      responses: { 201: jsonOk(z.object({ entry: KbEntrySchema }), "Created"), ...errorResponses },
    }),
    async (c) => {
      const { id, messageId } = c.req.valid("param");
      const auth = authOf(c);
      await assertConversation(c.get("db"), auth.tenantId, id);
      const body = (c.req.valid("json") as z.infer<typeof SaveToKnowledgeBody> | undefined) ?? {};
      return c.json(
        { entry: await saveReplyToKnowledge(c.env, c.get("db"), auth, id, messageId, body) },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/messages/{messageId}/knowledge-draft",
      tags,
      summary:
        "A knowledge entry drafted from an agent's reply, for the agent to edit before saving",
      description:
        "The question is the customer message the reply most likely answered (not a request for a person or a bare yes); the answer is the reply without its greeting.",
      middleware: [requireRole("agent")] as const,
      request: { params: Params.extend({ messageId: z.string().min(1).max(64) }) },
      responses: { 200: jsonOk(z.object({ draft: KnowledgeDraftSchema })), ...errorResponses },
    }),
    async (c) => {
      const { id, messageId } = c.req.valid("param");
      const auth = authOf(c);
      await assertConversation(c.get("db"), auth.tenantId, id);
      return c.json(
        { draft: await knowledgeDraft(c.env, c.get("db"), auth.tenantId, id, messageId) },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/assign",
      tags,
      summary: "Assign or transfer to a teammate",
      middleware: [requireRole("agent")] as const,
      request: { params: Params, body: jsonBody(AssignBody) },
      responses: { 200: DetailResult, ...errorResponses, ...conflict },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const auth = authOf(c);
      const db = c.get("db");
      await assertConversation(db, auth.tenantId, id);
      const assignee = await assignableUser(db, auth.tenantId, c.req.valid("json").assigneeId);
      unwrap(
        await conversationStub(c.env, id).assign(await actorOf(db, auth), {
          id: assignee.id,
          name: assignee.name,
        }),
      );
      return c.json({ conversation: await getConversation(c.env, db, auth, id) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/tags",
      tags,
      summary: "Add or remove tags",
      middleware: [requireRole("agent")] as const,
      request: { params: Params, body: jsonBody(TagsBody) },
      responses: { 200: DetailResult, ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const auth = authOf(c);
      const db = c.get("db");
      await assertConversation(db, auth.tenantId, id);
      const { add, remove } = c.req.valid("json");
      unwrap(await conversationStub(c.env, id).tags(await actorOf(db, auth), add, remove));
      return c.json({ conversation: await getConversation(c.env, db, auth, id) }, 200);
    },
  );

for (const action of Object.keys(ACTIONS) as Action[]) {
  router.openapi(
    createRoute({
      method: "post",
      path: `/{id}/${action}`,
      tags,
      summary: ACTIONS[action],
      middleware: [requireRole("agent")] as const,
      request: { params: Params },
      responses: { 200: DetailResult, ...errorResponses, ...conflict },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const auth = authOf(c);
      const db = c.get("db");
      await assertConversation(db, auth.tenantId, id);
      if (!auth.userId && (action === "takeover" || action === "reopen"))
        throw new ApiError("FORBIDDEN", "Only a person can take a conversation over; use assign.");
      const actor = await actorOf(db, auth);
      unwrap(await conversationStub(c.env, id)[action](actor));
      return c.json({ conversation: await getConversation(c.env, db, auth, id) }, 200);
    },
  );
}

export const conversationRoutes = router;
