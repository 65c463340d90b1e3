/** Conversation API wire types: bodies are strict (unknown fields are a 422), responses documented. */
import { z } from "@hono/zod-openapi";
import { CONVERSATION_STATUSES } from "../db/schema";
import { CHANNEL_TYPE_NAME } from "./queue";

/** A channel type as the API shows it (the registry decides which exist). */
const ChannelTypeSchema = z.string().regex(CHANNEL_TYPE_NAME);
import { PresenceStatus } from "./inbox";
import { documented } from "./documented";
import { Attachment, MAX_TEXT, Message } from "./socket";

export const MessageSchema = documented(Message).openapi("Message");
/** A stored file as the API documents it (the socket protocol's `Attachment`). */
export const AttachmentSchema = documented(Attachment);

export const ConversationSummary = z
  .object({
    id: z.string(),
    status: z.enum(CONVERSATION_STATUSES),
    channelType: ChannelTypeSchema,
    channelId: z.string(),
    contact: z.object({
      id: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable().optional(),
      phone: z.string().nullable().optional(),
    }),
    assigneeId: z.string().nullable(),
    language: z.string().nullable(),
    tags: z.array(z.string()),
    lastMessageText: z.string().nullable(),
    lastMessageAt: z.number().nullable(),
    messageCount: z.number().int(),
    inboundCount: z.number().int(),
    unread: z.number().int(),
    handoverReason: z.string().nullable(),
    createdAt: z.number(),
    firstResponseAt: z.number().nullable(),
    resolvedAt: z.number().nullable(),
  })
  .openapi("ConversationSummary");
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const Handover = z.object({
  reason: z.string(),
  rule: z.string().nullable(),
  summary: z.string().nullable(),
  intent: z.string().nullable(),
  sentiment: z.string().nullable(),
  /** The team it is queued for ("sales" for a high-intent lead). */
  team: z.string().nullable().optional(),
});

export const ConversationDetail = ConversationSummary.extend({
  handover: Handover.nullable(),
  firstAiResponseAt: z.number().nullable(),
  firstHumanResponseAt: z.number().nullable(),
  humanMessageCount: z.number().int(),
  csat: z.object({ score: z.number().int(), comment: z.string().nullable() }).nullable(),
  /** Channels with a 24-hour reply window: when free-form replies stop being possible. */
  window: z.object({ open: z.boolean(), closesAt: z.number().nullable() }).nullable(),
}).openapi("ConversationDetail");
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const ListQuery = z.object({
  view: z.enum(["mine", "unassigned", "waiting", "all"]).default("all"),
  status: z.enum(CONVERSATION_STATUSES).optional(),
  channel: ChannelTypeSchema.optional(),
  assignee: z.string().max(64).optional(),
  tag: z.string().max(40).optional(),
  language: z.string().max(16).optional(),
  /** Words from any message (full-text, every word of three characters or more), or the contact's name, email, phone, the subject, the id. */
  q: z.string().trim().min(1).max(200).optional().openapi({
    description:
      "Search: words from any message of the conversation (all required; words of 3+ characters go through the full-text index), or the contact's name, email or phone, the subject, the conversation id.",
  }),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListQuery = z.infer<typeof ListQuery>;

export const ListResult = z
  .object({
    conversations: z.array(ConversationSummary),
    nextCursor: z.string().nullable(),
    counts: z.object({
      mine: z.number(),
      unassigned: z.number(),
      waiting: z.number(),
      all: z.number(),
    }),
  })
  .openapi("ConversationList");

export const MessagesQuery = z
  .object({
    before: z.coerce.number().int().positive().optional(),
    after: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.before === undefined || q.after === undefined, {
    message: "Use before or after, not both.",
  });

export const SendMessageBody = z
  .strictObject({
    clientId: z.string().min(8).max(64),
    text: z.string().max(MAX_TEXT, `Messages are limited to ${MAX_TEXT} characters.`).default(""),
    note: z.boolean().default(false),
    attachments: z.array(AttachmentSchema).max(10).default([]),
    original: z.string().max(MAX_TEXT).optional(),
  })
  .refine((b) => b.text.trim().length > 0 || b.attachments.length > 0, {
    message: "A message needs text or an attachment.",
    path: ["text"],
  })
  .openapi("SendMessageBody");

export const AssignBody = z
  .strictObject({ assigneeId: z.string().min(1).max(64) })
  .openapi("AssignBody");
const Tag = z.string().trim().toLowerCase().min(1).max(40);
export const TagsBody = z
  .strictObject({ add: z.array(Tag).max(20).default([]), remove: z.array(Tag).max(20).default([]) })
  .refine((b) => b.add.length + b.remove.length > 0, { message: "Add or remove at least one tag." })
  .openapi("TagsBody");
export const PresenceBody = z.strictObject({ status: PresenceStatus }).openapi("PresenceBody");

export const DeadLetterSchema = z
  .object({
    id: z.string(),
    queue: z.string(),
    body: z.unknown(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    createdAt: z.number(),
    replayedAt: z.number().nullable(),
  })
  .openapi("DeadLetter");
