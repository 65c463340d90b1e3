/**
 * The D1 data model for the whole product. Conversations' message logs live in their Durable
 * Objects; D1 keeps the index the console, search and analytics query. Times are epoch ms.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

const ts = (name: string) => integer(name, { mode: "number" });
const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();
const createdAt = () => ts("created_at").notNull().default(sql`(unixepoch() * 1000)`);

export const ROLES = ["owner", "admin", "agent", "viewer"] as const;
export type Role = (typeof ROLES)[number];
/**
 * A channel type: one of the channel registry's keys (workers/channels/registry.ts, which checks it
 * where a request names one). Stored as text, so a new channel needs no migration; the registry is
 * not imported here because the web apps read these types too.
 */
export type ChannelType = string;
export const CONVERSATION_STATUSES = ["bot", "waiting", "assigned", "resolved"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** Public widget key, safe to embed in a merchant's page. */
  publicKey: text("public_key").notNull().unique(),
  /** Merchant settings: AI, persona, handover, business hours, widget look, retention, limits. */
  settings: json<Record<string, unknown>>("settings").notNull().default(sql`'{}'`),
  createdAt: createdAt(),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    email: text("email").notNull(),
    name: text("name").notNull().default(""),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    /** How many conversations the router may assign at once. */
    capacity: integer("capacity").notNull().default(5),
    language: text("language").notNull().default("en"),
    skills: json<string[]>("skills").notNull().default(sql`'[]'`),
    createdAt: createdAt(),
    lastLoginAt: ts("last_login_at"),
  },
  (t) => [uniqueIndex("users_email_uq").on(t.email), index("users_tenant_idx").on(t.tenantId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the cookie token: a stolen database cannot be replayed as cookies. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    expiresAt: ts("expires_at").notNull(),
    createdAt: createdAt(),
    /** The browser that signed in, shown in the user's session list. */
    userAgent: text("user_agent").notNull().default(""),
    /** Refreshed at most every few minutes by the auth middleware. */
    lastSeenAt: ts("last_seen_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Password-reset links: only the SHA-256 of the emailed token is stored; single use, short-lived. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/**
 * Sign-ups waiting for their address to be proven: nothing else exists until the mailed link is used.
 * Only the SHA-256 of the link's token and the password's hash are kept; single use, short-lived.
 */
export const signupRequests = sqliteTable(
  "signup_requests",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    company: text("company").notNull(),
    name: text("name").notNull().default(""),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("signup_requests_email_idx").on(t.email)],
);

/** Account mail kept locally instead of sent (`ACCOUNT_MAIL = "outbox"`), read by the dashboard's outbox page. */
export const mailOutbox = sqliteTable("mail_outbox", {
  id: text("id").primaryKey(),
  to: text("to_address").notNull(),
  subject: text("subject").notNull(),
  text: text("text").notNull(),
  createdAt: createdAt(),
});

export const invites = sqliteTable(
  "invites",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").notNull(),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    createdAt: createdAt(),
  },
  (t) => [index("invites_tenant_idx").on(t.tenantId)],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    /** First characters of the key, shown in lists so a key can be recognised. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    role: text("role", { enum: ROLES }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("api_keys_tenant_idx").on(t.tenantId)],
);

export const teams = sqliteTable("teams", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id")
    .notNull()
    .references(() => tenants.id),
  name: text("name").notNull(),
  /** Routing filters: languages and channel types this team serves (empty = all). */
  languages: json<string[]>("languages").notNull().default(sql`'[]'`),
  channels: json<string[]>("channels").notNull().default(sql`'[]'`),
  members: json<string[]>("members").notNull().default(sql`'[]'`),
  createdAt: createdAt(),
});

export const channels = sqliteTable(
  "channels",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    type: text("type").$type<ChannelType>().notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    /** AES-GCM sealed JSON (see lib/crypto.ts); never returned by the API. */
    credentialsEnc: text("credentials_enc").notNull(),
    verifyToken: text("verify_token").notNull(),
    config: json<Record<string, unknown>>("config").notNull().default(sql`'{}'`),
    lastEventAt: ts("last_event_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [index("channels_tenant_idx").on(t.tenantId)],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    language: text("language"),
    country: text("country"),
    vip: integer("vip", { mode: "boolean" }).notNull().default(false),
    tags: json<string[]>("tags").notNull().default(sql`'[]'`),
    attributes: json<Record<string, unknown>>("attributes").notNull().default(sql`'{}'`),
    /** Channel types on which the contact opted out of broadcasts. */
    optOut: json<string[]>("opt_out").notNull().default(sql`'[]'`),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
    lastSeenAt: ts("last_seen_at"),
  },
  (t) => [
    index("contacts_tenant_idx").on(t.tenantId, t.lastSeenAt),
    index("contacts_email_idx").on(t.tenantId, t.email),
  ],
);

