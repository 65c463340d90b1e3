/** Dashboard accounts: sign-up, sign-in, team invites, API keys and the audit log, all through the UI. */
import { eventually, ok } from "../harness.mjs";
import {
  api,
  memberViaApi,
  newContext,
  PASSWORD,
  signInInBrowser,
  signUpInBrowser,
  signupLink,
  tenantViaApi,
  uniqueEmail,
  watchCsp,
} from "../helpers.mjs";

/** @param {import("../harness.mjs").Suite} suite */
export default async function accounts(suite, { browser, base }) {
  const company = `Alpaca Outfitters ${Date.now().toString(36)}`;
  const email = uniqueEmail("merchant");
  /** @type {import("playwright-core").BrowserContext | null} */
  let owner = null;

  await suite.test(
    "dashboard: a merchant signs up and lands on the onboarding checklist",
    async (t) => {
      owner = await newContext(browser);
      const page = t.track(await owner.newPage());
      await signUpInBrowser(page, base, { company, email, name: "Ana Merchant" });
      const steps = page.locator(".checklist li");
      await eventually(async () => (await steps.count()) === 4, {
        message: "four onboarding steps",
      });
      const titles = await steps.locator("a").allTextContents();
      ok(
        titles.join("|") === "Connect a channel|Add knowledge|Install the widget|Invite the team",
        `steps were ${titles.join("|")}`,
      );
      // Nothing is set up yet: the team step is a real check against /api/users and must be "To do".
      await eventually(
        async () => (await page.locator('[data-step="team"] .pill').textContent()) === "To do",
        { message: "team step to do" },
      );
      ok(
        (await page.locator(".facts dd.mono").textContent())?.startsWith("pk_"),
        "public key shown",
      );
    },
  );

  await suite.test(
    "dashboard: signing up a registered address looks the same and mails a sign-in note; a used link is refused",
    async (t) => {
      ok(owner, "needs the signed-up merchant");
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      const used = await signupLink(context, base, email);
      await page.goto(`${base}/app/#/signup`);
      await page.getByLabel("Company").fill("Someone Else");
      await page.getByLabel("Work email").fill(email);
      ok(
        (await page.getByLabel("Password", { exact: true }).count()) === 0,
        "the sign-up form asks for no password: it is chosen with the mailed link",
      );
      await page.getByRole("button", { name: "Create account" }).click();
      await page.getByRole("heading", { level: 1, name: "Check your email" }).waitFor();
      await eventually(
        async () =>
          (await api(context, base, "GET", "/api/dev/outbox")).mails.some(
            (m) => m.to === email && m.subject === "You already have an Edgedesk account",
          ),
        { message: "already-have-an-account mail" },
      );
      await page.getByRole("link", { name: "local outbox" }).click();
      await page
        .getByRole("listitem", { name: `Mail to ${email}: You already have an Edgedesk account` })
        .getByRole("link", { name: /#\/forgot/ })
        .waitFor();
      ok((await context.request.get(`${base}/api/me`)).status() === 401, "asking signed nobody in");
      await page.goto(used);
      await page.getByLabel("Password", { exact: true }).fill("another long passphrase");
      await page.getByRole("button", { name: "Create my account" }).click();
      await page
        .getByRole("alert")
        .filter({ hasText: "This sign-up link is invalid, used or expired." })
        .waitFor();
      ok(
        (await context.request.get(`${base}/api/me`)).status() === 401,
        "a used link signs nobody in",
      );
    },
  );

  await suite.test(
    "dashboard: sign out, a wrong password is refused, the right one signs in",
    async (t) => {
      ok(owner, "needs the signed-up merchant");
      const page = t.track(await owner.newPage());
      await page.goto(`${base}/app/#/`);
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      const me = await owner.request.get(`${base}/api/me`);
      ok(me.status() === 401, `after sign-out /api/me is ${me.status()}`);
      await signInInBrowser(page, base, { email, password: "not the password at all" });
      await page.getByRole("alert").filter({ hasText: /./ }).waitFor();
      ok(
        (await owner.request.get(`${base}/api/me`)).status() === 401,
        "still signed out after a wrong password",
      );
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: `Welcome, ${company}` }).waitFor();
    },
  );

  await suite.test(
    "team: invite an agent who accepts in another browser, then change their capacity",
    async (t) => {
      ok(owner, "needs the signed-up merchant");
      const page = t.track(await owner.newPage());
      await page.goto(`${base}/app/#/team`);
      const agentEmail = uniqueEmail("agent");
      await page.getByLabel("Email", { exact: true }).fill(agentEmail);
      await page.getByLabel("Role", { exact: true }).selectOption("agent");
      await page.getByRole("button", { name: "Send invite" }).click();
      const link = await page.getByRole("textbox", { name: "Invitation link" }).inputValue();
      ok(link.includes("/app/#/accept?token="), `invite link ${link}`);
      await page.getByText(`${agentEmail} · agent`).waitFor();

      const invitee = await newContext(browser);
      const ip = t.track(await invitee.newPage());
      await ip.goto(link);
      await ip.getByLabel("Your name").fill("Bo Agent");
      await ip.getByLabel("Password").fill(PASSWORD);
      await ip.getByRole("button", { name: "Accept invitation" }).click();
      // An agent lands in the console, where their work is (issue #14), not on the owner's checklist.
      await ip.waitForURL(/\/console\//);
      const me = await api(invitee, base, "GET", "/api/me");
      ok(me.role === "agent", `invitee role ${me.role}`);
      // An agent sees the team but cannot change it.
      await ip.goto(`${base}/app/#/team`);
      await ip.getByRole("cell", { name: /Bo Agent/ }).waitFor();
      ok(
        (await ip.getByRole("button", { name: "Send invite" }).count()) === 0,
        "agent has no invite form",
      );
      await invitee.close();

      await page.reload({ waitUntil: "domcontentloaded" });
      const row = page.locator(`tr[data-user="${agentEmail}"]`);
      await row.waitFor();
      await row.getByLabel("Capacity of Bo Agent").fill("7");
      await row.getByRole("button", { name: "Save" }).click();
      await eventually(
        async () =>
          (await api(owner, base, "GET", "/api/users")).users.find((u) => u.email === agentEmail)
            ?.capacity === 7,
        { message: "capacity 7 saved" },
      );
    },
  );

  await suite.test(
    "api keys: created once, works as a Bearer token, stops working when revoked",
    async (t) => {
      ok(owner, "needs the signed-up merchant");
      const page = t.track(await owner.newPage());
      await page.goto(`${base}/app/#/api-keys`);
      await page.getByLabel("Name", { exact: true }).fill("Order system");
      await page.getByLabel("Role", { exact: true }).selectOption("agent");
      await page.getByRole("button", { name: "Create key" }).click();
      const key = await page.getByRole("textbox", { name: "New API key" }).inputValue();
      ok(/^edk_/.test(key), `key looks like ${key.slice(0, 6)}`);
      await page.locator('tr[data-key-name="Order system"]').waitFor();
      const bare = await browser.newContext();
      const who = await bare.request.get(`${base}/api/me`, {
        headers: { authorization: `Bearer ${key}` },
      });
      ok(
        who.status() === 200 && (await who.json()).role === "agent",
        `bearer /api/me → ${who.status()}`,
      );
      await page.getByRole("button", { name: "Revoke Order system" }).click();
      await page.locator('tr[data-key-name="Order system"]').waitFor({ state: "detached" });
      const after = await bare.request.get(`${base}/api/me`, {
        headers: { authorization: `Bearer ${key}` },
      });
      ok(after.status() === 401, `revoked key → ${after.status()}`);
      await bare.close();
      // The key is never shown again after a reload.
      await page.reload({ waitUntil: "domcontentloaded" });
      await page.getByRole("button", { name: "Create key" }).waitFor();
      ok(
        (await page.getByRole("textbox", { name: "New API key" }).count()) === 0,
        "key not shown after reload",
      );
    },
  );

  await suite.test("audit log: shows the sign-up, the invite and the API key events", async (t) => {
    ok(owner, "needs the signed-up merchant");
    const page = t.track(await owner.newPage());
    await page.goto(`${base}/app/#/audit`);
    await page.locator("tbody tr").first().waitFor();
    const actions = await page
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    for (const a of [
      "tenant.created",
      "invite.created",
      "invite.accepted",
      "api_key.created",
      "api_key.revoked",
    ])
      ok(actions.includes(a), `audit has ${a}; got ${actions.join(", ")}`);
    // Newest first.
    ok(
      actions.indexOf("api_key.revoked") < actions.indexOf("tenant.created"),
      "newest entries first",
    );
  });

  await suite.test(
    "roles: a viewer cannot open admin pages and sees no admin navigation",
    async (t) => {
      const o = await tenantViaApi(browser, base, "Viewer Test Shop");
      const viewer = await memberViaApi(browser, base, o, "viewer");
      const page = t.track(await viewer.context.newPage());
      await page.goto(`${base}/app/#/`);
      await page.getByRole("heading", { level: 1, name: /Welcome/ }).waitFor();
      const nav = await page
        .getByRole("navigation", { name: "Dashboard" })
        .getByRole("link")
        .allTextContents();
      ok(
        !nav.includes("API keys") && !nav.includes("Channels") && !nav.includes("Audit log"),
        `viewer nav: ${nav.join(", ")}`,
      );
      await page.goto(`${base}/app/#/api-keys`);
      await page.getByText("Your role (viewer) cannot open API keys").waitFor();
      await o.context.close();
      await viewer.context.close();
    },
  );

  await suite.test(
    "keyboard: sign in with the keyboard alone, with a visible focus ring",
    async (t) => {
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      await page.goto(`${base}/app/#/login`);
      await page.keyboard.press("Tab");
      const focusedName = await page.evaluate(() => document.activeElement?.getAttribute("name"));
      ok(focusedName === "email", `first Tab lands on ${focusedName}`);
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement).boxShadow);
      ok(ring && ring !== "none", `focused input shows a focus ring (box-shadow ${ring})`);
      await page.keyboard.type(email);
      await page.keyboard.press("Tab");
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: `Welcome, ${company}` }).waitFor();
      // Tab from the top reaches the skip link first, and it moves focus into the page.
      await page.keyboard.press("Tab");
      ok(
        (await page.evaluate(() => document.activeElement?.textContent)) === "Skip to content",
        "skip link first",
      );
      await page.keyboard.press("Enter");
      ok(
        (await page.evaluate(() => document.activeElement?.id)) === "main",
        "skip link moves focus to main",
      );
      await context.close();
    },
  );

  await suite.test(
    "account security: forgot password through the local outbox, sessions, change password, sign out everywhere, all under the pages' CSP",
    async (t) => {
      const o = await tenantViaApi(browser, base, "Password Shop");
      const browserB = await newContext(browser, {
        userAgent:
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36",
      });
      const page = t.track(await browserB.newPage());
      const csp = watchCsp(page);
      // The console works under its CSP too.
      const agent = await memberViaApi(browser, base, o, "agent");
      const consolePage = t.track(await agent.context.newPage());
      const consoleCsp = watchCsp(consolePage);
      await consolePage.goto(`${base}/console/`);
      await consolePage.getByRole("navigation", { name: "Inbox views" }).waitFor();
      await consolePage.waitForLoadState("networkidle");
      // Every dashboard page renders under the CSP (the owner sees them all).
      const ownerPage = t.track(await o.context.newPage());
      const ownerCsp = watchCsp(ownerPage);
      for (const path of [
        "/",
        "/channels",
        "/knowledge",
        "/ai",
        "/widget",
        "/team",
        "/api-keys",
        "/audit",
        "/analytics",
        "/workflows",
        "/broadcasts",
        "/webhooks",
        "/usage",
        "/data",
        "/account",
      ]) {
        await ownerPage.goto(`${base}/app/#${path}`);
        await ownerPage.locator("#page-title").waitFor();
        await ownerPage.waitForLoadState("networkidle");
      }
      ok(ownerCsp.length === 0, `dashboard CSP violations: ${ownerCsp.join(" | ")}`);
      const head = await browserB.request.get(`${base}/app/`);
      ok(
        /frame-ancestors 'none'/.test(head.headers()["content-security-policy"] ?? ""),
        `dashboard CSP: ${head.headers()["content-security-policy"]}`,
      );

      // Forgot password → the mail in the local outbox → its link → a new password, signed in.
      await page.goto(`${base}/app/#/login`);
      await page.getByRole("link", { name: "Forgot your password?" }).click();
      await page.getByLabel("Email", { exact: true }).fill(o.email);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await page.getByRole("status").getByText("If an account uses this address").waitFor();
      // The mail is sent just after the answer.
      await eventually(
        async () =>
          (await api(browserB, base, "GET", "/api/dev/outbox")).mails.some(
            (m) => m.to === o.email && m.subject === "Reset your Edgedesk password",
          ),
        { message: "reset mail in the outbox" },
      );
      await page.getByRole("link", { name: "local outbox" }).click();
      const mail = page.getByRole("listitem", {
        name: `Mail to ${o.email}: Reset your Edgedesk password`,
      });
      await mail.getByRole("link", { name: /#\/reset\?token=/ }).click();
      await page.getByLabel("New password").fill("a second strong passphrase");
      await page.getByRole("button", { name: "Set password and sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Welcome, Password Shop" }).waitFor();
      ok(
        (await o.context.request.get(`${base}/api/me`)).status() === 401,
        "the reset signed the old session out",
      );

      // A second browser signs in; the first sees it in its session list and signs it out.
      const browserC = await newContext(browser);
      await api(browserC, base, "POST", "/api/auth/login", {
        email: o.email,
        password: "a second strong passphrase",
      });
      await page.goto(`${base}/app/#/account`);
      await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
      const rows = page.locator("tr[data-session]");
      await eventually(async () => (await rows.count()) === 2, { message: "two sessions listed" });
      ok(
        (await page.locator('tr[data-session="current"]').textContent())?.includes(
          "Chrome on Linux",
        ),
        "current session names its browser",
      );
      await page.locator('tr[data-session="current"] .pill').getByText("This browser").waitFor();
      await page
        .locator('tr[data-session="other"]')
        .getByRole("button", { name: /^Sign out/ })
        .click();
      await eventually(async () => (await rows.count()) === 1, {
        message: "the other session is gone from the list",
      });
      ok(
        (await browserC.request.get(`${base}/api/me`)).status() === 401,
        "the other browser is signed out",
      );

      // Change password: the wrong current one is refused on the form; the right one works.
      await page.getByLabel("Current password").fill("not my password");
      await page.getByLabel("New password").fill("a third strong passphrase");
      await page.getByRole("button", { name: "Change password" }).click();
      await page.getByRole("alert").getByText("The current password is wrong.").waitFor();
      ok(
        (await api(browserB, base, "GET", "/api/me")).user.email === o.email,
        "still signed in after a wrong current password",
      );
      await page.getByLabel("Current password").fill("a second strong passphrase");
      await page.getByLabel("New password").fill("a third strong passphrase");
      await page.getByRole("button", { name: "Change password" }).click();
      await page.getByText("Password changed. Your other sessions were signed out.").waitFor();

      // Sign out everywhere, this browser included.
      await api(browserC, base, "POST", "/api/auth/login", {
        email: o.email,
        password: "a third strong passphrase",
      });
      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      ok(
        (await browserB.request.get(`${base}/api/me`)).status() === 401,
        "this browser signed out",
      );
      ok(
        (await browserC.request.get(`${base}/api/me`)).status() === 401,
        "the other browser signed out",
      );

      ok(
        csp.length === 0 && consoleCsp.length === 0,
        `CSP violations: ${[...csp, ...consoleCsp].join(" | ")}`,
      );
      for (const c of [o.context, agent.context, browserB, browserC]) await c.close();
    },
  );

  await owner?.close();
}
