import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { searchIndexed, shardRows } from "../../test/engine-helpers";
import { signupTenant } from "../../test/helpers";
import {
  event,
  fakeActions,
  seedContact,
  seedConversation,
  updateConversation,
} from "../../test/ops-fixtures";
import { handleConversationEvent, handleConversationEvents } from "./conversation-events";
import { summary, breakdown } from "../analytics/analytics-query";

const T0 = Date.UTC(2026, 2, 10, 9, 0, 0);
const DAY = "2026-03-10";

/** The metric's count in the tenant's shard; the shared D1 must hold none. */
async function usage(tenantId: string, metric: string): Promise<number> {
  const d1 = await env.DB.prepare("SELECT count(*) AS n FROM usage_counters WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ n: number }>();
  expect(d1?.n).toBe(0);
  const [row] = await shardRows<{ v: number | null }>(
    tenantId,
    "SELECT SUM(value) AS v FROM usage_daily WHERE metric = ?",
    metric,
  );
  return row?.v ?? 0;
}

/** The env with the job stopping right after the tenant shard's `applyEvents` wrote: before the ack. */
function stopAfterShard(): typeof env {
  const ns = env.TENANT_SHARD;
  const failing = {
    idFromName: (name: string) => ns.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = ns.get(id);
      return new Proxy(stub, {
        get: (target, prop) =>
          prop === "applyEvents"
            ? (...args: unknown[]) =>
                (target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)
                  .applyEvents(...args)
                  .then(() => Promise.reject(new Error("stopped")))
            : Reflect.get(target, prop),
      });
    },
  };
  return { ...env, TENANT_SHARD: failing as unknown as typeof ns };
}

