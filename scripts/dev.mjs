#!/usr/bin/env node
// `npm run dev`: the whole product on http://127.0.0.1:8787, offline.
// Makes local secrets on first run, builds the web apps, applies D1 migrations, starts
// `wrangler dev --local`, then seeds the demo tenant through the public API and prints its login.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { offlineEnv } from "./env.mjs";
import { seedDemo } from "./seed-demo.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://127.0.0.1:${PORT}`;
const env = { ...offlineEnv, CI: "true" };

if (!existsSync(".dev.vars")) {
  writeFileSync(".dev.vars", `ENCRYPTION_KEY=${randomBytes(32).toString("base64")}\nSIGNING_KEY=${randomBytes(32).toString("hex")}\n`);
  console.log("created .dev.vars with fresh local secrets");
}
const step = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step("npm", ["run", "build", "--silent"]);
step("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"]);

const child = spawn("npx", ["wrangler", "dev", "--local", "--ip", "127.0.0.1", "--port", String(PORT), "--var", `PUBLIC_BASE_URL:${BASE}`], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));

for (let i = 0; i < 120; i++) {
  try {
    if ((await fetch(`${BASE}/healthz`)).ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 500));
}
try {
  const demo = await seedDemo(BASE);
  console.log(`\n  Edgedesk is running on ${BASE}\n  Dashboard: ${BASE}/app/   Console: ${BASE}/console/   Demo shop: ${BASE}/demo/ (= ${BASE}/demo-shop/?key=${demo.tenant.publicKey})\n  Demo login: ${demo.email} / ${demo.password}\n  API reference: ${BASE}/api/docs\n`);
} catch (err) {
  console.error("demo seeding failed:", err);
}
