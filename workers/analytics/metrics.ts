/** Turns summed rollup counts into the dashboard's metrics (definitions: docs/metrics.md). */
import { BUCKET_COUNT, percentile } from "../lib/duration-histogram";

export interface DurationStats {
  count: number;
  p50: number | null;
  p90: number | null;
  meanSeconds: number | null;
}

export interface Metrics {
  conversations: number;
  resolved: number;
  aiResolved: { total: number; confirmed: number; assumed: number; rate: number | null };
  handover: { count: number; rate: number | null; reasons: Record<string, number> };
  firstResponse: { ai: DurationStats; human: DurationStats };
  resolutionTime: DurationStats;
  reopen: { count: number; rate: number | null };
  csat: { responses: number; positive: number; score: number | null; responseRate: number | null };
}

const ratio = (a: number, b: number): number | null =>
  b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null;

function duration(counts: Record<string, number>, name: string): DurationStats {
  const buckets = Array.from({ length: BUCKET_COUNT }, (_, i) => counts[`${name}:${i}`] ?? 0);
  const count = buckets.reduce((a, b) => a + b, 0);
  const sum = counts[`${name}_s_sum`] ?? 0;
  return {
    count,
    p50: percentile(buckets, 0.5),
    p90: percentile(buckets, 0.9),
    meanSeconds: count ? Math.round((sum / count) * 10) / 10 : null,
  };
}

export function computeMetrics(counts: Record<string, number>): Metrics {
  const n = (k: string) => counts[k] ?? 0;
  const reasons: Record<string, number> = {};
  for (const [k, v] of Object.entries(counts))
    if (k.startsWith("handover_reason:") && v > 0) reasons[k.slice(16)] = v;
  return {
    conversations: n("conversations"),
    resolved: n("resolved"),
    aiResolved: {
      total: n("ai_resolved"),
      confirmed: n("ai_resolved_confirmed"),
      assumed: n("ai_resolved_assumed"),
      rate: ratio(n("ai_resolved"), n("conversations")),
    },
    handover: {
      count: n("handed_over"),
      rate: ratio(n("handed_over"), n("conversations")),
      reasons,
    },
    firstResponse: { ai: duration(counts, "frt_ai"), human: duration(counts, "frt_human") },
    resolutionTime: duration(counts, "resolution"),
    reopen: { count: n("reopened"), rate: ratio(n("reopened"), n("resolved")) },
    csat: {
      responses: n("csat_responses"),
      positive: n("csat_positive"),
      score: ratio(n("csat_positive"), n("csat_responses")),
      responseRate: ratio(n("csat_responses"), n("resolved")),
    },
  };
}
