#!/usr/bin/env node
// `npm run deploy`: builds the web apps, applies D1 migrations to the remote database, deploys the Worker.
// Needs `wrangler login` and the resources listed in the README's deploy section.
import { spawnSync } from "node:child_process";

const step = (cmd, args) => {
  console.log(`> ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step("npm", ["run", "build", "--silent"]);
step("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--remote"]);
step("npx", ["wrangler", "deploy", "--var", "SEED_DEMO:false"]);
