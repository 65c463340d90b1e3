import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../../test/helpers";
import { db, event, fakeActions, fakeQueue, fakeStore, seedContact, seedConversation } from "../../test/ops-fixtures";
import { summary } from "./analytics/query";
import { runOpsCron } from "./cron";
import { createOpsJobHandlers, opsJobHandlers } from "./jobs";
import { createWorkflow } from "./workflows/service";

describe("ops seams for the lead", () => {
  it("should dispatch queue messages by kind", async () => {
    expect(Object.keys(opsJobHandlers).sort()).toEqual(["analytics_rebuild", "broadcast_batch", "conversation_event", "search_backfill", "webhook_delivery"]);
    const t = await signupTenant();
    const conv = await seedConversation(t.tenantId, await seedContact(t.tenantId), { createdAt: Date.UTC(2026, 6, 1) });
    const actions = fakeActions();
    await createWorkflow(db(), env.ENCRYPTION_KEY, { tenantId: t.tenantId, userId: t.userId, role: "owner", apiKeyId: null, email: null }, { name: "w", definition: { trigger: { type: "conversation.created" }, steps: [{ type: "add_tags", tags: ["hello"] }] } });
    const handlers = createOpsJobHandlers({ actions });
    await handlers.conversation_event(env, event(t.tenantId, conv, "conversation.created", Date.UTC(2026, 6, 1)));
    expect((await summary(env.DB, { tenantId: t.tenantId, from: "2026-07-01", to: "2026-07-01", dim: "all" })).conversations).toBe(1);
    expect(actions.calls.map((c) => c.method)).toEqual(["addTags"]);
    // A malformed message is dropped (logged), not retried forever.
    await expect(handlers.conversation_event(env, { kind: "conversation_event" })).resolves.toBeUndefined();
    await expect(handlers.broadcast_batch(env, { kind: "broadcast_batch", tenantId: t.tenantId, broadcastId: "bc_x", tick: 0 })).rejects.toThrow(/not wired/);
  });

  it("should run every cron task and report each one", async () => {
    const queue = fakeQueue();
    const out = await runOpsCron({ ...env, JOBS_QUEUE: queue }, { store: fakeStore() });
    expect(Object.keys(out).sort()).toEqual(["broadcastsResumed", "broadcastsStarted", "retention", "webhooksRequeued", "workflowSteps"]);
    for (const v of Object.values(out)) expect(v).not.toHaveProperty("error");
  });
});
