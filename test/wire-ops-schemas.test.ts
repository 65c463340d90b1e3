/**
 * The ops pages' web types are `z.infer` of these wire schemas: each is checked against a real route
 * response, so a field the route adds, drops or retypes fails here. `exact` parses (unknown keys are
 * stripped, so an extra field makes the parsed value differ) and compares with what was sent.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { recordUsage } from "../workers/analytics/usage";
import { handleBroadcastJob } from "../workers/broadcasts/sender";
import { workflowRuns } from "../workers/db/schema-ops";
import { newId } from "../workers/lib/ids";
import { AiTrySchema } from "../workers/wire/ai-try";
import {
  BroadcastProgressSchema,
  BroadcastRecipientSchema,
  BroadcastSchema,
} from "../workers/wire/broadcasts";
import { RetentionSettings } from "../workers/wire/retention";
import { UsageLimits, UsageSchema } from "../workers/wire/usage";
import {
  WebhookDeliverySchema,
  WebhookEndpointSchema,
  WebhookEndpointWithSecretSchema,
} from "../workers/wire/webhook-endpoints";
import {
  WorkflowCreatedSchema,
  WorkflowRunSchema,
  WorkflowSchema,
  WorkflowTemplateSchema,
} from "../workers/wire/workflows";
import { call, signupTenant, type Caller } from "./helpers";
import { db, seedChannel, seedContact, seedIdentity } from "./ops-fixtures";

function exact(schema: z.ZodType, value: unknown) {
  expect(schema.parse(value)).toEqual(value);
}

async function get(owner: Caller, path: string, method = "GET", body?: unknown) {
  const res = await call(method, path, { cookie: owner.cookie, body });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as Record<string, unknown>;
}

describe("wire schemas against real responses", () => {
  it("should describe workflows, templates and runs exactly", async () => {
    const owner = await signupTenant();
    const templates = (await get(owner, "/api/workflows/templates")).templates as unknown[];
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) exact(WorkflowTemplateSchema, t);
    const created = await get(owner, "/api/workflows", "POST", {
      name: "Greet",
      definition: {
        trigger: { type: "conversation.created" },
        steps: [{ type: "send_message", text: { default: "Hi" } }],
      },
    });
    exact(WorkflowCreatedSchema, created);
    const list = (await get(owner, "/api/workflows")).workflows as unknown[];
    expect(list).toHaveLength(1);
    exact(WorkflowSchema, list[0]);
    const { workflow } = created as unknown as { workflow: { id: string } };
    const run = {
      id: newId("wfr"),
      workflowId: workflow.id,
      conversationId: "conv_1",
      status: "succeeded" as const,
      log: [{ index: 0, type: "send_message", ok: true, detail: "sent", at: 1 }],
      vars: {},
      error: null,
      startedAt: 1,
      finishedAt: 2,
    };
    await db()
      .insert(workflowRuns)
      .values({ ...run, tenantId: owner.tenantId, eventKey: "e1" });
    const runs = (await get(owner, "/api/workflow-runs")).runs as unknown[];
    expect(runs).toHaveLength(1);
    exact(WorkflowRunSchema, runs[0]);
  });

  it("should describe a broadcast, its progress and its recipients exactly", async () => {
    const owner = await signupTenant();
    const chn = await seedChannel(owner.tenantId, "telegram");
    const contactId = await seedContact(owner.tenantId, { tags: ["spring"] });
    await seedIdentity(owner.tenantId, contactId, chn, "telegram", "123456789");
    const { broadcast } = (await get(owner, "/api/broadcasts", "POST", {
      name: "Spring",
      channelId: chn,
      audience: { tags: ["spring"] },
      variants: [{ id: "a", text: "Sale!" }],
    })) as unknown as { broadcast: { id: string } };
    exact(BroadcastSchema, broadcast);
    await get(owner, `/api/broadcasts/${broadcast.id}/schedule`, "POST", {});
    const job = { kind: "broadcast_batch", tenantId: owner.tenantId, broadcastId: broadcast.id };
    const sent = async () => ({ ok: true as const, externalId: "tg-1" });
    await handleBroadcastJob(env, { ...job, tick: 0 }, sent);
    await handleBroadcastJob(env, { ...job, tick: 1 }, sent);
    const got = await get(owner, `/api/broadcasts/${broadcast.id}`);
    exact(BroadcastSchema, got.broadcast);
    exact(BroadcastProgressSchema, got.progress);
    expect(got.progress).toMatchObject({ sent: 1 });
    const listed = (await get(owner, "/api/broadcasts")).broadcasts as unknown[];
    exact(BroadcastSchema, listed[0]);
    const { recipients } = (await get(
      owner,
      `/api/broadcasts/${broadcast.id}/recipients`,
    )) as unknown as {
      recipients: unknown[];
    };
    expect(recipients).toHaveLength(1);
    exact(BroadcastRecipientSchema, recipients[0]);
  });

  it("should describe retention and usage exactly", async () => {
    const owner = await signupTenant();
    exact(RetentionSettings, (await get(owner, "/api/settings/retention")).retention);
    const saved = await get(owner, "/api/settings/retention", "PUT", { conversationsDays: 30 });
    exact(RetentionSettings, saved.retention);
    await recordUsage(env, owner.tenantId, "ai_replies", 2);
    const limits = await get(owner, "/api/usage/limits", "PUT", { ai_replies: 5 });
    exact(UsageLimits, limits.limits);
    const usage = await get(owner, "/api/usage");
    exact(UsageSchema, usage);
    expect(usage.days).toHaveLength(1);
  });

  it("should describe the AI try result exactly (its turn record stays open)", async () => {
    const owner = await signupTenant();
    await get(owner, "/api/kb/entries", "POST", {
      question: "How long does shipping take?",
      answer: "Delivery takes 2-4 business days in the EU.",
      language: "en",
    });
    const tried = await get(owner, "/api/ai/try", "POST", {
      message: "How long does shipping take?",
    });
    exact(AiTrySchema, tried);
    expect((tried.hits as unknown[]).length).toBeGreaterThan(0);
    expect(tried.result).toHaveProperty("intent");
  });
});

// Queued test deliveries are sent after the test; nothing reaches the network.
describe("wire schemas against real responses: outgoing webhooks", () => {
  beforeAll(() => {
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok"));
  });

  it("should describe endpoints and deliveries exactly", async () => {
    const owner = await signupTenant();
    const created = await get(owner, "/api/webhook-endpoints", "POST", {
      url: "https://crm.example.com/edgedesk",
      events: ["message.created"],
    });
    exact(WebhookEndpointWithSecretSchema, created);
    const { endpoint } = created as unknown as { endpoint: { id: string } };
    const list = await get(owner, "/api/webhook-endpoints");
    exact(WebhookEndpointSchema, (list.endpoints as unknown[])[0]);
    await get(owner, `/api/webhook-endpoints/${endpoint.id}/test`, "POST");
    const { deliveries } = (await get(
      owner,
      `/api/webhook-endpoints/${endpoint.id}/deliveries`,
    )) as unknown as {
      deliveries: unknown[];
    };
    expect(deliveries).toHaveLength(1);
    exact(WebhookDeliverySchema, deliveries[0]);
  });
});
