import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addMember, call, errorOf, signupTenant } from "../helpers";
import {
  db,
  event,
  fakeActions,
  seedContact,
  seedConversation,
  updateConversation,
} from "../ops-fixtures";
import { unansweredQuestions } from "../../workers/db/schema";
import { newId } from "../../workers/lib/ids";
import { handleConversationEvent } from "../../workers/queues/conversation-events";
import { rebuildAnalytics } from "../../workers/analytics/rollup";

const D1 = Date.UTC(2026, 0, 10, 10);
const D2 = Date.UTC(2026, 0, 11, 10);
type M = {
  conversations: number;
  handover: { count: number; rate: number; reasons: Record<string, number> };
  firstResponse: { ai: { count: number; p50: number }; human: { count: number; p90: number } };
  csat: { score: number; responses: number };
};

/** Two days of conversations on two channels, one handed over and rated low. */
async function seeded() {
  const owner = await signupTenant();
  const contact = await seedContact(owner.tenantId);
  const deps = { actions: fakeActions() };
  const a = await seedConversation(owner.tenantId, contact, {
    createdAt: D1,
    channelType: "whatsapp",
    firstInboundAt: D1,
    firstAiResponseAt: D1 + 2000,
    status: "resolved",
    resolvedAt: D1 + 60_000,
    csatScore: 5,
  });
  const b = await seedConversation(owner.tenantId, contact, {
    createdAt: D2,
    channelType: "telegram",
    firstInboundAt: D2,
    firstHumanResponseAt: D2 + 600_000,
    handoverAt: D2 + 1000,
    handoverReason: "refund",
    humanMessageCount: 2,
    csatScore: 2,
    status: "assigned",
    assigneeId: owner.userId,
    tags: ["refund"],
  });
  await handleConversationEvent(
    env,
    event(owner.tenantId, a, "conversation.resolved", D1 + 60_000),
    deps,
  );
  await handleConversationEvent(
    env,
    event(owner.tenantId, b, "conversation.handover", D2 + 1000, {
      reason: "refund",
      text: "I want my money back",
    }),
    deps,
  );
  await handleConversationEvent(
    env,
    event(owner.tenantId, b, "conversation.rated", D2 + 900_000, { score: 2, comment: "slow" }),
    deps,
  );
  return { owner, a, b };
}

