import { describe, expect, it } from "vitest";
import { bucketOf, BUCKET_COUNT, DURATION_BOUNDS_MS, percentile } from "../lib/duration-histogram";
import {
  conversationFacts,
  conversationMetrics,
  diffFacts,
  type ConversationFactsInput,
} from "../lib/analytics-facts";
import { computeMetrics } from "./metrics";
import { splitRange } from "./analytics-query";
import { clusterQuestions, cosine, features } from "./gaps";

const base: ConversationFactsInput = {
  createdAt: Date.UTC(2026, 0, 5, 23, 59),
  channelType: "telegram",
  language: "de",
  assigneeId: null,
  tags: [],
  status: "bot",
  firstInboundAt: null,
  firstAiResponseAt: null,
  firstHumanResponseAt: null,
  handoverAt: null,
  handoverReason: null,
  humanMessageCount: 0,
  resolvedAt: null,
  reopenCount: 0,
  csatScore: null,
  confirmed: false,
};

describe("histogram", () => {
  it("should put durations in the bucket whose upper bound they are under", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(4_999)).toBe(0);
    expect(bucketOf(5_000)).toBe(1);
    expect(bucketOf(10 * 86_400_000)).toBe(BUCKET_COUNT - 1);
  });

  it("should estimate percentiles within the bucket of the true value", () => {
    // 100 samples spread uniformly over 0..60s: true p50 = 30s, p90 = 54s.
    const counts = new Array(BUCKET_COUNT).fill(0);
    for (let s = 0; s < 60; s += 0.6) counts[bucketOf(s * 1000)]++;
    const p50 = percentile(counts, 0.5)!;
    const p90 = percentile(counts, 0.9)!;
    expect(p50).toBeGreaterThanOrEqual(20);
    expect(p50).toBeLessThanOrEqual(30);
    expect(p90).toBeGreaterThanOrEqual(30);
    expect(p90).toBeLessThanOrEqual(60);
    expect(percentile(new Array(BUCKET_COUNT).fill(0), 0.5)).toBeNull();
  });

  it("should report the lower bound for samples in the open last bucket", () => {
    const counts = new Array(BUCKET_COUNT).fill(0);
    counts[BUCKET_COUNT - 1] = 3;
    expect(percentile(counts, 0.9)).toBe(DURATION_BOUNDS_MS[DURATION_BOUNDS_MS.length - 1] / 1000);
  });
});

describe("conversation facts", () => {
  it("should count a conversation resolved without a human as AI-resolved, assumed unless confirmed", () => {
    const resolved = {
      ...base,
      status: "resolved",
      firstInboundAt: base.createdAt,
      firstAiResponseAt: base.createdAt + 2000,
      resolvedAt: base.createdAt + 90_000,
    };
    expect(conversationMetrics(resolved)).toMatchObject({
      conversations: 1,
      resolved: 1,
      ai_resolved: 1,
      ai_resolved_assumed: 1,
      "frt_ai:0": 1,
      frt_ai_s_sum: 2,
    });
    expect(conversationMetrics({ ...resolved, confirmed: true })).toMatchObject({
      ai_resolved_confirmed: 1,
    });
    expect(conversationMetrics({ ...resolved, csatScore: 5 })).toMatchObject({
      ai_resolved_confirmed: 1,
      csat_positive: 1,
    });
    expect(conversationMetrics({ ...resolved, humanMessageCount: 1 })).not.toHaveProperty(
      "ai_resolved",
    );
    expect(
      conversationMetrics({ ...resolved, handoverAt: base.createdAt + 1000 }),
    ).not.toHaveProperty("ai_resolved");
  });

  it("should attribute to the UTC creation day under every dimension, tags included", () => {
    const facts = conversationFacts({
      ...base,
      tags: ["vip", "vip", "refund"],
      assigneeId: "usr_1",
    });
    const keys = Object.keys(facts).filter(
      (k) => k.endsWith("|conversations") && !k.startsWith("m:"),
    );
    expect(keys.sort()).toEqual([
      "agent|usr_1|2026-01-05|conversations",
      "all|*|2026-01-05|conversations",
      "channel|telegram|2026-01-05|conversations",
      "language|de|2026-01-05|conversations",
      "tag|refund|2026-01-05|conversations",
      "tag|vip|2026-01-05|conversations",
    ]);
    // The same facts again per month, under month dimensions.
    expect(facts["m:all|*|2026-01|conversations"]).toBe(1);
    expect(facts["m:tag|vip|2026-01|conversations"]).toBe(1);
    expect(Object.keys(facts).filter((k) => k.startsWith("m:"))).toHaveLength(
      Object.keys(facts).length / 2,
    );
  });

  it("should diff facts so only changes are applied", () => {
    const before = conversationFacts(base);
    const after = conversationFacts({ ...base, language: "fr" });
    const delta = diffFacts(before, after);
    expect(delta["language|de|2026-01-05|conversations"]).toBe(-1);
    expect(delta["language|fr|2026-01-05|conversations"]).toBe(1);
    expect(delta["all|*|2026-01-05|conversations"]).toBeUndefined();
    expect(diffFacts(after, after)).toEqual({});
  });
});

