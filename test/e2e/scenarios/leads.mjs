/**
 * Lead capture in the browser: a Spanish shopper asks on the widget to buy two of a product; the
 * lead appears on the dashboard's Leads page (high intent), an agent marks it contacted, the status
 * filter finds it, and the console's side panel shows the lead card. The tenant has a "sales" skill
 * holder, so the AI tells the shopper (in Spanish) the request went to the sales team and the
 * conversation is queued for it.
 */
import { eventually, ok } from "../harness.mjs";
import { api, newContext, screenshot, tenantViaApi } from "../helpers.mjs";
import { mine, shopperSend, snippetFor } from "./widget.mjs";

const W = "edgedesk-widget";

/** @param {import("../harness.mjs").Suite} suite */
export default async function leads(suite, { browser, base, shop, screenshots }) {
  await suite.test(
    "leads: a Spanish shopper asking to buy 2 of a product is told it went to sales, and shows up on the Leads page and in the console",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Leads Shop");
      await api(owner.context, base, "PATCH", `/api/users/${owner.user.id}`, { skills: ["sales"] });
      shop.setSnippet(snippetFor(base, owner.tenant.publicKey));
      const shopper = await newContext(browser);
      const shopPage = t.track(await shopper.newPage());
      await shopPage.goto(shop.url, { waitUntil: "domcontentloaded" });
      await shopPage.locator(W).getByRole("button", { name: "Open chat" }).click();
      const ask = "Hola, quiero comprar 2 zapatillas Aurora en talla 40, ¿cuánto cuestan?";
      await shopperSend(shopPage, ask);
      await mine(shopPage, "zapatillas Aurora").waitFor();
      await shopPage
        .locator(W)
        .getByText("He pasado tu solicitud a nuestro equipo de ventas", { exact: false })
        .waitFor({ timeout: 30_000 });

      const lead = await eventually(
        async () => (await api(owner.context, base, "GET", "/api/leads")).leads[0],
        { timeoutMs: 30_000, message: "the lead captured from the shopper's message" },
      );
      ok(
        lead.product === "zapatillas Aurora" && lead.quantity === 2 && lead.highIntent,
        `lead: ${JSON.stringify(lead)}`,
      );

      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#/leads`);
      const row = page.getByTestId("lead-row").filter({ hasText: "zapatillas Aurora" });
      await row.waitFor();
      const text = await row.innerText();
      for (const part of ["talla 40", "High", "· es", "Queued for sales"])
        ok(text.includes(part), `the row shows “${part}”: ${text}`);
      ok(/\b2\b/.test(text), `the row shows the quantity 2: ${text}`);

      await row.getByRole("combobox").selectOption("contacted");
      await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/leads?status=contacted")).leads.length === 1,
        { message: "the status saved as contacted" },
      );
      await page.getByTestId("lead-filter").selectOption("won");
      await page.getByText("No leads yet.").waitFor();
      await page.getByTestId("lead-filter").selectOption("contacted");
      await row.waitFor();
      ok(
        (await row.getByRole("combobox").inputValue()) === "contacted",
        "the row shows its new status",
      );
      await screenshot(page, screenshots, "dashboard-leads");

      await page.goto(`${base}/console/#/c/${lead.conversationId}`);
      const card = page.getByTestId("lead-card");
      await card.filter({ hasText: "zapatillas Aurora" }).waitFor({ timeout: 20_000 });
      ok((await card.innerText()).includes("High intent"), "the console marks high intent");
      await card.filter({ hasText: "sales" }).waitFor();
      await page.locator("details.handover").filter({ hasText: "for sales" }).waitFor();
      await shopper.close();
      await owner.context.close();
    },
  );
}