/** One row per (channel connection, platform user): how a webhook finds its contact. */
export const contactIdentities = sqliteTable(
  "contact_identities",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id),
    channelId: text("channel_id").notNull(),
    channelType: text("channel_type").$type<ChannelType>().notNull(),
    externalId: text("external_id").notNull(),
    /** The conversation new messages from this identity go to; swapped with a compare-and-set so racing webhooks agree. */
    conversationId: text("conversation_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("identities_channel_ext_uq").on(t.channelId, t.externalId),
    index("identities_contact_idx").on(t.contactId),
  ],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id),
    channelId: text("channel_id").notNull(),
    channelType: text("channel_type").$type<ChannelType>().notNull(),
    status: text("status", { enum: CONVERSATION_STATUSES }).notNull().default("bot"),
    assigneeId: text("assignee_id"),
    teamId: text("team_id"),
    language: text("language"),
    tags: json<string[]>("tags").notNull().default(sql`'[]'`),
    subject: text("subject"),
    lastMessageText: text("last_message_text"),
    lastMessageAt: ts("last_message_at"),
    lastInboundAt: ts("last_inbound_at"),
    messageCount: integer("message_count").notNull().default(0),
    /** Chat messages from the contact (messageCount also counts AI and agent replies). */
    inboundCount: integer("inbound_count").notNull().default(0),
    firstInboundAt: ts("first_inbound_at"),
    firstResponseAt: ts("first_response_at"),
    firstAiResponseAt: ts("first_ai_response_at"),
    firstHumanResponseAt: ts("first_human_response_at"),
    handoverAt: ts("handover_at"),
    handoverReason: text("handover_reason"),
    /** What the AI handed over with: rule, summary, intent, sentiment (null until a handover). */
    handover: json<{
      reason: string;
      rule: string | null;
      summary: string | null;
      intent: string | null;
      sentiment: string | null;
    }>("handover"),
    /** Shopper messages since the last agent or AI reply. */
    unreadCount: integer("unread_count").notNull().default(0),
    humanMessageCount: integer("human_message_count").notNull().default(0),
    resolvedAt: ts("resolved_at"),
    reopenCount: integer("reopen_count").notNull().default(0),
    csatScore: integer("csat_score"),
    csatComment: text("csat_comment"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
    /** 1 once the tenant's shard holds the row (the object wrote it, or the move copied it). */
    inShard: integer("in_shard").notNull().default(0),
  },
  (t) => [
    index("conv_in_shard_idx").on(t.inShard, t.tenantId),
    index("conv_tenant_status_idx").on(t.tenantId, t.status, t.lastMessageAt),
    index("conv_tenant_assignee_idx").on(t.tenantId, t.assigneeId, t.status),
    index("conv_tenant_channel_idx").on(t.tenantId, t.channelType, t.lastMessageAt),
    index("conv_tenant_lang_idx").on(t.tenantId, t.language),
    index("conv_tenant_contact_idx").on(t.tenantId, t.contactId),
    index("conv_tenant_created_idx").on(t.tenantId, t.createdAt),
  ],
);

