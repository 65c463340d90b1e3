/**
 * Operations tables: workflows, broadcasts, outgoing webhooks, analytics rollups, review list,
 * consent. Every row is tenant-owned and queried through `inTenant`. Times are epoch ms.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { Audience, Variant } from "../wire/broadcasts";
import { tenants, type ChannelType } from "./schema";

const ts = (name: string) => integer(name, { mode: "number" });
const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();
const createdAt = () => ts("created_at").notNull().default(sql`(unixepoch() * 1000)`);
const tenantId = () =>
  text("tenant_id")
    .notNull()
    .references(() => tenants.id);

export const workflows = sqliteTable(
  "workflows",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    name: text("name").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** The trigger type, duplicated out of `definition` so matching is an indexed lookup. */
    triggerType: text("trigger_type").notNull(),
    /** Validated `WorkflowDefinition` (workers/automation/workflow-definition.ts). */
    definition: json<Record<string, unknown>>("definition").notNull(),
    /** AES-GCM sealed `whsec_` secret that signs the workflow's HTTPS calls. */
    secretEnc: text("secret_enc").notNull(),
    templateId: text("template_id"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [index("workflows_tenant_trigger_idx").on(t.tenantId, t.triggerType, t.enabled)],
);

export const WORKFLOW_RUN_STATUSES = [
  "running",
  "waiting",
  "succeeded",
  "failed",
  "skipped",
] as const;
export type WorkflowRunStatus = (typeof WORKFLOW_RUN_STATUSES)[number];

/** One row per (workflow, triggering event): the unique key makes a redelivered event run once. */
export const workflowRuns = sqliteTable(
  "workflow_runs",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    workflowId: text("workflow_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    eventKey: text("event_key").notNull(),
    status: text("status", { enum: WORKFLOW_RUN_STATUSES }).notNull().default("running"),
    /** Per-step outcome: `{index, type, ok, detail, at}`. */
    log: json<{ index: number; type: string; ok: boolean; detail: string; at: number }[]>("log")
      .notNull()
      .default(sql`'[]'`),
    /** Values steps saved for later steps (HTTP responses under `saveAs`). */
    vars: json<Record<string, unknown>>("vars").notNull().default(sql`'{}'`),
    error: text("error"),
    startedAt: ts("started_at").notNull().default(sql`(unixepoch() * 1000)`),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    uniqueIndex("workflow_runs_event_uq").on(t.workflowId, t.eventKey),
    index("workflow_runs_tenant_idx").on(t.tenantId, t.startedAt),
    index("workflow_runs_conv_idx").on(t.tenantId, t.conversationId),
  ],
);

/** resume: continue a run after a delay; waiting_reply / waiting_queue / window_closing: time-based trigger checks. */
export const SCHEDULED_KINDS = [
  "resume",
  "waiting_reply",
  "waiting_queue",
  "window_closing",
] as const;
export type ScheduledKind = (typeof SCHEDULED_KINDS)[number];

/**
 * Work due later: a delayed step of a run (`resume`) or a time-based trigger check. Run by `runDueSteps` from the cron and from the ConversationDO alarm.
 */
export const workflowScheduledSteps = sqliteTable(
  "workflow_scheduled_steps",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    conversationId: text("conversation_id").notNull(),
    workflowId: text("workflow_id").notNull(),
    runId: text("run_id"),
    kind: text("kind", { enum: SCHEDULED_KINDS }).notNull(),
    stepIndex: integer("step_index").notNull().default(0),
    /** What the check compares against when it fires (e.g. the inbound time it was scheduled for). */
    anchor: integer("anchor").notNull().default(0),
    dueAt: ts("due_at").notNull(),
    status: text("status", { enum: ["pending", "running", "done", "cancelled", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    claimedAt: ts("claimed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("wf_steps_dedupe_uq").on(
      t.workflowId,
      t.conversationId,
      t.kind,
      t.anchor,
      t.stepIndex,
    ),
    index("wf_steps_due_idx").on(t.status, t.dueAt),
    index("wf_steps_conv_idx").on(t.tenantId, t.conversationId),
  ],
);

export const BROADCAST_STATUSES = [
  "draft",
  "scheduled",
  "sending",
  "completed",
  "cancelled",
] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export const broadcasts = sqliteTable(
  "broadcasts",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    name: text("name").notNull(),
    channelId: text("channel_id").notNull(),
    channelType: text("channel_type").$type<ChannelType>().notNull(),
    /** Stored as parsed by the wire schema, defaults filled (workers/broadcasts/audience.ts). */
    audience: json<Audience>("audience").notNull(),
    /** A recipient's variant is fixed when it is materialised. */
    variants: json<Variant[]>("variants").notNull(),
    status: text("status", { enum: BROADCAST_STATUSES }).notNull().default("draft"),
    scheduledAt: ts("scheduled_at"),
    /** Messages per minute; capped by the channel's policy. */
    ratePerMinute: integer("rate_per_minute").notNull(),
    /** Audience materialisation: last contact id written as recipients, and whether it is complete. */
    audienceCursor: text("audience_cursor").notNull().default(""),
    audienceDone: integer("audience_done", { mode: "boolean" }).notNull().default(false),
    /** When the next sending job is expected; the cron restarts a broadcast whose job went missing. */
    heartbeatAt: ts("heartbeat_at"),
    /** The live job chain's token: a job carrying an older tick (a duplicate) stops. */
    tick: integer("tick").notNull().default(0),
    /** Why sending is paused, e.g. the channel's daily limit. */
    note: text("note"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    index("broadcasts_tenant_idx").on(t.tenantId, t.createdAt),
    index("broadcasts_due_idx").on(t.status, t.scheduledAt),
  ],
);

export const RECIPIENT_STATUSES = ["pending", "sending", "sent", "failed", "skipped"] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/**
 * One row per (broadcast, contact): the unique key plus the pending→sending→sent/failed claim is
 * what makes a restarted sender never send a message twice.
 */
export const broadcastRecipients = sqliteTable(
  "broadcast_recipients",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    broadcastId: text("broadcast_id").notNull(),
    contactId: text("contact_id").notNull(),
    address: text("address").notNull(),
    variantId: text("variant_id").notNull(),
    status: text("status", { enum: RECIPIENT_STATUSES }).notNull().default("pending"),
    /** Why a recipient was skipped or failed (opted_out, no_opt_in, outside_window, …). */
    reason: text("reason"),
    attempts: integer("attempts").notNull().default(0),
    claimedAt: ts("claimed_at"),
    notBefore: ts("not_before"),
    sentAt: ts("sent_at"),
    externalMessageId: text("external_message_id"),
    /** Platform receipts after sending: delivered, read, failed. */
    deliveryStatus: text("delivery_status"),
    deliveryUpdatedAt: ts("delivery_updated_at"),
  },
  (t) => [
    uniqueIndex("bc_recipients_contact_uq").on(t.broadcastId, t.contactId),
    index("bc_recipients_status_idx").on(t.broadcastId, t.status),
    index("bc_recipients_contact_idx").on(t.tenantId, t.contactId),
    index("bc_recipients_external_idx").on(t.tenantId, t.externalMessageId),
  ],
);

export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** Event types delivered; `["*"]` means all. */
    events: json<string[]>("events").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** AES-GCM sealed `whsec_…` secret; shown once on create and on rotate. */
    secretEnc: text("secret_enc").notNull(),
    createdAt: createdAt(),
    updatedAt: ts("updated_at"),
  },
  (t) => [index("webhook_endpoints_tenant_idx").on(t.tenantId)],
);

