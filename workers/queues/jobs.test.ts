import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../../test/helpers";
import {
  db,
  event,
  fakeActions,
  fakeQueue,
  fakeStore,
  seedContact,
  seedConversation,
} from "../../test/ops-fixtures";
import { runCron } from "../cron";
import { summary } from "../analytics/analytics-query";
import { createWorkflow } from "../automation/workflow-service";
import { jobDeps } from "../services/ops-wiring";
import { handleJobs, JOB_HANDLERS, type JobHandler } from "./jobs";

describe("jobs table and cron", () => {
  it("should dispatch queue messages by kind", async () => {
    expect(Object.keys(JOB_HANDLERS).sort()).toEqual([
      "analytics_rebuild",
      "broadcast_batch",
      "conversation_event",
      "conversation_events",
      "index_move",
      "kb_import",
      "search_backfill",
      "search_move",
      "usage_move",
      "webhook_delivery",
      "whatsapp_templates_sync",
    ]);
    const t = await signupTenant();
    const conv = await seedConversation(t.tenantId, await seedContact(t.tenantId), {
      createdAt: Date.UTC(2026, 6, 1),
    });
    const actions = fakeActions();
    await createWorkflow(
      db(),
      env.ENCRYPTION_KEY,
      { tenantId: t.tenantId, userId: t.userId, role: "owner", apiKeyId: null, email: null },
      {
        name: "w",
        definition: {
          trigger: { type: "conversation.created" },
          steps: [{ type: "add_tags", tags: ["hello"] }],
        },
      },
    );
    const deps = { ...jobDeps(env), actions };
    await JOB_HANDLERS.conversation_event(
      env,
      event(t.tenantId, conv, "conversation.created", Date.UTC(2026, 6, 1)),
      deps,
    );
    expect(
      (
        await summary(env, {
          tenantId: t.tenantId,
          from: "2026-07-01",
          to: "2026-07-01",
          dim: "all",
        })
      ).conversations,
    ).toBe(1);
    expect(actions.calls.map((c) => c.method)).toEqual(["addTags"]);
    // A malformed message is dropped (logged), not retried forever.
    await expect(
      JOB_HANDLERS.conversation_event(env, { kind: "conversation_event" }, deps),
    ).resolves.toBeUndefined();
  });

  it("should run every cron task and report each one", async () => {
    const queue = fakeQueue();
    const out = await runCron({ ...env, JOBS_QUEUE: queue }, { store: fakeStore() });
    expect(Object.keys(out).sort()).toEqual([
      "broadcastsResumed",
      "broadcastsStarted",
      "indexMoves",
      "retention",
      "searchMoves",
      "usageMoves",
      "webhooksRequeued",
      "workflowSteps",
    ]);
    for (const v of Object.values(out)) expect(v).not.toHaveProperty("error");
  });

  it("should run another tenant's job while one tenant's job is slow, and keep each tenant's jobs in order", async () => {
    const ran: string[] = [];
    let otherRan!: () => void;
    const other = new Promise<void>((r) => {
      otherRan = r;
    });
    const handlers: Record<string, JobHandler> = {
      // Tenant A's first job waits until tenant B's job has run (bounded, so the old sequential loop fails).
      slow: async (_env, body) => {
        const first = await Promise.race([
          other.then(() => "other first"),
          new Promise<string>((r) => setTimeout(() => r("waited"), 3000)),
        ]);
        ran.push(`${body.tenantId}:${body.n}:${first}`);
      },
      quick: async (_env, body) => {
        ran.push(`${body.tenantId}:${body.n}`);
        if (body.tenantId === "b") otherRan();
      },
      failing: async () => {
        throw new Error("platform error");
      },
    };
    const bodies = [
      { kind: "slow", tenantId: "a", n: 1 },
      { kind: "quick", tenantId: "a", n: 2 },
      { kind: "failing", tenantId: "a", n: 3 },
      { kind: "quick", tenantId: "b", n: 1 },
    ];
    const batch = createMessageBatch(
      "edgedesk-jobs",
      bodies.map((body, i) => ({ id: `m${i}`, body, timestamp: new Date(), attempts: 1 })),
    );
    await handleJobs(batch, env, handlers);
    expect(ran).toEqual(["b:1", "a:1:other first", "a:2"]);
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m3"]);
    expect(result.retryMessages.map((r: { msgId: string }) => r.msgId)).toEqual(["m2"]);
  });
});
