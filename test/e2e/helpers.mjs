/** Browser helpers shared by the scenarios: contexts, sign-up, API calls as a user, axe, screenshots. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eventually, ok, recordRetry } from "./harness.mjs";

/** How long a GET from the API client may take before it is sent again (see `api`). */
export const API_READ_TIMEOUT_MS = 10_000;

export const PASSWORD = "correct horse battery staple";
let counter = 0;
export const uniqueEmail = (prefix) => `${prefix}.${Date.now().toString(36)}.${++counter}@e2e.test`;

/** @param {import("playwright-core").Browser} browser */
let ipCounter = 0;
/** A client address of its own, from the IPv6 documentation range. */
export function clientIp() {
  return `2001:db8:e2e:${process.pid.toString(16)}::${(++ipCounter).toString(16)}`;
}

export async function newContext(browser, opts = {}) {
  return browser.newContext({ viewport: { width: 1280, height: 820 }, locale: "en-US", ...opts });
}

/**
 * Signs a merchant up through the dashboard's form, then follows the mailed link from the local
 * outbox page, chooses the password there and confirms; the page ends signed in on the start page.
 */
export async function signUpInBrowser(
  page,
  base,
  { company, email, password = PASSWORD, name = "" },
) {
  await page.goto(`${base}/app/#/signup`);
  await page.getByLabel("Company").fill(company);
  if (name) await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Create account" }).click();
  await finishSignUpInBrowser(page, base, { company, email, password });
}

/** After the sign-up form was sent: opens the mailed link from the local outbox page, chooses the password and confirms. */
export async function finishSignUpInBrowser(page, base, { company, email, password = PASSWORD }) {
  await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
  // The mail is sent just after the answer: the outbox page shows it once it is there.
  await signupLink(page.context(), base, email);
  await page.getByRole("link", { name: "local outbox" }).click();
  await page
    .getByRole("listitem", { name: `Mail to ${email}: ${SIGNUP_SUBJECT}` })
    .getByRole("link", { name: /#\/signup\/confirm\?token=/ })
    .click();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create my account" }).click();
  await page.getByRole("heading", { level: 1, name: `Welcome, ${company}` }).waitFor();
}

export const SIGNUP_SUBJECT = "Confirm your email to finish signing up to Edgedesk";

/** The sign-up link mailed to `email`, from the local outbox. */
export async function signupLink(context, base, email) {
  const mail = await eventually(
    async () =>
      (await api(context, base, "GET", "/api/dev/outbox")).mails.find(
        (m) => m.to === email && m.subject === SIGNUP_SUBJECT,
      ),
    { message: `sign-up mail to ${email} in the outbox` },
  );
  return mail.text.match(/https?:\/\/\S+#\/signup\/confirm\?token=\S+/)[0];
}

export async function signInInBrowser(page, base, { email, password = PASSWORD, next }) {
  await page.goto(`${base}/app/#/login${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** JSON call with the context's cookies; throws on an unexpected status. */
export async function api(
  context,
  base,
  method,
  url,
  body,
  expect = [200, 201, 202, 204],
  headers = {},
) {
  const send = (timeout) =>
    context.request.fetch(`${base}${url}`, {
      method,
      data: body,
      headers,
      failOnStatusCode: false,
      timeout,
    });
  let res;
  if (method === "GET") {
    // The local dev server now and then never answers one request. A read is safe to send again:
    // it is given less time than `eventually`'s window, and sent once more if it hangs (recorded).
    try {
      res = await send(API_READ_TIMEOUT_MS);
    } catch (err) {
      if (!(err instanceof Error) || err.name !== "TimeoutError") throw err;
      recordRetry(`GET ${url} timed out after ${API_READ_TIMEOUT_MS} ms`);
      res = await send(API_READ_TIMEOUT_MS);
    }
  } else {
    res = await send(undefined);
  }
  const text = await res.text();
  if (!expect.includes(res.status()))
    throw new Error(`${method} ${url} → ${res.status()} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** A tenant and its owner signed in through the API (for scenarios that are not about sign-up). */
export async function tenantViaApi(browser, base, company = "E2E Shop") {
  const context = await newContext(browser);
  const email = uniqueEmail("owner");
  // Each tenant asks from a client address of its own (CF-Connecting-IP, which wrangler dev keeps when
  // set): the suite signs up more tenants than one address may in ten minutes.
  await api(context, base, "POST", "/api/auth/signup", { email, company }, [202], {
    "CF-Connecting-IP": clientIp(),
  });
  const token = decodeURIComponent((await signupLink(context, base, email)).split("token=")[1]);
  const data = await api(
    context,
    base,
    "POST",
    "/api/auth/signup/confirm",
    { token, password: PASSWORD },
    [201],
  );
  return { context, email, tenant: data.tenant, user: data.user };
}

/** Invites someone with `role` into the owner's tenant and signs them in, in a fresh context. */
export async function memberViaApi(browser, base, owner, role) {
  const email = uniqueEmail(role);
  const inv = await api(owner.context, base, "POST", "/api/invites", { email, role });
  const context = await newContext(browser);
  const acc = await api(context, base, "POST", "/api/invites/accept", {
    token: inv.token,
    password: PASSWORD,
    name: `${role} person`,
  });
  return { context, email, user: acc.user };
}

let axeSource;
/** Runs axe-core in the page; fails on serious or critical violations (including inside open shadow roots). */
export async function expectAccessible(page, root, label) {
  axeSource ??= readFileSync(path.join(root, "node_modules", "axe-core", "axe.min.js"), "utf8");
  // evaluate() goes through the DevTools protocol, so a strict page CSP does not stop axe.
  const hasAxe = await page.evaluate(() => typeof window.axe !== "undefined");
  if (!hasAxe) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  ok(
    bad.length === 0,
    `${label}: axe found ${bad.length} serious/critical violation(s): ${bad.map((v) => `${v.id} (${v.impact}: ${v.help}) at ${v.nodes.join(", ")}`).join("; ")}`,
  );
  return result;
}

/** Collects CSP violation reports the page logs to its console. */
/**
 * Resolves once every console message the page wrote before this call has reached the test: a marker
 * is logged and awaited (messages arrive in order). Call it before asserting that a console message
 * (a CSP violation) did not happen, instead of sleeping.
 */
export async function consoleDrained(page) {
  const marker = `e2e-console-barrier-${Math.random().toString(36).slice(2)}`;
  const seen = page.waitForEvent("console", {
    predicate: (m) => m.text() === marker,
    timeout: 10_000,
  });
  await page.evaluate((m) => console.log(m), marker);
  await seen;
}

export function watchCsp(page) {
  const violations = [];
  page.on("console", (msg) => {
    const t = msg.text();
    if (/Content Security Policy/i.test(t)) violations.push(t);
  });
  return violations;
}

export async function screenshot(page, dir, name) {
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/**
 * Fails fast, with a clear message, when the server lacks an endpoint a test depends on
 * (the Worker answers `No route for …` on unknown paths), instead of timing out in the UI.
 */
export async function needs(context, base, method, url) {
  const res = await context.request.fetch(`${base}${url}`, {
    method,
    data: method === "GET" ? undefined : {},
    failOnStatusCode: false,
  });
  if (res.status() === 404 && /No route for/.test(await res.text()))
    throw new Error(`needs ${method} ${url}: the server has no such route yet`);
}
