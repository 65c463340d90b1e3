#!/usr/bin/env node
// Checks the miniflare patch's promise: a message a local queue accepted survives the process being
// killed (SIGKILL), whether it was waiting or handed to a consumer that never acked it.
// Phase 1 (a child process): a Worker sends MESSAGES messages; its consumer hangs on the first batch.
// Once every send() has resolved the child's process group (node and workerd) is killed.
// Phase 2 (a new child, same persist root): a consumer that records each message; all must arrive.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MESSAGES = 30;
const TIMEOUT_MS = 60_000;

const WORKER = `
export default {
  async fetch(req, env) {
    if (new URL(req.url).pathname === "/seen") return Response.json((await env.SEEN.list()).keys.map((k) => k.name));
    for (let i = 0; i < ${MESSAGES}; i++) await env.Q.send({ i });
    return new Response("sent");
  },
  async queue(batch, env) {
    // A pending timer, not a bare promise: workerd cancels a handler whose promise can never settle.
    if (env.MODE === "hang") return new Promise((resolve) => setTimeout(resolve, 600_000));
    for (const m of batch.messages) await env.SEEN.put(String(m.body.i), "1");
  },
};`;

async function child(persist, mode) {
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    script: WORKER,
    compatibilityDate: "2026-04-20",
    bindings: { MODE: mode },
    kvNamespaces: ["SEEN"],
    queueProducers: { Q: "durability-check" },
    queueConsumers: {
      "durability-check": { maxBatchSize: 10, maxBatchTimeout: 0.1, maxRetries: 10 },
    },
    defaultPersistRoot: persist,
  });
  if (mode === "hang") {
    await mf.dispatchFetch("http://check/send");
    console.log("SENT");
    return new Promise(() => {}); // the parent kills this process
  }
  const until = Date.now() + TIMEOUT_MS / 2;
  let seen = [];
  while (Date.now() < until && seen.length < MESSAGES) {
    await new Promise((r) => setTimeout(r, 250));
    seen = await (await mf.dispatchFetch("http://check/seen")).json();
  }
  console.log(`SEEN ${JSON.stringify(seen)}`);
  await mf.dispose();
}

function runChild(persist, mode) {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), "--child", persist, mode], {
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  let out = "";
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${mode} phase timed out`)), TIMEOUT_MS);
    proc.stdout.on("data", (chunk) => {
      out += chunk;
      if (mode === "hang" && out.includes("SENT")) {
        process.kill(-proc.pid, "SIGKILL");
      }
    });
    proc.on("exit", () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
  return done.finally(() => {
    try {
      process.kill(-proc.pid, "SIGKILL");
    } catch {
      // already gone
    }
  });
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4]);
} else {
  const persist = mkdtempSync(path.join(tmpdir(), "edgedesk-queue-check-"));
  try {
    const sent = await runChild(persist, "hang");
    if (!sent.includes("SENT")) throw new Error("the first phase sent nothing");
    const out = await runChild(persist, "record");
    const seen = JSON.parse(out.match(/SEEN (.*)/)?.[1] ?? "[]");
    const missing = Array.from({ length: MESSAGES }, (_, i) => String(i)).filter(
      (i) => !seen.includes(i),
    );
    console.log(
      `queue durability: sent=${MESSAGES} delivered_after_kill=${seen.length} missing=${missing.length}`,
    );
    process.exitCode = missing.length === 0 ? 0 : 1;
  } finally {
    rmSync(persist, { recursive: true, force: true });
  }
}
