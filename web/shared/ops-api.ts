/**
 * The dashboard's client for the operations API (workflows, broadcasts, data, usage, outgoing
 * webhooks): every endpoint the ops pages call, with its shape. Shapes follow the ops routes
 * (workers/routes/{workflows,broadcasts,export,contacts,usage,webhook-endpoints}.ts).
 */
import type { z } from "zod";
import type { ContactSchema } from "../../workers/wire/contacts";
import type { ModelSpend } from "../../workers/wire/model-spend";
import { http, withQuery } from "./http";

export interface Workflow {
  id: string;
  name: string;
  enabled: boolean;
  definition: Record<string, unknown>;
  templateId: string | null;
  createdAt: number;
  updatedAt: number | null;
}

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  setup: string[];
  startsDisabled: boolean;
}

export interface WorkflowRun {
  id: string;
  workflowId: string;
  conversationId: string;
  status: string;
  log: Record<string, unknown>[];
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
}

export const workflows = {
  list: () => http<{ workflows: Workflow[] }>("GET", "/api/workflows"),
  templates: () => http<{ templates: WorkflowTemplate[] }>("GET", "/api/workflows/templates"),
  fromTemplate: (templateId: string, name?: string) =>
    http<{ workflow: Workflow; signingSecret: string }>("POST", "/api/workflows/from-template", {
      templateId,
      ...(name ? { name } : {}),
    }),
  update: (id: string, b: { enabled?: boolean; name?: string }) =>
    http<{ workflow: Workflow }>("PATCH", `/api/workflows/${id}`, b),
  remove: (id: string) => http<void>("DELETE", `/api/workflows/${id}`),
  runs: (q: { workflowId?: string; limit?: number } = {}) =>
    http<{ runs: WorkflowRun[] }>("GET", "/api/workflow-runs", undefined, { query: q }),
};

export type BroadcastStatus = "draft" | "scheduled" | "sending" | "completed" | "cancelled";
export interface Broadcast {
  id: string;
  name: string;
  channelId: string;
  channelType: string;
  audience: { tags?: string[] };
  variants: { id: string; text?: string }[];
  status: BroadcastStatus;
  scheduledAt: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  note: string | null;
}

export interface BroadcastCounts {
  total: number;
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  delivered: number;
  read: number;
}

export interface Recipient {
  id: string;
  contactId: string;
  address: string;
  variantId: string;
  status: "pending" | "sending" | "sent" | "failed" | "skipped";
  reason: string | null;
  attempts: number;
  sentAt: number | null;
  deliveryStatus: string | null;
}

export const broadcasts = {
  list: () => http<{ broadcasts: Broadcast[] }>("GET", "/api/broadcasts"),
  create: (b: {
    name: string;
    channelId: string;
    audience: { tags: string[] };
    variants: (
      | { id: string; text: string }
      | { id: string; template: { name: string; language: string; params: string[] } }
    )[];
  }) => http<{ broadcast: Broadcast }>("POST", "/api/broadcasts", b),
  get: (id: string) =>
    http<{ broadcast: Broadcast; progress: BroadcastCounts }>("GET", `/api/broadcasts/${id}`),
  schedule: (id: string, at?: number) =>
    http<{ broadcast: Broadcast }>("POST", `/api/broadcasts/${id}/schedule`, at ? { at } : {}),
  cancel: (id: string) => http<{ broadcast: Broadcast }>("POST", `/api/broadcasts/${id}/cancel`),
  recipients: (id: string) =>
    http<{ recipients: Recipient[]; nextCursor: string | null }>(
      "GET",
      `/api/broadcasts/${id}/recipients`,
      undefined,
      { query: { limit: 200 } },
    ),
};

/** GET /api/contacts' rows (masked). */
export type ContactRow = z.infer<typeof ContactSchema>;

export interface Retention {
  conversationsDays: number | null;
  unansweredQuestionsDays: number | null;
  webhookDeliveriesDays: number;
  workflowRunsDays: number;
}

export const data = {
  /** A plain link: the browser downloads the streamed file with the session cookie. */
  exportUrl: (format: "jsonl" | "csv", resource?: string) =>
    withQuery("/api/export", { format, resource }),
  contacts: (q: { q?: string } = {}) =>
    http<{ contacts: ContactRow[]; nextCursor: string | null }>("GET", "/api/contacts", undefined, {
      query: q,
    }),
  erase: (id: string) =>
    http<{ receipt: Record<string, unknown> }>("POST", `/api/contacts/${id}/erase`),
  retention: () => http<{ retention: Retention }>("GET", "/api/settings/retention"),
  saveRetention: (r: Retention) =>
    http<{ retention: Retention }>("PUT", "/api/settings/retention", r),
};

export const USAGE_METRICS = ["ai_replies", "translated_chars", "embeddings", "messages"] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];
export interface Usage {
  from: string;
  to: string;
  days: { day: string; metric: string; value: number }[];
  month: string;
  monthTotals: Record<UsageMetric, number>;
  limits: Partial<Record<UsageMetric, number | null>>;
  degraded: string[];
  models: ModelSpend;
}

export const usage = {
  get: (q: { from?: string; to?: string } = {}) =>
    http<Usage>("GET", "/api/usage", undefined, { query: q }),
  setLimits: (limits: Partial<Record<UsageMetric, number | null>>) =>
    http<{ limits: Usage["limits"] }>("PUT", "/api/usage/limits", limits),
};

export interface Endpoint {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  createdAt: number;
}

export interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export const webhooks = {
  list: () =>
    http<{ endpoints: Endpoint[]; eventTypes: string[] }>("GET", "/api/webhook-endpoints"),
  create: (b: { url: string; events: string[]; description?: string }) =>
    http<{ endpoint: Endpoint; secret: string }>("POST", "/api/webhook-endpoints", b),
  update: (id: string, b: { enabled?: boolean }) =>
    http<{ endpoint: Endpoint }>("PATCH", `/api/webhook-endpoints/${id}`, b),
  remove: (id: string) => http<void>("DELETE", `/api/webhook-endpoints/${id}`),
  test: (id: string) =>
    http<{ deliveryIds: string[] }>("POST", `/api/webhook-endpoints/${id}/test`),
  deliveries: (id: string) =>
    http<{ deliveries: Delivery[] }>("GET", `/api/webhook-endpoints/${id}/deliveries`, undefined, {
      query: { limit: 50 },
    }),
};