describe("splitRange", () => {
  it("should read whole months from month rows and the edges from day rows", () => {
    expect(splitRange("all", "2026-01-15", "2026-04-10")).toEqual([
      { dim: "all", from: "2026-01-15", to: "2026-01-31" },
      { dim: "m:all", from: "2026-02", to: "2026-03" },
      { dim: "all", from: "2026-04-01", to: "2026-04-10" },
    ]);
    expect(splitRange("tag", "2026-01-01", "2026-12-31")).toEqual([
      { dim: "m:tag", from: "2026-01", to: "2026-12" },
    ]);
    expect(splitRange("all", "2024-02-01", "2024-02-29")).toEqual([
      { dim: "m:all", from: "2024-02", to: "2024-02" },
    ]);
    expect(splitRange("all", "2026-02-01", "2026-02-27")).toEqual([
      { dim: "all", from: "2026-02-01", to: "2026-02-27" },
    ]);
    expect(splitRange("all", "2026-01-20", "2026-02-10")).toEqual([
      { dim: "all", from: "2026-01-20", to: "2026-02-10" },
    ]);
  });
});

describe("computeMetrics", () => {
  it("should compute rates from counts and leave empty rates null", () => {
    const m = computeMetrics({
      conversations: 10,
      resolved: 8,
      ai_resolved: 6,
      ai_resolved_confirmed: 2,
      ai_resolved_assumed: 4,
      handed_over: 3,
      "handover_reason:angry": 2,
      "handover_reason:asked": 1,
      reopened: 2,
      csat_responses: 4,
      csat_positive: 3,
    });
    expect(m.aiResolved.rate).toBe(0.6);
    expect(m.handover).toEqual({ count: 3, rate: 0.3, reasons: { angry: 2, asked: 1 } });
    expect(m.reopen.rate).toBe(0.25);
    expect(m.csat).toEqual({ responses: 4, positive: 3, score: 0.75, responseRate: 0.5 });
    expect(computeMetrics({}).csat.score).toBeNull();
  });
});

describe("knowledge gap clustering", () => {
  it("should rate paraphrases as closer than unrelated questions", () => {
    const a = features("How do I reset my password?");
    expect(cosine(a, features("how can i reset my password"))).toBeGreaterThan(
      cosine(a, features("Do you ship to Canada?")),
    );
  });

  it("should group paraphrases into one suggested entry with the central question first", () => {
    const q = (id: string, text: string, language = "en") => ({
      id,
      text,
      language,
      conversationId: `c_${id}`,
      createdAt: Number(id.slice(1)),
    });
    const out = clusterQuestions([
      q("q1", "Do you ship to Canada?"),
      q("q2", "do you ship to canada"),
      q("q3", "Can you ship my order to Canada?"),
      q("q4", "How do I reset my password?"),
      q("q5", "how to reset password"),
      q("q6", "¿Hacen envíos a Canadá?", "es"),
    ]);
    const shipping = out.find((e) => e.questionIds.includes("q1"))!;
    expect(shipping.questionIds).toEqual(expect.arrayContaining(["q2", "q3"]));
    expect(shipping.questionIds).not.toContain("q4");
    const password = out.find((e) => e.questionIds.includes("q4"))!;
    expect(password.questionIds).toContain("q5");
    expect(out[0].count).toBeGreaterThanOrEqual(out[out.length - 1].count);
  });
});
