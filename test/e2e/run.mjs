#!/usr/bin/env node
/**
 * The browser suite, run by `npm test` after the workerd suite:
 *   1. builds web/dist (skip with E2E_SKIP_BUILD=1), runs the web apps' unit tests (Node);
 *   2. starts the real product (`wrangler dev --local`, fresh --persist-to, migrations applied)
 *      and a "shop" on another origin;
 *   3. drives Debian's Chromium through playwright-core (never a downloaded browser);
 *   4. writes test-results/e2e.json `{passed, failed, tests:[…]}` and prints `e2e: N passed, M failed`.
 * Options: `--grep <regex>` runs matching tests only; E2E_KEEP=1 leaves the servers up at the end.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { Suite } from "./harness.mjs";
import { unitResults } from "./unit-report.mjs";
import { startShop, startWorker } from "./servers.mjs";
import accounts from "./scenarios/accounts.mjs";
import accessibility from "./scenarios/accessibility.mjs";
import crossLingual from "./scenarios/cross-lingual.mjs";
import firstDay from "./scenarios/first-day.mjs";
import journey from "./scenarios/journey.mjs";
import leads from "./scenarios/leads.mjs";
import aiAgents from "./scenarios/ai-agents.mjs";
import masking from "./scenarios/masking.mjs";
import modelRouting, { modelServer } from "./scenarios/model-routing.mjs";
import operations from "./scenarios/operations.mjs";
import stores from "./scenarios/stores.mjs";
import widget from "./scenarios/widget.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const outDir = path.join(root, "test-results", "e2e");
const resultFile = path.join(root, "test-results", "e2e.json");
const grepAt = process.argv.indexOf("--grep");
const filter = grepAt > 0 ? new RegExp(process.argv[grepAt + 1], "i") : undefined;
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

mkdirSync(outDir, { recursive: true });
const suite = new Suite({ outDir, filter });

function finish(code) {
  const retried = suite.results.filter((r) => r.retried?.length);
  const summary = {
    passed: suite.passed,
    failed: suite.failed,
    retried: retried.length,
    tests: suite.results,
  };
  writeFileSync(resultFile, JSON.stringify(summary, null, 2));
  for (const r of retried) console.log(`e2e: retried in "${r.name}": ${r.retried.join("; ")}`);
  console.log(
    `e2e: ${suite.passed} passed, ${suite.failed} failed, ${retried.length} retried a navigation`,
  );
  if (process.env.E2E_KEEP !== "1") process.exit(code ?? (suite.failed ? 1 : 0));
}

function step(name, cmd, args) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  if (r.status !== 0) {
    suite.record(name, "failed", Date.now(), `${[cmd, ...args].join(" ")} exited with ${r.status}`);
    return false;
  }
  return true;
}

console.log("e2e: building web/dist and running the web unit tests");
if (
  process.env.E2E_SKIP_BUILD !== "1" &&
  !step("build: npm run build", process.execPath, [path.join(root, "scripts", "build-web.mjs")])
)
  finish(1);
{
  const unitOut = path.join(root, "test-results", "web-unit.json");
  rmSync(unitOut, { force: true });
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "--config",
      "web/vitest.config.ts",
      "--reporter=json",
      `--outputFile=${unitOut}`,
    ],
    { cwd: root, stdio: "ignore" },
  );
  let report = null;
  try {
    report = JSON.parse(readFileSync(unitOut, "utf8"));
  } catch {
    // unitResults reports the missing report with vitest's exit status.
  }
  for (const r of unitResults(report, run.status, root))
    suite.record(r.name, r.status, Date.now(), r.error);
  // The runner's own logic (node --test): a broken count or harness would otherwise go unnoticed.
  for (const file of ["unit-report.test.mjs", "harness.test.mjs"]) {
    const own = spawnSync(process.execPath, ["--test", path.join(root, "test", "e2e", file)], {
      cwd: root,
      encoding: "utf8",
    });
    suite.record(
      `unit: test/e2e/${file}`,
      own.status === 0 ? "passed" : "failed",
      Date.now(),
      own.status === 0 ? undefined : own.stdout.slice(-2000),
    );
  }
}

const persistDir = mkdtempSync(path.join(os.tmpdir(), "edgedesk-e2e-"));
const screenshots = path.join(root, "docs", "screenshots");
mkdirSync(screenshots, { recursive: true });
let worker;
let shop;
let browser;
let models;
// Interrupted (Ctrl-C, a CI timeout): take the Worker's process group down with us.
process.on("exit", () => worker?.killNow());
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    worker?.killNow();
    rmSync(persistDir, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  // The deployment's own OpenAI-compatible server (operator-set, so on loopback): the model-routing scenario's.
  models = await modelServer();
  worker = await startWorker({
    root,
    persistDir,
    logFile: path.join(outDir, "wrangler.log"),
    vars: { OPENAI_BASE_URL: models.url },
  });
  shop = await startShop({ edgedeskUrl: worker.url });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  console.log(`e2e: product at ${worker.url}, shop at ${shop.url}, Chromium ${browser.version()}`);
  const ctx = { browser, base: worker.url, shop, root, screenshots, models };
  for (const scenario of [
    accounts,
    widget,
    journey,
    masking,
    operations,
    accessibility,
    firstDay,
    stores,
    crossLingual,
    leads,
    aiAgents,
    modelRouting,
  ]) {
    console.log(`e2e: ${scenario.name}`);
    await scenario(suite, ctx);
  }
} catch (e) {
  suite.record(
    "e2e: setup",
    "failed",
    Date.now(),
    e instanceof Error ? (e.stack ?? e.message) : String(e),
  );
} finally {
  models?.close();
  if (process.env.E2E_KEEP === "1" && worker) {
    console.log(`e2e: E2E_KEEP=1, leaving ${worker.url} up (Ctrl-C to stop)`);
  } else {
    await browser?.close().catch(() => undefined);
    await shop?.stop().catch(() => undefined);
    await worker?.stop().catch(() => undefined);
    rmSync(persistDir, { recursive: true, force: true });
  }
}
finish();
