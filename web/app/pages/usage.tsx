import { useEffect, useState } from "preact/hooks";
import { usage, USAGE_METRICS, type Usage, type UsageMetric } from "../../shared/ops-api";
import {
  Card,
  ErrorNote,
  Field,
  formValue,
  Loading,
  Notice,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";
import { dayRange, isoDay } from "../analytics-data";

const LABEL: Record<UsageMetric, string> = {
  ai_replies: "AI replies",
  translated_chars: "Translated characters",
  embeddings: "Embeddings",
  messages: "Messages",
};

/** Rows of days × metrics, zero where nothing was counted. */
export function usageTable(
  u: Pick<Usage, "from" | "to" | "days">,
): { day: string; values: Record<UsageMetric, number> }[] {
  const rows = dayRange(u.from, u.to).map((day) => ({
    day,
    values: Object.fromEntries(USAGE_METRICS.map((m) => [m, 0])) as Record<UsageMetric, number>,
  }));
  const index = new Map(rows.map((r, i) => [r.day, i]));
  for (const d of u.days) {
    const i = index.get(d.day);
    if (i !== undefined && (USAGE_METRICS as readonly string[]).includes(d.metric))
      rows[i].values[d.metric as UsageMetric] += d.value;
  }
  return rows.reverse();
}

const usd = (n: number) =>
  `$${n < 1 ? n.toFixed(4) : n.toLocaleString(undefined, { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`;

/** This month's estimated spend per task and model, against the budget set on the AI settings page. */
function ModelSpendCard({ spend, month }: { spend: Usage["models"]; month: string }) {
  return (
    <Card title={`AI spend by model (${month})`}>
      {spend.overBudget && (
        <Notice kind="warn">
          The monthly AI budget is reached: paid models are skipped and the built-in engine answers
          until next month (or a higher budget on the AI settings page).
        </Notice>
      )}
      <p data-testid="model-budget">
        Spent {usd(spend.spentUsd)}
        {spend.budgetUsd !== null ? ` of a ${usd(spend.budgetUsd)} budget` : " (no budget set)"}.
        Estimated from tokens × each model's list price.
      </p>
      {spend.rows.length ? (
        <table data-testid="model-spend">
          <thead>
            <tr>
              <th>Task</th>
              <th>Model</th>
              <th>Tokens</th>
              <th>Cost</th>
            </tr>
          </thead>
          <tbody>
            {spend.rows.map((r) => (
              <tr key={`${r.task}:${r.route}`}>
                <th scope="row">{r.task}</th>
                <td>
                  <code>{r.route}</code>
                </td>
                <td>{r.tokens.toLocaleString()}</td>
                <td>{usd(r.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No paid model was used this month.</p>
      )}
    </Card>
  );
}

export function UsagePage() {
  const to = isoDay(Date.now());
  const from = isoDay(Date.now() - 13 * 86_400_000);
  const res = useAsync(() => usage.get({ from, to }), [from, to]);
  const [limits, setLimits] = useState<Record<string, string>>({});
  useEffect(() => {
    if (res.data)
      setLimits(
        Object.fromEntries(
          USAGE_METRICS.map((m) => [m, res.data?.limits[m] ? String(res.data.limits[m]) : ""]),
        ),
      );
  }, [res.data]);
  const save = useAction(async () => {
    await usage.setLimits(
      Object.fromEntries(USAGE_METRICS.map((m) => [m, limits[m] ? Number(limits[m]) : null])),
    );
    res.reload();
  });
  const u = res.data;
  return (
    <Page title="Usage">
      <ErrorNote error={res.error} />
      {!u ? (
        <Loading />
      ) : (
        <>
          {u.degraded.length > 0 && (
            <Notice kind="warn">
              Over the monthly limit:{" "}
              {u.degraded.map((m) => LABEL[m as UsageMetric] ?? m).join(", ")}. AI replies fall back
              to the built-in engine.
            </Notice>
          )}
          <ModelSpendCard spend={u.models} month={u.month} />
          <Card title={`This month (${u.month})`}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void save.run();
              }}
            >
              <table data-testid="usage-month">
                <thead>
                  <tr>
                    <th>Counter</th>
                    <th>Used</th>
                    <th>Monthly limit</th>
                  </tr>
                </thead>
                <tbody>
                  {USAGE_METRICS.map((m) => (
                    <tr key={m} data-metric={m}>
                      <th scope="row">{LABEL[m]}</th>
                      <td>{u.monthTotals[m].toLocaleString()}</td>
                      <td>
                        <Field label={`Limit for ${LABEL[m]}`} class="inline-field">
                          <input
                            type="number"
                            min={1}
                            name={`limit-${m}`}
                            placeholder="unlimited"
                            value={limits[m] ?? ""}
                            onInput={(e) => setLimits({ ...limits, [m]: formValue(e) })}
                          />
                        </Field>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <ErrorNote error={save.error} />
              <button class="btn" type="submit" disabled={save.busy}>
                Save limits
              </button>
            </form>
          </Card>
          <Card title="Per day (last 14 days, UTC)">
            <table data-testid="usage-days">
              <thead>
                <tr>
                  <th>Day</th>
                  {USAGE_METRICS.map((m) => (
                    <th key={m}>{LABEL[m]}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {usageTable(u).map((r) => (
                  <tr key={r.day}>
                    <th scope="row">{r.day}</th>
                    {USAGE_METRICS.map((m) => (
                      <td key={m}>{r.values[m].toLocaleString()}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </Page>
  );
}
