import { useState } from "preact/hooks";
import { analytics } from "../../shared/api";
import type { AnalyticsOverview, DurationStats } from "../../shared/api-types";
import {
  Card,
  ErrorNote,
  Field,
  formatDuration,
  formValue,
  Loading,
  Page,
  useAsync,
} from "../../shared/ui";
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
const rate = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);
// The server reports durations in seconds; formatDuration takes milliseconds.
const ms = (s: number | null) => (s === null ? null : s * 1000);
const p5090 = (p: DurationStats) =>
  `p50 ${formatDuration(ms(p.p50))} · p90 ${formatDuration(ms(p.p90))}`;

function Outcome({ data }: { data: AnalyticsOverview }) {
  const aiResolved = data.metrics.aiResolved.total;
  const handedOver = data.metrics.handover.count;
  const total = aiResolved + handedOver;
  return (
    <figure class="chart">
      <figcaption>AI-resolved vs handed over</figcaption>
      <div
        class="split-bar"
        role="img"
        aria-label={`AI resolved ${aiResolved}, handed over ${handedOver}`}
      >
        <span class="split-ai" style={{ flexGrow: aiResolved }} />
        <span class="split-human" style={{ flexGrow: handedOver }} />
      </div>
      <p class="legend">
        <span class="dot dot-ai" /> AI resolved {aiResolved} ({pct(aiResolved, total)}){" "}
        <span class="dot dot-human" /> Handed over {handedOver} ({pct(handedOver, total)})
      </p>
    </figure>
  );
}

function Csat({ data }: { data: AnalyticsOverview }) {
  const { responses, positive } = data.metrics.csat;
  return (
    <figure class="chart">
      <figcaption>Customer satisfaction (ratings of 4–5 count as satisfied)</figcaption>
      <div
        class="split-bar"
        role="img"
        aria-label={`${positive} of ${responses} ratings satisfied`}
      >
        <span class="split-ai" style={{ flexGrow: positive }} />
        <span class="split-human" style={{ flexGrow: responses - positive }} />
      </div>
      <p class="legend">
        <span class="dot dot-ai" /> Satisfied {positive} <span class="dot dot-human" /> Not
        satisfied {responses - positive}
      </p>
    </figure>
  );
}

export function AnalyticsPage() {
  const [days, setDays] = useState(30);
  const to = isoDay(Date.now());
  const from = isoDay(Date.now() - (days - 1) * 86_400_000);
  const res = useAsync(() => analytics.overview({ from, to }), [from, to]);
  const d = res.data;
  const m = d?.metrics;
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
      {d && m && chart && (
        <>
          <div class="stats" data-testid="analytics-stats">
            <Stat
              label="Conversations"
              value={String(m.conversations)}
              sub={`${m.resolved} resolved`}
            />
            <Stat
              label="Resolved by AI"
              value={rate(m.aiResolved.rate)}
              sub={`${m.aiResolved.total} conversations`}
            />
            <Stat
              label="Handed over"
              value={rate(m.handover.rate)}
              sub={`${m.handover.count} conversations`}
            />
            <Stat
              label="First response · AI"
              value={formatDuration(ms(m.firstResponse.ai.p50))}
              sub={p5090(m.firstResponse.ai)}
            />
            <Stat
              label="First response · people"
              value={formatDuration(ms(m.firstResponse.human.p50))}
              sub={p5090(m.firstResponse.human)}
            />
            <Stat
              label="Resolution time"
              value={formatDuration(ms(m.resolutionTime.p50))}
              sub={p5090(m.resolutionTime)}
            />
            <Stat
              label="CSAT"
              value={rate(m.csat.score)}
              sub={`${m.csat.responses} ${m.csat.responses === 1 ? "rating" : "ratings"}`}
            />
          </div>
          <Card>
            <DayChart
              title="Conversations per day, by channel"
              days={chart.days}
              series={chart.series}
            />
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