/** Tag membership for fast filtering (conversations.tags keeps the list for display). */
export const conversationTags = sqliteTable(
  "conversation_tags",
  {
    tenantId: text("tenant_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    tag: text("tag").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.tag] }),
    index("conv_tags_tenant_tag_idx").on(t.tenantId, t.tag),
  ],
);

export const tags = sqliteTable(
  "tags",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    color: text("color").notNull().default("#64748b"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("tags_tenant_name_uq").on(t.tenantId, t.name)],
);

export const kbEntries = sqliteTable(
  "kb_entries",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    question: text("question").notNull(),
    phrasings: json<string[]>("phrasings").notNull().default(sql`'[]'`),
    answer: text("answer").notNull(),
    language: text("language"),
    tags: json<string[]>("tags").notNull().default(sql`'[]'`),
    source: text("source", { enum: ["manual", "import", "agent", "document"] })
      .notNull()
      .default("manual"),
    documentId: text("document_id"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [
    index("kb_tenant_idx").on(t.tenantId, t.updatedAt),
    index("kb_document_idx").on(t.documentId),
  ],
);

export const kbDocuments = sqliteTable("kb_documents", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id")
    .notNull()
    .references(() => tenants.id),
  title: text("title").notNull(),
  format: text("format", { enum: ["markdown", "html", "text"] }).notNull(),
  content: text("content").notNull(),
  createdAt: createdAt(),
});

export const kbImportJobs = sqliteTable("kb_import_jobs", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id")
    .notNull()
    .references(() => tenants.id),
  format: text("format", { enum: ["csv", "jsonl"] }).notNull(),
  status: text("status", { enum: ["queued", "running", "done", "failed"] })
    .notNull()
    .default("queued"),
  total: integer("total").notNull().default(0),
  processed: integer("processed").notNull().default(0),
  imported: integer("imported").notNull().default(0),
  failed: integer("failed").notNull().default(0),
  errors: json<{ row: number; message: string }[]>("errors").notNull().default(sql`'[]'`),
  createdAt: createdAt(),
  finishedAt: ts("finished_at"),
});

/** Questions the AI could not answer: the dashboard's "knowledge gaps" list. */
export const unansweredQuestions = sqliteTable(
  "unanswered_questions",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    conversationId: text("conversation_id").notNull(),
    text: text("text").notNull(),
    language: text("language"),
    reason: text("reason").notNull(),
    resolvedEntryId: text("resolved_entry_id"),
    createdAt: createdAt(),
  },
  (t) => [index("unanswered_tenant_idx").on(t.tenantId, t.createdAt)],
);

export const cannedReplies = sqliteTable("canned_replies", {
  id: text("id").primaryKey(),
  tenantId: text("tenant_id")
    .notNull()
    .references(() => tenants.id),
  shortcut: text("shortcut").notNull(),
  text: text("text").notNull(),
  createdAt: createdAt(),
});

/** Append-only: the API has no route that updates or deletes rows here. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    actorType: text("actor_type", { enum: ["user", "api_key", "system"] }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: json<Record<string, unknown>>("data").notNull().default(sql`'{}'`),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_tenant_idx").on(t.tenantId, t.createdAt)],
);

export const usageCounters = sqliteTable(
  "usage_counters",
  {
    tenantId: text("tenant_id").notNull(),
    /** UTC day, `YYYY-MM-DD`. */
    day: text("day").notNull(),
    metric: text("metric").notNull(),
    value: real("value").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day, t.metric] })],
);

export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: ts("window_start").notNull(),
  count: integer("count").notNull().default(0),
});

/** Queue messages that exhausted their retries; admins see and replay them. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id"),
    queue: text("queue").notNull(),
    body: json<unknown>("body").notNull(),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: createdAt(),
    replayedAt: ts("replayed_at"),
  },
  (t) => [index("dead_letters_tenant_idx").on(t.tenantId, t.createdAt)],
);

/**
 * Channel message id → conversation. Written before a message is appended, so a redelivered webhook
 * always goes to the conversation it first went to, and status/edit/delete events find their message.
 */
export const messageRefs = sqliteTable(
  "message_refs",
  {
    channelId: text("channel_id").notNull(),
    externalId: text("external_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.externalId] })],
);

/**
 * The search index as it was before the tenant shards (it now lives in each tenant's TenantShardDO):
 * one row per message whose integer id is the rowid of its text in the FTS5 table `message_fts` (created
 * by a custom migration). Nothing writes it; `search_move` jobs move its rows to the shards and delete them.
 */
export const messageSearch = sqliteTable(
  "message_search",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    messageId: text("message_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("message_search_message").on(t.messageId),
    index("message_search_conversation").on(t.tenantId, t.conversationId),
  ],
);

/** Email threading: Message-ID → conversation, so replies land in the right place. */
export const emailThreads = sqliteTable(
  "email_threads",
  {
    messageId: text("message_id").notNull(),
    tenantId: text("tenant_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    /** The thread's subject as the shopper wrote it, for the Re: line of our replies. */
    subject: text("subject"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.messageId] }),
    index("email_threads_conversation").on(t.tenantId, t.conversationId, t.createdAt),
  ],
);
