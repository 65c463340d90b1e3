import { useState } from "preact/hooks";
import { analytics } from "../../shared/api";
import type { AnalyticsOverview, Percentiles } from "../../shared/api-types";
import { Card, ErrorNote, Field, formatDuration, formValue, Loading, Page, useAsync } from "../../shared/ui";
import { isoDay, perDaySeries } from "../analytics-data";
import { DayChart } from "../chart";

const RANGES = [7, 30, 90];

function Stat({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div class="stat">
      <span class="stat-label">{label}</span>
      <span class="stat-value">{value}</span>
      {sub && <span class="stat-sub">{sub}</span>}
    </div>
  );
}

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : "—");
const p5090 = (p: Percentiles) => `p50 ${formatDuration(p.p50)} · p90 ${formatDuration(p.p90)}`;

function Outcome({ data }: { data: AnalyticsOverview }) {
  const { aiResolved, handedOver } = data.totals;
  const total = aiResolved + handedOver;
  return (
    <figure class="chart">
      <figcaption>AI-resolved vs handed over</figcaption>
      <div class="split-bar" role="img" aria-label={`AI resolved ${aiResolved}, handed over ${handedOver}`}>
        <span class="split-ai" style={{ flexGrow: aiResolved }} />
        <span class="split-human" style={{ flexGrow: handedOver }} />
      </div>
      <p class="legend">
        <span class="dot dot-ai" /> AI resolved {aiResolved} ({pct(aiResolved, total)}) <span class="dot dot-human" /> Handed over {handedOver} ({pct(handedOver, total)})
      </p>
    </figure>
  );
}

function Csat({ data }: { data: AnalyticsOverview }) {
  const dist = data.csat.distribution ?? {};
  const max = Math.max(1, ...Object.values(dist));
  return (
    <figure class="chart">
      <figcaption>Customer satisfaction</figcaption>
      <ul class="plain-list csat-bars">
        {[5, 4, 3, 2, 1].map((n) => (
          <li key={n}>
            <span class="csat-label">{n}★</span>
            <span class="csat-bar" style={{ width: `${((dist[n] ?? 0) / max) * 100}%` }} />
            <span class="csat-count">{dist[n] ?? 0}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function AnalyticsPage() {
  const [days, setDays] = useState(30);
  const to = isoDay(Date.now());
  const from = isoDay(Date.now() - (days - 1) * 86_400_000);
  const res = useAsync(() => analytics.overview({ from, to }), [from, to]);
  const d = res.data;
  const chart = d ? perDaySeries(d) : null;
  return (
    <Page
      title="Analytics"
      actions={
        <Field label="Period" class="inline-field">
          <select value={days} onChange={(e) => setDays(Number(formValue(e)))}>
            {RANGES.map((r) => (
              <option value={r}>Last {r} days</option>
            ))}
          </select>
        </Field>
      }
    >
      <ErrorNote error={res.error} />
      {res.loading && !d && <Loading />}
      {d && chart && (
        <>
          <div class="stats" data-testid="analytics-stats">
            <Stat label="Conversations" value={String(d.totals.conversations)} sub={`${d.totals.resolved} resolved`} />
            <Stat label="Resolved by AI" value={pct(d.totals.aiResolved, d.totals.aiResolved + d.totals.handedOver)} sub={`${d.totals.aiResolved} conversations`} />
            <Stat label="First response · AI" value={formatDuration(d.firstResponse.ai.p50)} sub={p5090(d.firstResponse.ai)} />
            <Stat label="First response · people" value={formatDuration(d.firstResponse.human.p50)} sub={p5090(d.firstResponse.human)} />
            <Stat label="Resolution time" value={formatDuration(d.resolution.p50)} sub={p5090(d.resolution)} />
            <Stat label="CSAT" value={d.csat.average === null ? "—" : `${d.csat.average.toFixed(1)} / 5`} sub={`${d.csat.count} ratings`} />
          </div>
          <Card>
            <DayChart title="Conversations per day, by channel" days={chart.days} series={chart.series} />
          </Card>
          <div class="two-col">
            <Card>
              <Outcome data={d} />
            </Card>
            <Card>
              <Csat data={d} />
            </Card>
          </div>
        </>
      )}
    </Page>
  );
}
