#!/usr/bin/env node
// `npm run dev`: the whole product on http://127.0.0.1:8787, offline (`npm run dev -- --port N` or PORT=N for another port;
// `npm run dev -- --inspect` or EDGEDESK_INSPECT=1 to attach Chrome DevTools).
// Makes local secrets on first run, builds the web apps, applies D1 migrations, starts
// `wrangler dev --local`, then seeds the demo tenant through the public API and prints its login.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { offlineEnv } from "./env.mjs";
import { seedDemo } from "./seed-demo.mjs";

/** `--port N` or `--port=N` wins over PORT; the default is 8787. */
function portArg(argv) {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port") return argv[i + 1] ?? "";
    if (argv[i].startsWith("--port=")) return argv[i].slice("--port=".length);
  }
  return undefined;
}
const rawPort = portArg(process.argv.slice(2)) ?? (process.env.PORT || "8787");
const PORT = Number(rawPort);
if (!/^\d+$/.test(rawPort) || PORT < 1 || PORT > 65535) {
  console.error(`npm run dev: "${rawPort}" is not a port number (use --port 8788).`);
  process.exit(1);
}
// Checked before anything else: otherwise the demo would be seeded into whatever already answers there.
const inUse = await new Promise((resolve) => {
  const probe = createServer();
  probe.once("error", (err) => resolve(err.code === "EADDRINUSE" ? true : err));
  probe.listen(PORT, "127.0.0.1", () => probe.close(() => resolve(false)));
});
if (inUse) {
  console.error(
    inUse === true
      ? `npm run dev: port ${PORT} is already in use (another dev server?). Stop it, or pick another port: npm run dev -- --port ${PORT + 1}`
      : `npm run dev: cannot listen on port ${PORT}: ${inUse.message}`,
  );
  process.exit(1);
}
const BASE = `http://127.0.0.1:${PORT}`;
const env = { ...offlineEnv, CI: "true" };
// Wrangler's devtools relay follows every D1 call, queue send and object call: measured with
// `npm run bench -- fanout --inspector`, it is most of the local server's CPU. So it runs only when asked.
// wrangler 4.86's `dev` has no flag to turn it off (only --inspector-port/--inspector-ip); it skips it
// when VSCODE_INSPECTOR_OPTIONS is set (inside VS Code's debug terminal), which is the switch used here.
const inspect =
  process.argv.includes("--inspect") || /^(1|true)$/i.test(process.env.EDGEDESK_INSPECT ?? "");
const devEnv =
  inspect || process.env.VSCODE_INSPECTOR_OPTIONS
    ? env
    : { ...env, VSCODE_INSPECTOR_OPTIONS: "{}" };

if (!existsSync(".dev.vars")) {
  writeFileSync(
    ".dev.vars",
    `ENCRYPTION_KEY=${randomBytes(32).toString("base64")}\nSIGNING_KEY=${randomBytes(32).toString("hex")}\n`,
  );
  console.log("created .dev.vars with fresh local secrets");
}
const step = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step("npm", ["run", "build", "--silent"]);
step("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local"]);

const child = spawn(
  "npx",
  [
    "wrangler",
    "dev",
    "--local",
    "--ip",
    "127.0.0.1",
    "--port",
    String(PORT),
    "--var",
    `PUBLIC_BASE_URL:${BASE}`,
  ],
  { stdio: "inherit", env: devEnv },
);
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
  console.log(
    `\n  Edgedesk is running on ${BASE}\n  Dashboard: ${BASE}/app/   Console: ${BASE}/console/   Demo shop: ${BASE}/demo/ (= ${BASE}/demo-shop/?key=${demo.tenant.publicKey})\n  Demo login: ${demo.email} / ${demo.password}\n  API reference: ${BASE}/api/docs\n  ${inspect ? "DevTools: chrome://inspect (wrangler's inspector, 127.0.0.1:9229 unless taken)" : "DevTools relay off (it costs most of the server's CPU); npm run dev -- --inspect to debug"}\n  (Wrangler's warnings above — AI bindings "may incur usage charges", Vectorize "not supported", "secrets" experimental — are expected and harmless: local runs use the built-in engines and never reach Cloudflare.)\n`,
  );
} catch (err) {
  console.error("demo seeding failed:", err);
}
