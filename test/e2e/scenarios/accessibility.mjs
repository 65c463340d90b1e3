/** axe-core on every page of the three faces: no serious or critical violations anywhere. */
import { expectAccessible, memberViaApi, newContext, tenantViaApi } from "../helpers.mjs";

const DASHBOARD_PAGES = [
  "/",
  "/channels",
  "/knowledge",
  "/ai",
  "/ai-agents",
  "/widget",
  "/team",
  "/api-keys",
  "/audit",
  "/leads",
  "/analytics",
  "/workflows",
  "/broadcasts",
  "/webhooks",
  "/usage",
  "/data",
];

/** @param {import("../harness.mjs").Suite} suite */
export default async function accessibility(suite, { browser, base, root, shop }) {
  await suite.test("a11y: sign-in, sign-up and invite pages", async (t) => {
    const context = await newContext(browser);
    const page = t.track(await context.newPage());
    for (const p of [
      "/login",
      "/signup",
      "/signup/confirm?token=abcdefghijklmnopqrstuvwxyz",
      "/accept?token=abcdefghijkl",
    ]) {
      await page.goto(`${base}/app/#${p}`);
      await page.locator("h1").waitFor();
      await expectAccessible(page, root, `dashboard ${p}`);
    }
    await page.goto(`${base}/`);
    await expectAccessible(page, root, "landing page");
    await context.close();
  });

  const owner = await tenantViaApi(browser, base, "A11y Shop");
  for (const p of DASHBOARD_PAGES) {
    await suite.test(`a11y: dashboard ${p}`, async (t) => {
      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#${p}`);
      await page.locator("#page-title").waitFor();
      // Let the page's requests settle so error notices and data are part of the audit.
      await page.waitForLoadState("networkidle");
      await expectAccessible(page, root, `dashboard ${p}`);
      await page.close();
    });
  }

  await suite.test("a11y: agent console", async (t) => {
    const agent = await memberViaApi(browser, base, owner, "agent");
    const page = t.track(await agent.context.newPage());
    await page.goto(`${base}/console/`);
    await page.getByRole("navigation", { name: "Inbox views" }).waitFor();
    await page.waitForLoadState("networkidle");
    await expectAccessible(page, root, "console");
    await agent.context.close();
  });

  await suite.test("a11y: demo shop and the widget's launcher and panel", async (t) => {
    const context = await newContext(browser);
    const page = t.track(await context.newPage());
    shop.setSnippet(
      `<script src="${base}/widget/loader.js" data-key="${owner.tenant.publicKey}" async></script>`,
    );
    await page.goto(shop.url, { waitUntil: "domcontentloaded" });
    const launcher = page.locator("edgedesk-widget").getByRole("button", { name: "Open chat" });
    await launcher.waitFor();
    await expectAccessible(page, root, "shop with launcher");
    await launcher.click();
    await page.locator("edgedesk-widget .ed-panel").waitFor();
    await page.waitForLoadState("networkidle");
    await expectAccessible(page, root, "shop with open widget");
    await page.goto(`${base}/demo-shop/`);
    await expectAccessible(page, root, "demo shop");
    await context.close();
  });
  await owner.context.close();
}
