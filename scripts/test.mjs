#!/usr/bin/env node
// `npm test`: type checks, the web build, the workerd suite, then the browser suite.
// Ends with one line `N passed, N failed` (the count CI reads), and a non-zero exit on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { offlineEnv } from "./env.mjs";

const results = { passed: 0, failed: 0 };
mkdirSync("test-results", { recursive: true });

function run(label, cmd, args) {
  process.stdout.write(`\n== ${label}: ${cmd} ${args.join(" ")}\n`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: offlineEnv });
  return r.status === 0;
}

function check(label, cmd, args) {
  if (run(label, cmd, args)) results.passed++;
  else {
    results.failed++;
    console.error(`FAILED: ${label}`);
  }
}

// The install applies patches/ (fixes to the local queue simulation); an install run with --ignore-scripts would not.
check("patches in patches/ are applied", "npx", ["patch-package", "--error-on-fail"]);
check("local queues keep what they accepted through a kill", "node", [
  "scripts/check-queue-durability.mjs",
]);
// Width 100, the style guide's rules; `npm run format` rewrites, this only checks.
check("format and lint (Biome)", "npx", ["biome", "ci", "--colors=off", "."]);
check("generated binding types are current", "npx", [
  "wrangler",
  "types",
  "--strict-vars=false",
  "--check",
]);
check("typecheck", "npx", ["tsc", "-p", "tsconfig.json"]);
check("imports follow the allowed direction", "npx", ["tsx", "scripts/check-imports.ts"]);
check("web build and size budgets", "npm", ["run", "build", "--silent"]);

rmSync("test-results/vitest.json", { force: true });
run("workerd suite", "npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile.json=test-results/vitest.json",
]);
if (existsSync("test-results/vitest.json")) {
  const v = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  results.passed += v.numPassedTests;
  results.failed +=
    v.numFailedTests +
    (v.numTotalTestSuites > 0 && v.success === false && v.numFailedTests === 0 ? 1 : 0);
} else {
  results.failed++;
  console.error("FAILED: the workerd suite wrote no results");
}

if (existsSync("test/e2e/run.mjs")) {
  rmSync("test-results/e2e.json", { force: true });
  run("browser suite (Chromium)", "node", ["test/e2e/run.mjs"]);
  if (existsSync("test-results/e2e.json")) {
    const e = JSON.parse(readFileSync("test-results/e2e.json", "utf8"));
    results.passed += e.passed;
    results.failed += e.failed;
  } else {
    results.failed++;
    console.error("FAILED: the browser suite wrote no results");
  }
}

console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 ? 0 : 1);