describe("analytics API", () => {
  it("should report summary, breakdown and timeseries from the rollups", async () => {
    const { owner } = await seeded();
    const viewer = await addMember(owner, "viewer");
    const s = (await (
      await call("GET", "/api/analytics/summary?from=2026-01-10&to=2026-01-11", {
        cookie: viewer.cookie,
      })
    ).json()) as { metrics: M };
    expect(s.metrics).toMatchObject({
      conversations: 2,
      handover: { count: 1, rate: 0.5, reasons: { refund: 1 } },
      csat: { responses: 2, score: 0.5 },
    });
    expect(s.metrics.firstResponse.ai.count).toBe(1);
    expect(s.metrics.firstResponse.human.count).toBe(1);
    expect(s.metrics.firstResponse.human.p90).toBeGreaterThan(300);
    const one = (await (
      await call(
        "GET",
        "/api/analytics/summary?from=2026-01-10&to=2026-01-11&dim=channel&value=telegram",
        { cookie: viewer.cookie },
      )
    ).json()) as { metrics: M };
    expect(one.metrics.conversations).toBe(1);
    const br = (await (
      await call("GET", "/api/analytics/breakdown?from=2026-01-01&to=2026-01-31&dimension=agent", {
        cookie: owner.cookie,
      })
    ).json()) as { rows: { value: string; metrics: M }[] };
    expect(br.rows.map((r) => r.value).sort()).toEqual([owner.userId, "unassigned"].sort());
    const ts = (await (
      await call("GET", "/api/analytics/timeseries?from=2026-01-09&to=2026-01-11", {
        cookie: owner.cookie,
      })
    ).json()) as { days: { day: string; metrics: M }[] };
    expect(ts.days.map((d) => [d.day, d.metrics.conversations])).toEqual([
      ["2026-01-10", 1],
      ["2026-01-11", 1],
    ]);
  });

  it("should reject bad ranges and dimensions with 422 and require sign-in", async () => {
    const owner = await signupTenant();
    for (const q of [
      "from=2026-02-01&to=2026-01-01",
      "from=2020-01-01&to=2026-01-01",
      "from=01/02/2026",
      "dimension=country",
    ]) {
      const path = q.startsWith("dimension")
        ? `/api/analytics/breakdown?${q}`
        : `/api/analytics/summary?${q}`;
      const res = await call("GET", path, { cookie: owner.cookie });
      expect(res.status, q).toBe(422);
      expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
    }
    expect((await call("GET", "/api/analytics/summary")).status).toBe(401);
  });

  it("should keep each tenant's analytics and review list to itself", async () => {
    const { owner } = await seeded();
    const other = await signupTenant();
    const s = (await (
      await call("GET", "/api/analytics/summary?from=2026-01-10&to=2026-01-11", {
        cookie: other.cookie,
      })
    ).json()) as { metrics: M };
    expect(s.metrics.conversations).toBe(0);
    const { items } = (await (
      await call("GET", "/api/analytics/review", { cookie: owner.cookie })
    ).json()) as { items: { id: string }[] };
    const res = await call("PATCH", `/api/analytics/review/${items[0].id}`, {
      cookie: other.cookie,
      body: { status: "done" },
    });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("REVIEW_ITEM_NOT_FOUND");
    expect(
      (
        (await (await call("GET", "/api/analytics/review", { cookie: other.cookie })).json()) as {
          items: unknown[];
        }
      ).items,
    ).toEqual([]);
  });

  it("should list low ratings and handovers for review and let an agent close them", async () => {
    const { owner, b } = await seeded();
    const { items } = (await (
      await call("GET", "/api/analytics/review?status=open", { cookie: owner.cookie })
    ).json()) as {
      items: {
        id: string;
        kind: string;
        conversationId: string;
        text: string;
        score: number | null;
      }[];
    };
    expect(items.map((i) => [i.kind, i.conversationId]).sort()).toEqual([
      ["handover", b],
      ["low_rating", b],
    ]);
    expect(items.find((i) => i.kind === "handover")?.text).toBe("I want my money back");
    const agent = await addMember(owner, "agent");
    const viewer = await addMember(owner, "viewer");
    expect(
      (
        await call("PATCH", `/api/analytics/review/${items[0].id}`, {
          cookie: viewer.cookie,
          body: { status: "done" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call("PATCH", `/api/analytics/review/${items[0].id}`, {
          cookie: agent.cookie,
          body: { status: "closed" },
        })
      ).status,
    ).toBe(422);
    const ok = await call("PATCH", `/api/analytics/review/${items[0].id}`, {
      cookie: agent.cookie,
      body: { status: "done" },
    });
    expect(
      ((await ok.json()) as { item: { status: string; reviewedBy: string } }).item,
    ).toMatchObject({ status: "done", reviewedBy: agent.userId });
    expect(
      (
        (await (
          await call("GET", "/api/analytics/review?status=open", { cookie: owner.cookie })
        ).json()) as { items: unknown[] }
      ).items,
    ).toHaveLength(1);
  });

  it("should group knowledge gaps into suggested FAQ entries", async () => {
    const owner = await signupTenant();
    const conv = await seedConversation(owner.tenantId, await seedContact(owner.tenantId));
    const qs = [
      "Do you ship to Canada?",
      "do you ship to canada",
      "Can you ship to Canada please",
      "How do I return shoes?",
      "how to return my shoes",
    ];
    for (const [i, text] of qs.entries())
      await db()
        .insert(unansweredQuestions)
        .values({
          id: newId("uq"),
          tenantId: owner.tenantId,
          conversationId: conv,
          text,
          reason: "no_match",
          createdAt: 1000 + i,
        });
    const res = await call("GET", "/api/analytics/knowledge-gaps", { cookie: owner.cookie });
    const body = (await res.json()) as {
      sampled: number;
      suggestions: { question: string; count: number; phrasings: string[] }[];
    };
    expect(body.sampled).toBe(5);
    expect(body.suggestions.map((s) => s.count)).toEqual([3, 2]);
    expect(body.suggestions[0].question.toLowerCase()).toContain("canada");
    expect(
      (await call("GET", "/api/analytics/knowledge-gaps?limit=500", { cookie: owner.cookie }))
        .status,
    ).toBe(422);
  });

  it("should rebuild rollups on request (admin only)", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    expect((await call("POST", "/api/analytics/rebuild", { cookie: agent.cookie })).status).toBe(
      403,
    );
    expect((await call("POST", "/api/analytics/rebuild", { cookie: owner.cookie })).status).toBe(
      202,
    );
    // The job itself: conversations written before ops existed get counted.
    const conv = await seedConversation(owner.tenantId, await seedContact(owner.tenantId), {
      createdAt: D1,
    });
    await updateConversation(conv, { status: "resolved", resolvedAt: D1 + 1000 });
    expect(
      await rebuildAnalytics(env, { kind: "analytics_rebuild", tenantId: owner.tenantId }),
    ).toEqual({ processed: 1, done: true });
    const s = (await (
      await call("GET", "/api/analytics/summary?from=2026-01-10&to=2026-01-10", {
        cookie: owner.cookie,
      })
    ).json()) as { metrics: { resolved: number } };
    expect(s.metrics.resolved).toBe(1);
  });
});
