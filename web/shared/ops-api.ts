/**
 * The dashboard's client for the operations API (workflows, broadcasts, data, usage, outgoing
 * webhooks): every endpoint the ops pages call. Shapes are derived from the routes' wire schemas
 * (`workers/wire/`; type-only imports, so no zod reaches the bundle).
 */
import type { z } from "zod";
import type {
  BroadcastProgressSchema,
  BroadcastRecipientSchema,
  BroadcastSchema,
} from "../../workers/wire/broadcasts";
import type { ContactSchema } from "../../workers/wire/contacts";
import type { RetentionSettings } from "../../workers/wire/retention";
import type { UsageSchema } from "../../workers/wire/usage";
import { USAGE_METRICS, type UsageMetric } from "../../workers/wire/usage-metrics";
import type {
  WebhookDeliverySchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from "../../workers/wire/webhook-endpoints";
import type {
  WorkflowCreatedSchema,
  WorkflowRunSchema,
  WorkflowSchema,
  WorkflowTemplateSchema,
} from "../../workers/wire/workflows";
import { http, withQuery } from "./http";

export type Workflow = z.infer<typeof WorkflowSchema>;
export type WorkflowTemplate = z.infer<typeof WorkflowTemplateSchema>;
export type WorkflowRun = z.infer<typeof WorkflowRunSchema>;

export const workflows = {
  list: () => http<{ workflows: Workflow[] }>("GET", "/api/workflows"),
  templates: () => http<{ templates: WorkflowTemplate[] }>("GET", "/api/workflows/templates"),
  fromTemplate: (templateId: string, name?: string) =>
    http<z.infer<typeof WorkflowCreatedSchema>>("POST", "/api/workflows/from-template", {
      templateId,
      ...(name ? { name } : {}),
    }),
  update: (id: string, b: { enabled?: boolean; name?: string }) =>
    http<{ workflow: Workflow }>("PATCH", `/api/workflows/${id}`, b),
  remove: (id: string) => http<void>("DELETE", `/api/workflows/${id}`),
  runs: (q: { workflowId?: string; limit?: number } = {}) =>
    http<{ runs: WorkflowRun[] }>("GET", "/api/workflow-runs", undefined, { query: q }),
};

export type Broadcast = z.infer<typeof BroadcastSchema>;
export type BroadcastProgress = z.infer<typeof BroadcastProgressSchema>;
export type Recipient = z.infer<typeof BroadcastRecipientSchema>;

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
    http<{ broadcast: Broadcast; progress: BroadcastProgress }>("GET", `/api/broadcasts/${id}`),
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

export type Retention = z.infer<typeof RetentionSettings>;

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

export { USAGE_METRICS, type UsageMetric };
export type Usage = z.infer<typeof UsageSchema>;

export const usage = {
  get: (q: { from?: string; to?: string } = {}) =>
    http<Usage>("GET", "/api/usage", undefined, { query: q }),
  setLimits: (limits: Partial<Record<UsageMetric, number | null>>) =>
    http<{ limits: Usage["limits"] }>("PUT", "/api/usage/limits", limits),
};

export type Endpoint = z.infer<typeof WebhookEndpointSchema>;
export type Delivery = z.infer<typeof WebhookDeliverySchema>;

export const webhooks = {
  list: () =>
    http<{ endpoints: Endpoint[]; eventTypes: string[] }>("GET", "/api/webhook-endpoints"),
  create: (b: { url: string; events: string[]; description?: string }) =>
    http<z.infer<typeof WebhookEndpointWithSecretSchema>>("POST", "/api/webhook-endpoints", b),
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
