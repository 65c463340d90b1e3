/**
 * `npm run bench -- orders`: runs bench/orders.bench-test.ts in the Workers test pool (the store is
 * mocked at the fetch boundary there, 200 ms per call) and prints its summary line.
 */
import { spawnSync } from "node:child_process";

export async function run(): Promise<string> {
  const res = spawnSync(
    "npx",
    ["vitest", "run", "--config", "bench/vitest.ops.config.ts", "bench/orders.bench-test.ts"],
    { encoding: "utf8", env: process.env, maxBuffer: 64 * 1024 * 1024 },
  );
  // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest colours its output
  const out = `${res.stdout}\n${res.stderr}`.replace(/\u001b\[[0-9;]*m/g, "");
  const line = out.match(/^orders: .*$/m)?.[0];
  if (res.status !== 0 || !line) {
    console.error(out.slice(-4000));
    throw new Error("orders bench failed");
  }
  return line;
}