describe("handleConversationEvent", () => {
  it("should roll up an AI-resolved conversation with first response times, once per event", async () => {
    const t = await signupTenant();
    const contact = await seedContact(t.tenantId);
    const conv = await seedConversation(t.tenantId, contact, {
      channelType: "whatsapp",
      language: "es",
      createdAt: T0,
      firstInboundAt: T0,
    });
    const deps = { actions: fakeActions(), now: () => T0 };
    await handleConversationEvent(env, event(t.tenantId, conv, "conversation.created", T0), deps);
    await updateConversation(conv, {
      firstAiResponseAt: T0 + 3_000,
      firstResponseAt: T0 + 3_000,
      messageCount: 2,
    });
    const reply = event(t.tenantId, conv, "message.created", T0 + 3_000, {
      messageId: "m2",
      authorType: "ai",
      kind: "text",
      text: "Hola",
    });
    await handleConversationEvent(env, reply, deps);
    await handleConversationEvent(env, reply, deps); // the queue redelivers
    await updateConversation(conv, { status: "resolved", resolvedAt: T0 + 60_000 });
    const resolved = event(t.tenantId, conv, "conversation.resolved", T0 + 60_000, {
      by: "shopper",
    });
    await handleConversationEvent(env, resolved, deps);
    await handleConversationEvent(env, resolved, deps);

    const m = await summary(env, { tenantId: t.tenantId, from: DAY, to: DAY, dim: "all" });
    expect(m.conversations).toBe(1);
    expect(m.aiResolved).toMatchObject({ total: 1, confirmed: 1, assumed: 0, rate: 1 });
    expect(m.firstResponse.ai.count).toBe(1);
    expect(m.firstResponse.ai.p50).toBeGreaterThan(0);
    expect(m.firstResponse.ai.p50).toBeLessThanOrEqual(5);
    expect(m.firstResponse.human.count).toBe(0);
    expect(await usage(t.tenantId, "messages")).toBe(1);
    expect(await usage(t.tenantId, "ai_replies")).toBe(1);
    const byChannel = await breakdown(env, {
      tenantId: t.tenantId,
      from: DAY,
      to: DAY,
      dim: "channel",
    });
    expect(byChannel.map((r) => r.value)).toEqual(["whatsapp"]);
  });

  it("should move a reopened, handed-over conversation out of AI-resolved and count the reason", async () => {
    const t = await signupTenant();
    const contact = await seedContact(t.tenantId);
    const conv = await seedConversation(t.tenantId, contact, {
      createdAt: T0,
      firstInboundAt: T0,
      status: "resolved",
      resolvedAt: T0 + 1000,
    });
    const deps = { actions: fakeActions(), now: () => T0 };
    await handleConversationEvent(
      env,
      event(t.tenantId, conv, "conversation.resolved", T0 + 1000),
      deps,
    );
    let m = await summary(env, { tenantId: t.tenantId, from: DAY, to: DAY, dim: "all" });
    expect(m.aiResolved).toMatchObject({ total: 1, confirmed: 0, assumed: 1 });

    await updateConversation(conv, {
      status: "waiting",
      resolvedAt: null,
      reopenCount: 1,
      handoverAt: T0 + 5000,
      handoverReason: "asked for human",
    });
    await handleConversationEvent(
      env,
      event(t.tenantId, conv, "conversation.reopened", T0 + 4000),
      deps,
    );
    await handleConversationEvent(
      env,
      event(t.tenantId, conv, "conversation.handover", T0 + 5000, {
        reason: "asked for human",
        text: "I want a person",
      }),
      deps,
    );
    m = await summary(env, { tenantId: t.tenantId, from: DAY, to: DAY, dim: "all" });
    expect(m.aiResolved.total).toBe(0);
    expect(m.resolved).toBe(0);
    expect(m.handover).toMatchObject({ count: 1, rate: 1, reasons: { asked_for_human: 1 } });
    expect(m.reopen.count).toBe(1);
    const review = await env.DB.prepare(
      "SELECT kind, text FROM review_items WHERE conversation_id = ?",
    )
      .bind(conv)
      .all<{ kind: string; text: string }>();
    expect(review.results).toEqual([{ kind: "handover", text: "I want a person" }]);
  });

  it("should give the same totals from month rows as from day rows across month boundaries", async () => {
    const t = await signupTenant();
    const contact = await seedContact(t.tenantId);
    const days = [
      Date.UTC(2026, 0, 30, 23),
      Date.UTC(2026, 0, 31, 1),
      Date.UTC(2026, 1, 1, 0),
      Date.UTC(2026, 1, 14),
      Date.UTC(2026, 1, 28, 23, 59),
      Date.UTC(2026, 2, 1),
    ];
    for (const at of days) {
      const conv = await seedConversation(t.tenantId, contact, {
        createdAt: at,
        channelType: "email",
      });
      await handleConversationEvent(env, event(t.tenantId, conv, "conversation.created", at), {
        actions: fakeActions(),
      });
    }
    const count = async (from: string, to: string) =>
      (await summary(env, { tenantId: t.tenantId, from, to, dim: "all" })).conversations;
    expect(await count("2026-01-01", "2026-03-31")).toBe(6);
    expect(await count("2026-02-01", "2026-02-28")).toBe(3);
    expect(await count("2026-01-31", "2026-03-01")).toBe(5);
    expect(await count("2026-01-31", "2026-02-28")).toBe(4);
    expect(await count("2025-12-01", "2026-01-30")).toBe(1);
    const rows = await breakdown(env, {
      tenantId: t.tenantId,
      from: "2026-01-15",
      to: "2026-03-15",
      dim: "channel",
    });
    expect(rows).toEqual([
      expect.objectContaining({
        value: "email",
        metrics: expect.objectContaining({ conversations: 6 }),
      }),
    ]);
  });

  it("should reject a malformed event without touching D1", async () => {
    const res = await handleConversationEvent(
      env,
      { kind: "conversation_event", tenantId: "x", type: "nope" },
      { actions: fakeActions() },
    );
    expect(res).toMatchObject({ ok: false, error: "invalid event" });
  });
});

