/**
 * The conversation socket protocol, shared by the Worker, ConversationDO, the widget and the console.
 * Both sides parse frames with these schemas before use. Written with `zod/mini` (the same schemas
 * and checks as zod, as functions), so the widget bundles only what it uses and stays in its budget.
 * Shoppers connect at `/ws/widget?token=<visitor token>&after=<last seq>`, agents at
 * `/ws/conversations/:id?after=<last seq>` (session cookie). `after` makes resume exact.
 */
import * as z from "zod/mini";

export const MAX_TEXT = 4000;
/** Close code when a teammate's role or status changed: reconnecting with the old socket cannot help (clients treat it as final). */
export const CLOSE_ACCESS_CHANGED = 4003;
export const AuthorType = z.enum(["shopper", "ai", "agent", "system"]);
export type AuthorType = z.infer<typeof AuthorType>;
export const SocketRole = z.enum(["shopper", "agent", "supervisor"]);
export type SocketRole = z.infer<typeof SocketRole>;

const int = () => z.number().check(z.int());
const text = (max: number) => z.string().check(z.maxLength(max));

export const Attachment = z.object({
  key: text(300),
  name: text(255),
  mimeType: text(120),
  size: z.number().check(z.int(), z.nonnegative()),
  /** Set by the server only: a short-lived signed link to the stored bytes. */
  url: z.optional(z.string()),
  /** Set by the server only: why the platform's media could not be stored (too large, gone…). */
  error: z.optional(text(200)),
});
export type Attachment = z.infer<typeof Attachment>;

export const Message = z.object({
  id: z.string(),
  seq: int(),
  conversationId: z.string(),
  author: z.object({ type: AuthorType, id: z.nullable(z.string()), name: z.nullable(z.string()) }),
  /** text: a chat message; note: private to agents; event: a system line (handover, assignment…). */
  kind: z.enum(["text", "media", "note", "event"]),
  text: z.string(),
  language: z.nullable(z.string()),
  translation: z.nullable(z.object({ language: z.string(), text: z.string() })),
  attachments: z.array(Attachment),
  citations: z.array(z.string()),
  clientId: z.nullable(z.string()),
  externalId: z.nullable(z.string()),
  replyToId: z.nullable(z.string()),
  createdAt: z.number(),
  editedAt: z.nullable(z.number()),
  deletedAt: z.nullable(z.number()),
  /** Earlier texts of an edited or unsent message: agents see every version. */
  history: z.array(z.object({ text: z.string(), at: z.number() })),
  delivery: z.nullable(
    z.object({
      status: z.enum(["pending", "sent", "delivered", "read", "failed"]),
      error: z.nullable(z.string()),
    }),
  ),
  meta: z.record(z.string(), z.unknown()),
});
export type Message = z.infer<typeof Message>;

export const ClientFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("message"),
    /** Client-made id: a frame re-sent after a reconnect is stored once. */
    clientId: z.string().check(z.minLength(8), z.maxLength(64)),
    text: z._default(text(MAX_TEXT), ""),
    attachments: z._default(z.array(Attachment).check(z.maxLength(10)), []),
    /** Agents only: a private note the shopper never sees. */
    note: z._default(z.boolean(), false),
    /** Agents only: the text the agent typed before translation, shown to agents. */
    original: z.optional(text(MAX_TEXT)),
  }),
  z.object({ type: z.literal("typing"), on: z.boolean() }),
  z.object({ type: z.literal("read"), seq: z.number().check(z.int(), z.nonnegative()) }),
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("handover_request") }),
  z.object({
    type: z.literal("rating"),
    score: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
    comment: z.optional(text(1000)),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ConversationState = z.object({
  id: z.string(),
  status: z.enum(["bot", "waiting", "assigned", "resolved"]),
  assignee: z.nullable(z.object({ id: z.string(), name: z.string() })),
  queuePosition: z.nullable(int()),
  language: z.nullable(z.string()),
  channelType: z.string(),
  rating: z.nullable(z.object({ score: z.number(), comment: z.nullable(z.string()) })),
});
export type ConversationState = z.infer<typeof ConversationState>;

/** Frames the server sends; the widget and console parse them with this before use. */
export const ServerFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("ready"),
    role: SocketRole,
    conversation: ConversationState,
    lastSeq: z.number(),
  }),
  /** `turnId` is set on the AI's stored answer: that turn's streamed draft gives way in the same render. */
  z.object({ type: z.literal("message"), message: Message, turnId: z.optional(z.string()) }),
  z.object({ type: z.literal("message_update"), message: Message }),
  z.object({ type: z.literal("ai_token"), turnId: z.string(), token: z.string() }),
  z.object({ type: z.literal("ai_done"), turnId: z.string(), messageId: z.nullable(z.string()) }),
  z.object({ type: z.literal("ai_cancelled"), turnId: z.string() }),
  z.object({
    type: z.literal("typing"),
    from: AuthorType,
    name: z.nullable(z.string()),
    on: z.boolean(),
  }),
  z.object({ type: z.literal("read"), by: SocketRole, seq: z.number() }),
  z.object({
    type: z.literal("state"),
    conversation: ConversationState,
    reason: z.nullable(z.string()),
  }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
  z.object({ type: z.literal("pong") }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
