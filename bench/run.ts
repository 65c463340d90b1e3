/**
 * `npm run bench -- <name>`: runs bench/<name>.ts against the real Worker on loopback. Benchmarks are
 * not tests: each prints its figures, the last line being the summary.
 */
import { spawnSync } from "node:child_process";

const BENCHES = [
  "coldstart",
  "crash",
  "fanout",
  "ingest",
  "orders",
  "replay",
  "spike",
  "tenants",
  "webhook-probe",
] as const;
const name = process.argv[2] ?? "";

if (!(BENCHES as readonly string[]).includes(name)) {
  console.error(`usage: npm run bench -- <${BENCHES.join("|")}>`);
  process.exit(2);
}

// Node 20 has a WebSocket client only behind a flag; re-run this process with it.
if (typeof globalThis.WebSocket === "undefined" && !process.env.EDGEDESK_BENCH_CHILD) {
  const res = spawnSync(
    process.execPath,
    [...process.execArgv, "--experimental-websocket", ...process.argv.slice(1)],
    { stdio: "inherit", env: { ...process.env, EDGEDESK_BENCH_CHILD: "1" } },
  );
  process.exit(res.status ?? 1);
}

const mod = (await import(`./${name}.ts`)) as { run(): Promise<string> };
const line = await mod.run();
// A bench that printed its own result lines (one per size, say) returns "".
if (line) console.log(line);
process.exit(0);
