/**
 * Issue 15's first slice in the dashboard: the Stores page. The local product cannot reach a real
 * Shopify or WooCommerce, so the browser checks what a merchant sees when a connection is refused:
 * the address guard's message, the store's refusal, and an empty list afterwards (nothing stored).
 * The connected path is covered in workerd (test/stores-api.test.ts) against the documented fixtures.
 */
import { ok } from "../harness.mjs";
import { api, screenshot, tenantViaApi } from "../helpers.mjs";

/** @param {import("../harness.mjs").Suite} suite */
export default async function stores(suite, { browser, base, screenshots }) {
  await suite.test(
    "stores: a refused WooCommerce address and a refused Shopify token are explained, and nothing is stored",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Stores Shop");
      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#/stores`);
      await page.getByRole("link", { name: "Stores" }).waitFor();
      await page.getByText("No store connected yet.").waitFor();

      await page.getByLabel("Platform").selectOption("woocommerce");
      await page.getByLabel("Shop address").fill("http://localhost:8080");
      await page.getByLabel("Consumer key").fill("ck_e2e000000000000000001");
      await page.getByLabel("Consumer secret").fill("cs_e2e000000000000000001");
      await page.getByRole("button", { name: "Connect" }).click();
      await page
        .getByRole("alert")
        .filter({ hasText: "credentials.url: expected the shop's public https:// address" })
        .waitFor();

      await page.getByLabel("Platform").selectOption("shopify");
      await page.getByLabel("Shop", { exact: true }).fill("e2e-edgedesk-test.myshopify.com");
      await page.getByLabel("Admin API access token").fill("shpat_e2e_not_a_real_token");
      await page.getByLabel("API secret key").fill("shpss_e2e_not_a_real_secret");
      await page.getByRole("button", { name: "Connect" }).click();
      await page
        .getByRole("alert")
        .filter({ hasText: "The store did not accept the connection" })
        .waitFor({ timeout: 20_000 });
      await screenshot(page, screenshots, "dashboard-stores");

      const listed = await api(owner.context, base, "GET", "/api/stores");
      ok(
        listed.stores.length === 0,
        `no store should be stored, got ${JSON.stringify(listed.stores)}`,
      );
      ok(
        (await page.getByText("No store connected yet.").count()) === 1,
        "the list still says no store is connected",
      );
      await owner.context.close();
    },
  );
}