export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    /** Also the `webhook-id` header: stable across retries so receivers can de-duplicate. */
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    endpointId: text("endpoint_id").notNull(),
    eventKey: text("event_key").notNull(),
    eventType: text("event_type").notNull(),
    conversationId: text("conversation_id"),
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "sending", "succeeded", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    deliveredAt: ts("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_uq").on(t.endpointId, t.eventKey),
    index("webhook_deliveries_endpoint_idx").on(t.tenantId, t.endpointId, t.createdAt),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_conv_idx").on(t.tenantId, t.conversationId),
  ],
);

/**
 * Daily rollups: one count per (tenant, dimension, value, UTC day, metric). Histogram buckets are
 * metrics named `<hist>:<bucket>`, so percentiles over any range are a sum and a scan.
 */
export const analyticsRollups = sqliteTable(
  "analytics_rollups",
  {
    tenantId: text("tenant_id").notNull(),
    dim: text("dim").notNull(),
    value: text("value").notNull(),
    day: text("day").notNull(),
    metric: text("metric").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.dim, t.day, t.value, t.metric] })],
);

/** What each conversation currently contributes to the rollups, so an update applies only the difference. */
export const analyticsConversationFacts = sqliteTable(
  "analytics_conversation_facts",
  {
    conversationId: text("conversation_id").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    facts: json<Record<string, number>>("facts").notNull(),
    /** Resolution confirmed by the shopper (from the resolved event), which the index row lacks. */
    confirmed: integer("confirmed", { mode: "boolean" }).notNull().default(false),
    /** Random per write: a concurrent writer that lost the race applies no deltas. */
    rev: text("rev").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("analytics_facts_tenant_idx").on(t.tenantId)],
);

export const reviewItems = sqliteTable(
  "review_items",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    conversationId: text("conversation_id").notNull(),
    kind: text("kind", { enum: ["low_rating", "handover"] }).notNull(),
    score: integer("score"),
    reason: text("reason"),
    /** The shopper's question or comment that led here. */
    text: text("text"),
    status: text("status", { enum: ["open", "done"] })
      .notNull()
      .default("open"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: ts("reviewed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("review_items_conv_kind_uq").on(t.conversationId, t.kind),
    index("review_items_tenant_idx").on(t.tenantId, t.status, t.createdAt),
  ],
);

/** Explicit opt-in per channel type (WhatsApp broadcasts need it). Opt-outs live on `contacts.opt_out`. */
export const contactOptIns = sqliteTable(
  "contact_opt_ins",
  {
    tenantId: tenantId(),
    contactId: text("contact_id").notNull(),
    channelType: text("channel_type").$type<ChannelType>().notNull(),
    source: text("source").notNull().default("api"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.contactId, t.channelType] }),
    index("contact_opt_ins_tenant_idx").on(t.tenantId),
  ],
);

/** Events already counted (usage, review list): makes a redelivered queue message count once. */
export const opsProcessedEvents = sqliteTable(
  "ops_processed_events",
  {
    eventKey: text("event_key").primaryKey(),
    tenantId: text("tenant_id").notNull(),
    at: ts("at").notNull(),
  },
  (t) => [index("ops_processed_events_at_idx").on(t.at)],
);
