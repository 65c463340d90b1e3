/**
 * What one conversation contributes to the daily rollups, computed from its D1 index row.
 * Everything is attributed to the UTC day the conversation was created (a cohort), so a later
 * outcome (resolution, rating, reopen) updates that day's row. docs/metrics.md defines each metric.
 */
import { bucketOf } from "./duration-histogram";

export interface ConversationFactsInput {
  createdAt: number;
  channelType: string;
  language: string | null;
  assigneeId: string | null;
  tags: string[];
  status: string;
  firstInboundAt: number | null;
  firstAiResponseAt: number | null;
  firstHumanResponseAt: number | null;
  handoverAt: number | null;
  handoverReason: string | null;
  humanMessageCount: number;
  resolvedAt: number | null;
  reopenCount: number;
  csatScore: number | null;
  /** The shopper confirmed the answer solved it (from the resolved event). */
  confirmed: boolean;
}

export const DIMENSIONS = ["all", "channel", "language", "agent", "tag"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Bounds the rows one conversation can touch. */
const MAX_TAGS = 20;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Keeps dimension values and reasons short and free of the `|` separator. */
export function cleanValue(v: string): string {
  return v.replace(/[|\s]+/g, "_").slice(0, 64) || "unknown";
}

/**
 * Month rows live under their own dimension names (`m:channel`, …) with `YYYY-MM` in the day
 * column, so a day-range query on `channel` can never pick them up by accident.
 */
export const monthDim = (dim: Dimension) => `m:${dim}`;

export function factKey(dim: string, value: string, day: string, metric: string): string {
  return `${dim}|${value}|${day}|${metric}`;
}

export function parseFactKey(key: string): {
  dim: string;
  value: string;
  day: string;
  metric: string;
} {
  const [dim, value, day, metric] = key.split("|");
  return { dim, value, day, metric };
}

/** Metric name → count, before it is multiplied across dimensions. */
export function conversationMetrics(c: ConversationFactsInput): Record<string, number> {
  const m: Record<string, number> = { conversations: 1 };
  const resolved = c.status === "resolved" && c.resolvedAt !== null;
  const handedOver = c.handoverAt !== null;
  if (c.firstInboundAt !== null) m.with_inbound = 1;
  if (resolved) m.resolved = 1;
  if (resolved && c.humanMessageCount === 0 && !handedOver) {
    m.ai_resolved = 1;
    if (c.confirmed || (c.csatScore !== null && c.csatScore >= 4)) m.ai_resolved_confirmed = 1;
    else m.ai_resolved_assumed = 1;
  }
  if (handedOver) {
    m.handed_over = 1;
    m[`handover_reason:${cleanValue(c.handoverReason ?? "unspecified")}`] = 1;
  }
  if (c.reopenCount > 0) m.reopened = 1;
  if (c.csatScore !== null) {
    m.csat_responses = 1;
    if (c.csatScore >= 4) m.csat_positive = 1;
  }
  const duration = (name: string, from: number | null, to: number | null) => {
    if (from === null || to === null || to < from) return;
    m[`${name}:${bucketOf(to - from)}`] = 1;
    m[`${name}_s_sum`] = Math.round((to - from) / 1000);
  };
  duration("frt_ai", c.firstInboundAt, c.firstAiResponseAt);
  duration("frt_human", c.firstInboundAt, c.firstHumanResponseAt);
  if (resolved) duration("resolution", c.firstInboundAt ?? c.createdAt, c.resolvedAt);
  return m;
}

/** The full fact set: every metric under every dimension value, per day and per month. */
export function conversationFacts(c: ConversationFactsInput): Record<string, number> {
  const day = utcDay(c.createdAt);
  const month = day.slice(0, 7);
  const dims: [Dimension, string][] = [
    ["all", "*"],
    ["channel", cleanValue(c.channelType)],
    ["language", cleanValue(c.language ?? "unknown")],
    ["agent", cleanValue(c.assigneeId ?? "unassigned")],
    ...[...new Set(c.tags)]
      .slice(0, MAX_TAGS)
      .map((t): [Dimension, string] => ["tag", cleanValue(t)]),
  ];
  const metrics = conversationMetrics(c);
  const facts: Record<string, number> = {};
  for (const [dim, value] of dims) {
    for (const [metric, n] of Object.entries(metrics)) {
      facts[factKey(dim, value, day, metric)] = n;
      facts[factKey(monthDim(dim), value, month, metric)] = n;
    }
  }
  return facts;
}

/** Per key, what to add to the rollups to move from `before` to `after` (zeros left out). */
export function diffFacts(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    if (d !== 0) delta[k] = d;
  }
  for (const [k, v] of Object.entries(before)) if (!(k in after) && v !== 0) delta[k] = -v;
  return delta;
}
