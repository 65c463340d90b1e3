#!/usr/bin/env node
// `npm run deploy`: builds the web apps, applies D1 migrations to the remote database, deploys the Worker.
// Needs `wrangler login` and the resources listed in the README's deploy section.
import { spawnSync } from "node:child_process";
import { unstable_readConfig } from "wrangler";

// Without mail, sign-up and reset links only reach the local outbox, which a deployment does not show.
const { ACCOUNT_MAIL } = unstable_readConfig({ config: "wrangler.toml" }).vars ?? {};
if (ACCOUNT_MAIL !== "email")
  console.warn(
    `\nWARNING: ACCOUNT_MAIL is "${ACCOUNT_MAIL ?? ""}", not "email": nobody can finish signing up or reset a password on this deployment (the links stay in the local outbox). Set ACCOUNT_MAIL = "email" and ACCOUNT_MAIL_FROM in wrangler.toml.\n`,
  );

const step = (cmd, args) => {
  console.log(`> ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step("npm", ["run", "build", "--silent"]);
step("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--remote"]);
step("npx", ["wrangler", "deploy", "--var", "SEED_DEMO:false"]);
