/**
 * The conversation socket protocol, shared by the Worker, ConversationDO, the widget and the console.
 * Client frames are parsed with these schemas before use; server frames are typed by them.
 * Shoppers connect at `/ws/widget?token=<visitor token>&after=<last seq>`, agents at
 * `/ws/conversations/:id?after=<last seq>` (session cookie). `after` makes resume exact.
 */
import { z } from "zod";

export const MAX_TEXT = 4000;
/** Close code when a teammate's role or status changed: reconnecting with the old socket cannot help (clients treat it as final). */
export const CLOSE_ACCESS_CHANGED = 4003;
export const AuthorType = z.enum(["shopper", "ai", "agent", "system"]);
export type AuthorType = z.infer<typeof AuthorType>;
export const SocketRole = z.enum(["shopper", "agent", "supervisor"]);
export type SocketRole = z.infer<typeof SocketRole>;

export const Attachment = z.object({
  key: z.string().max(300),
  name: z.string().max(255),
  mimeType: z.string().max(120),
  size: z.number().int().nonnegative(),
  /** Set by the server only: a short-lived signed link to the stored bytes. */
  url: z.string().optional(),
  /** Set by the server only: why the platform's media could not be stored (too large, gone…). */
  error: z.string().max(200).optional(),
});
export type Attachment = z.infer<typeof Attachment>;

export const Message = z.object({
  id: z.string(),
  seq: z.number().int(),
  conversationId: z.string(),
  author: z.object({ type: AuthorType, id: z.string().nullable(), name: z.string().nullable() }),
  /** text: a chat message; note: private to agents; event: a system line (handover, assignment…). */
  kind: z.enum(["text", "media", "note", "event"]),
  text: z.string(),
  language: z.string().nullable(),
  translation: z.object({ language: z.string(), text: z.string() }).nullable(),
  attachments: z.array(Attachment),
  citations: z.array(z.string()),
  clientId: z.string().nullable(),
  externalId: z.string().nullable(),
  replyToId: z.string().nullable(),
  createdAt: z.number(),
  editedAt: z.number().nullable(),
  deletedAt: z.number().nullable(),
  /** Earlier texts of an edited or unsent message: agents see every version. */
  history: z.array(z.object({ text: z.string(), at: z.number() })),
  delivery: z
    .object({
      status: z.enum(["pending", "sent", "delivered", "read", "failed"]),
      error: z.string().nullable(),
    })
    .nullable(),
  meta: z.record(z.string(), z.unknown()),
});
export type Message = z.infer<typeof Message>;

export const ClientFrame = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("message"),
    /** Client-made id: a frame re-sent after a reconnect is stored once. */
    clientId: z.string().min(8).max(64),
    text: z.string().max(MAX_TEXT).default(""),
    attachments: z.array(Attachment).max(10).default([]),
    /** Agents only: a private note the shopper never sees. */
    note: z.boolean().default(false),
    /** Agents only: the text the agent typed before translation, shown to agents. */
    original: z.string().max(MAX_TEXT).optional(),
  }),
  z.object({ type: z.literal("typing"), on: z.boolean() }),
  z.object({ type: z.literal("read"), seq: z.number().int().nonnegative() }),
  z.object({ type: z.literal("ping") }),
  z.object({ type: z.literal("handover_request") }),
  z.object({
    type: z.literal("rating"),
    score: z.number().int().min(1).max(5),
    comment: z.string().max(1000).optional(),
  }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ConversationState = z.object({
  id: z.string(),
  status: z.enum(["bot", "waiting", "assigned", "resolved"]),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  queuePosition: z.number().int().nullable(),
  language: z.string().nullable(),
  channelType: z.string(),
  rating: z.object({ score: z.number(), comment: z.string().nullable() }).nullable(),
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
  z.object({ type: z.literal("message"), message: Message, turnId: z.string().optional() }),
  z.object({ type: z.literal("message_update"), message: Message }),
  z.object({ type: z.literal("ai_token"), turnId: z.string(), token: z.string() }),
  z.object({ type: z.literal("ai_done"), turnId: z.string(), messageId: z.string().nullable() }),
  z.object({ type: z.literal("ai_cancelled"), turnId: z.string() }),
  z.object({
    type: z.literal("typing"),
    from: AuthorType,
    name: z.string().nullable(),
    on: z.boolean(),
  }),
  z.object({ type: z.literal("read"), by: SocketRole, seq: z.number() }),
  z.object({
    type: z.literal("state"),
    conversation: ConversationState,
    reason: z.string().nullable(),
  }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
  z.object({ type: z.literal("pong") }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
