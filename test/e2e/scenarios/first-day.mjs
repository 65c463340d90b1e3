/**
 * A merchant's first day (issue #14): what a new shopper, agent and merchant see on the way through
 * one conversation — each status line once, the assistant's and agents' names, long pastes.
 */
import { eventually, ok } from "../harness.mjs";
import { api, memberViaApi, newContext, tenantViaApi } from "../helpers.mjs";
import { mine, shopperSend, snippetFor, theirs } from "./widget.mjs";

const W = "edgedesk-widget";

/** A shopper on the shop page with the chat open, in `locale`. */
async function openShopper(t, browser, shop, base, key, locale = "es-ES") {
  shop.setSnippet(snippetFor(base, key));
  const context = await newContext(browser, { locale });
  const page = t.track(await context.newPage());
  await page.goto(shop.url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => window.Edgedesk && "open" in window.Edgedesk);
  await page.evaluate(() => window.Edgedesk.open());
  await page.locator(`${W} .ed-panel`).waitFor({ state: "visible" });
  return { context, page };
}

/** How often `text` occurs in the widget's visible panel. */
async function countInWidget(page, text) {
  const all = await page.locator(`${W} .ed-panel`).innerText();
  return all.split(text).length - 1;
}

/** @param {import("../harness.mjs").Suite} suite */
export default async function firstDay(suite, { browser, base, shop }) {
  await suite.test("first day: each status line shows once in the widget and the console, also after a reload", async (t) => {
    const owner = await tenantViaApi(browser, base, "Once Shop");
    const agent = await memberViaApi(browser, base, owner, "agent");
    const { page } = await openShopper(t, browser, shop, base, owner.tenant.publicKey);
    await shopperSend(page, "Hola, ¿dónde está mi pedido?");
    await mine(page, "dónde está mi pedido").waitFor();
    await page.locator(W).getByRole("button", { name: "Hablar con una persona" }).click();
    await page.locator(`${W} .ed-event`).filter({ hasText: "Esperando" }).waitFor();
    await page.waitForTimeout(300);
    ok((await countInWidget(page, "Esperando a que se una una persona")) === 1, `"waiting" shown ${await countInWidget(page, "Esperando a que se una una persona")} times`);
    const list = await api(agent.context, base, "GET", "/api/conversations");
    const id = list.conversations[0].id;
    await api(agent.context, base, "POST", `/api/conversations/${id}/takeover`);
    await api(agent.context, base, "POST", `/api/conversations/${id}/messages`, { clientId: `c${Date.now()}abcdef`, text: "Hola, soy Marta." });
    await theirs(page, "soy Marta").waitFor();
    await api(agent.context, base, "POST", `/api/conversations/${id}/resolve`);
    await page.locator(`${W} .ed-rating`).waitFor();
    const check = async (where) => {
      for (const text of ["Esperando a que se una una persona", "se unió a la conversación", "se marcó como resuelta"]) {
        const n = await countInWidget(page, text);
        ok(n === 1, `${where}: widget shows “${text}” ${n} times`);
      }
    };
    await check("live");
    await page.reload({ waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => window.Edgedesk && "open" in window.Edgedesk);
    await page.evaluate(() => window.Edgedesk.open());
    await page.locator(`${W} .ed-rating`).waitFor();
    await check("after reload");
    const consolePage = t.track(await agent.context.newPage());
    await consolePage.goto(`${base}/console/#/c/${id}`);
    await consolePage.locator(".msg-event").nth(2).waitFor();
    const events = await consolePage.locator(".msg-event").allTextContents();
    ok(events.length === 3, `console shows ${events.length} status lines: ${events.join(" | ")}`);
  });
}
