/**
 * Dashboard query latency over rollups sized for a tenant with ~1M conversations a year, and the
 * cost of handling one conversation event. Prints figures; asserts only generous bounds.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../test/helpers";
import { event, fakeActions, seedContact, seedConversation } from "../test/ops-fixtures";
import { breakdown, summary, timeseries } from "../workers/analytics/analytics-query";
import { handleConversationEvent } from "../workers/queues/conversation-events";

const DAYS = 365;
const VALUES: [string, number][] = [
  ["all", 1],
  ["channel", 7],
  ["language", 20],
  ["agent", 50],
  ["tag", 50],
];
const METRICS = [
  "conversations",
  "with_inbound",
  "resolved",
  "ai_resolved",
  "ai_resolved_confirmed",
  "ai_resolved_assumed",
  "handed_over",
  "handover_reason:asked",
  "handover_reason:angry",
  "reopened",
  "csat_responses",
  "csat_positive",
  "frt_ai_s_sum",
  "frt_human_s_sum",
  "resolution_s_sum",
  ...[0, 1, 2, 3, 4, 5].map((b) => `frt_ai:${b}`),
  ...[3, 4, 5, 6, 7, 8, 9].map((b) => `frt_human:${b}`),
  ...[4, 5, 6, 7, 8, 9, 10].map((b) => `resolution:${b}`),
];

async function time<T>(label: string, fn: () => Promise<T>, runs = 5): Promise<T> {
  let out!: T;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label}: median ${ms[Math.floor(runs / 2)].toFixed(1)} ms (min ${ms[0].toFixed(1)}, max ${ms[runs - 1].toFixed(1)})`,
  );
  return out;
}

describe("ops benchmarks", () => {
  it("dashboard queries over a year of rollups", async () => {
    const t = await signupTenant();
    const start = performance.now();
    // ~2,740 conversations/day: counts scaled so the metrics look like a busy tenant.
    for (const [dim, n] of VALUES) {
      const values = Array.from({ length: n }, (_, i) => (dim === "all" ? "*" : `${dim}_${i}`));
      const valueList = values.map((v) => `('${v}')`).join(",");
      const metricList = METRICS.map((m) => `('${m}')`).join(",");
      for (let d0 = 0; d0 < DAYS; d0 += 30) {
        await env.DB.prepare(
          `WITH RECURSIVE days(d) AS (SELECT ${d0} UNION ALL SELECT d + 1 FROM days WHERE d + 1 < ${Math.min(DAYS, d0 + 30)}),
             vals(v) AS (VALUES ${valueList}), mets(m) AS (VALUES ${metricList})
           INSERT INTO analytics_rollups (tenant_id, dim, value, day, metric, n)
           SELECT ?, ?, v, date('2025-01-01', '+' || d || ' days'), m, (abs(random()) % ${Math.ceil(2740 / n)}) + 1 FROM days, vals, mets`,
        )
          .bind(t.tenantId, dim)
          .run();
      }
    }
    // Month rows, as conversationFacts writes them alongside the day rows.
    await env.DB.prepare(
      `INSERT INTO analytics_rollups (tenant_id, dim, value, day, metric, n) SELECT tenant_id, 'm:' || dim, value, substr(day, 1, 7), metric, SUM(n) FROM analytics_rollups WHERE tenant_id = ? GROUP BY dim, value, substr(day, 1, 7), metric`,
    )
      .bind(t.tenantId)
      .run();
    const rows = (await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM analytics_rollups WHERE tenant_id = ?`,
    )
      .bind(t.tenantId)
      .first<{ n: number }>())!.n;
    console.log(
      `rollup rows for one tenant-year: ${rows} (built in ${((performance.now() - start) / 1000).toFixed(1)} s)`,
    );
    const q = { tenantId: t.tenantId, dim: "all" as const };
    const s30 = await time("summary, 30 days", () =>
      summary(env, { ...q, from: "2025-12-01", to: "2025-12-30" }),
    );
    await time("summary, 365 days", () =>
      summary(env, { ...q, from: "2025-01-01", to: "2025-12-31" }),
    );
    await time("summary, 365 days, one channel", () =>
      summary(env, {
        ...q,
        dim: "channel",
        value: "channel_3",
        from: "2025-01-01",
        to: "2025-12-31",
      }),
    );
    const tags = await time("breakdown by tag, 30 days", () =>
      breakdown(env, { ...q, dim: "tag", from: "2025-12-01", to: "2025-12-30" }),
    );
    await time("breakdown by agent, 365 days", () =>
      breakdown(env, { ...q, dim: "agent", from: "2025-01-01", to: "2025-12-31" }),
    );
    await time("breakdown by tag, 2025-01-15..2025-12-20 (edges in days)", () =>
      breakdown(env, { ...q, dim: "tag", from: "2025-01-15", to: "2025-12-20" }),
    );
    await time("timeseries, 90 days", () =>
      timeseries(env, { ...q, from: "2025-10-01", to: "2025-12-29" }),
    );
    expect(s30.conversations).toBeGreaterThan(0);
    expect(tags).toHaveLength(50);
    const plan = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT value, metric, SUM(n) FROM analytics_rollups WHERE tenant_id = ? AND dim = ? AND day BETWEEN ? AND ? GROUP BY value, metric`,
    )
      .bind(t.tenantId, "tag", "a", "b")
      .all<{ detail: string }>();
    console.log(`plan: ${plan.results.map((r) => r.detail).join(" | ")}`);
  }, 300_000);

  it("cost of one conversation event", async () => {
    const t = await signupTenant();
    const contact = await seedContact(t.tenantId);
    const convs = await Promise.all(
      Array.from({ length: 20 }, () =>
        seedConversation(t.tenantId, contact, { createdAt: Date.now(), tags: ["a", "b"] }),
      ),
    );
    const deps = { actions: fakeActions() };
    const n = 400;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      await handleConversationEvent(
        env,
        event(t.tenantId, convs[i % convs.length], "message.created", Date.now(), {
          messageId: `m${i}`,
          authorType: i % 2 ? "ai" : "shopper",
          text: "hello",
        }),
        deps,
      );
    }
    const per = (performance.now() - started) / n;
    console.log(
      `handleConversationEvent (message.created, no workflows/endpoints): ${per.toFixed(2)} ms per event over ${n} events`,
    );
    expect(per).toBeLessThan(200);
  }, 120_000);
});
