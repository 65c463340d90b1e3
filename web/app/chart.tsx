import { useEffect, useRef } from "preact/hooks";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  values: number[];
  color: string;
}

/** A uPlot line chart over days; uPlot is loaded only when a chart is first drawn. */
export function DayChart({
  title,
  days,
  series,
}: {
  title: string;
  days: string[];
  series: Series[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let plot: uPlot | null = null;
    let cancelled = false;
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled || !box.current) return;
      const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
      plot = new UPlot(
        {
          width: Math.max(320, box.current.clientWidth),
          height: 240,
          series: [
            {},
            ...series.map((s) => ({
              label: s.label,
              stroke: s.color,
              width: 2,
              points: { show: days.length < 40 },
            })),
          ],
          axes: [{}, { size: 40 }],
          scales: { x: { time: true } },
        },
        [xs, ...series.map((s) => s.values)],
        box.current,
      );
    });
    return () => {
      cancelled = true;
      plot?.destroy();
    };
  }, [days.join(), JSON.stringify(series)]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div
        ref={box}
        class="chart-box"
        role="img"
        aria-label={`${title}: chart; the table below has the same data`}
      />
      <details>
        <summary>Show data</summary>
        <table>
          <thead>
            <tr>
              <th>Day</th>
              {series.map((s) => (
                <th key={s.label}>{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d}>
                <td>{d}</td>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