describe("handleConversationEvents", () => {
  it("should handle a conversation's batch like its events one by one, once however often it comes, and skip another conversation's", async () => {
    const t = await signupTenant();
    const stranger = await signupTenant();
    const contact = await seedContact(t.tenantId);
    const conv = await seedConversation(t.tenantId, contact, {
      createdAt: T0,
      firstInboundAt: T0,
    });
    const foreign = await seedConversation(stranger.tenantId, await seedContact(stranger.tenantId));
    await updateConversation(conv, {
      status: "resolved",
      resolvedAt: T0 + 60_000,
      firstAiResponseAt: T0 + 3_000,
      messageCount: 3,
    });
    const msg = (n: number, authorType: string, kind = "text") =>
      event(t.tenantId, conv, "message.created", T0 + n * 1_000, {
        messageId: `m${n}-${conv}`,
        authorType,
        kind,
        text: `palabra${n} en el mensaje`,
      });
    const events = [
      { ...event(t.tenantId, conv, "conversation.created", T0), id: `e0-${conv}` },
      { ...msg(1, "shopper"), id: `e1-${conv}` },
      { ...msg(2, "ai"), id: `e2-${conv}` },
      { ...msg(3, "agent", "note"), id: `e3-${conv}` },
      {
        ...event(t.tenantId, conv, "conversation.resolved", T0 + 60_000, { by: "shopper" }),
        id: `e4-${conv}`,
      },
      { ...msg(4, "shopper"), conversationId: foreign, id: `e5-${conv}` },
    ];
    const job = { kind: "conversation_events", tenantId: t.tenantId, conversationId: conv, events };
    const deps = { actions: fakeActions(), now: () => T0 + 60_000 };
    const first = await handleConversationEvents(env, job, deps);
    expect(first.map((r) => r.duplicate)).toEqual([false, false, false, false, false]);
    const again = await handleConversationEvents(env, job, deps); // the queue redelivers
    expect(again.map((r) => r.duplicate)).toEqual([true, true, true, true, true]);

    expect(await usage(t.tenantId, "messages")).toBe(2);
    expect(await usage(t.tenantId, "ai_replies")).toBe(1);
    expect(await usage(stranger.tenantId, "messages")).toBe(0);
    // Indexed in the tenant's shard only; nothing of the foreign event anywhere.
    const searchable = (tenantId: string) =>
      shardRows<{ c: string; n: number }>(
        tenantId,
        "SELECT conversation_id AS c, count(*) AS n FROM search_docs GROUP BY conversation_id",
      );
    expect(await searchable(t.tenantId)).toEqual([{ c: conv, n: 3 }]);
    expect(await searchable(stranger.tenantId)).toEqual([]);
    const m = await summary(env, { tenantId: t.tenantId, from: DAY, to: DAY, dim: "all" });
    expect(m.conversations).toBe(1);
    expect(m.aiResolved).toMatchObject({ total: 1, confirmed: 1, assumed: 0 });

    const bad = await handleConversationEvents(
      env,
      { kind: "conversation_events", events: [] },
      deps,
    );
    expect(bad).toEqual([{ ok: false, error: "invalid job" }]);
  });

  it("should count a job's usage once when it stops after the shard's write and is delivered again", async () => {
    const t = await signupTenant();
    const conv = await seedConversation(t.tenantId, await seedContact(t.tenantId), {
      createdAt: T0,
      firstInboundAt: T0,
    });
    const events = [1, 2].map((n) => ({
      ...event(t.tenantId, conv, "message.created", T0 + n, {
        messageId: `m${n}-${conv}`,
        authorType: n === 1 ? "shopper" : "ai",
        kind: "text",
        text: `hola ${n}`,
      }),
      id: `e${n}-${conv}`,
    }));
    const job = { kind: "conversation_events", tenantId: t.tenantId, conversationId: conv, events };
    const deps = { actions: fakeActions(), now: () => T0 };
    await expect(handleConversationEvents(stopAfterShard(), job, deps)).rejects.toThrow("stopped");
    expect(await usage(t.tenantId, "messages")).toBe(2);
    expect(await searchIndexed(t.tenantId, conv)).toBe(2);
    // The queue retries the job: counted and indexed already, so nothing is added.
    const retried = await handleConversationEvents(env, job, deps);
    expect(retried.map((r) => r.duplicate)).toEqual([true, true]);
    expect(await usage(t.tenantId, "messages")).toBe(2);
    expect(await usage(t.tenantId, "ai_replies")).toBe(1);
    expect(await searchIndexed(t.tenantId, conv)).toBe(2);
  });
});
