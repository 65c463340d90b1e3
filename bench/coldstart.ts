/**
 * Cold start: a fresh local runtime (`wrangler dev --local`, new state directory, D1 migrated
 * beforehand) from spawn to its first good response, five times; the median is the result. Locally
 * this includes wrangler bundling the Worker and workerd loading it — both grow with the bundle.
 * Also printed: the first request to a route that builds the whole app (/api/openapi.json, the OpenAPI
 * document) once the server is up, the second one, and the gzipped size of the bundle it ran.
 *   npm run bench -- coldstart [--runs 5]
 */
import { percentile } from "./lib/http";
import { startWorker } from "./lib/server";

export async function run(): Promise<string> {
  const i = process.argv.indexOf("--runs");
  const runs = i > 0 ? Number(process.argv[i + 1]) : 5;
  const ready: number[] = [];
  const firstApi: number[] = [];
  for (let n = 0; n < runs; n++) {
    const worker = await startWorker({ inspector: false, pollMs: 25 });
    try {
      const t0 = performance.now();
      const first = await fetch(`${worker.base}/api/openapi.json`);
      await first.arrayBuffer();
      const firstMs = performance.now() - t0;
      const t1 = performance.now();
      await (await fetch(`${worker.base}/api/openapi.json`)).arrayBuffer();
      const secondMs = performance.now() - t1;
      ready.push(worker.readyMs);
      firstApi.push(firstMs);
      console.log(
        `  run ${n + 1}: first response ${worker.readyMs.toFixed(0)} ms after spawn; then /api/openapi.json ${first.status} in ${firstMs.toFixed(0)} ms, again in ${secondMs.toFixed(0)} ms`,
      );
    } finally {
      await worker.stop();
    }
  }
  const med = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  return `coldstart: runs=${runs} first_response_ms_median=${med(ready).toFixed(0)} min=${Math.min(...ready).toFixed(0)} max=${Math.max(...ready).toFixed(0)} first_openapi_ms_median=${med(firstApi).toFixed(0)}`;
}
