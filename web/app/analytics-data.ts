import type { AnalyticsOverview } from "../shared/api-types";
import type { Series } from "./chart";

const PALETTE = ["#1d4ed8", "#047857", "#b45309", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f"];

/** Every day from `from` to `to` (YYYY-MM-DD, UTC), inclusive. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Per-day counts, one series per channel plus the total; days with nothing count as 0. */
export function perDaySeries(data: Pick<AnalyticsOverview, "perDay" | "from" | "to">): {
  days: string[];
  series: Series[];
} {
  const days = dayRange(data.from, data.to);
  const index = new Map(days.map((d, i) => [d, i]));
  const byChannel = new Map<string, number[]>();
  for (const row of data.perDay) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    let values = byChannel.get(row.channel);
    if (!values) byChannel.set(row.channel, (values = days.map(() => 0)));
    values[i] += row.count;
  }
  const total = days.map((_, i) => [...byChannel.values()].reduce((n, v) => n + v[i], 0));
  const series: Series[] = [...byChannel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, values], i) => ({ label, values, color: PALETTE[(i + 1) % PALETTE.length] }));
  return { days, series: [{ label: "all channels", values: total, color: PALETTE[0] }, ...series] };
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
