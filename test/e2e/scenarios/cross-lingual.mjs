/**
 * Issue 13 in the browser: an English-only knowledge base answers a Spanish shopper (builtin
 * engine, entry under a Spanish notice); the AI settings page sets what happens to entries in
 * another language; the knowledge page lists Spanish as lacking entries and its "Add a
 * translation" opens the editor prefilled with the English entry and the language `es`.
 */
import { eventually, ok } from "../harness.mjs";
import { api, newContext, screenshot, tenantViaApi } from "../helpers.mjs";
import { shopperSend, snippetFor, theirs } from "./widget.mjs";

const W = "edgedesk-widget";

/** @param {import("../harness.mjs").Suite} suite */
export default async function crossLingual(suite, { browser, base, shop, screenshots }) {
  await suite.test(
    "cross-lingual: a Spanish shopper is answered from an English entry; Spanish shows as a gap with 'Add a translation'",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Cross-lingual Shop");
      const ship = (
        await api(owner.context, base, "POST", "/api/kb/entries", {
          question: "How long does shipping to Mexico take?",
          phrasings: ["delivery time to Mexico"],
          answer: "Orders to Mexico arrive in 5 to 8 business days.",
          language: "en",
        })
      ).entry;
      await api(owner.context, base, "POST", "/api/kb/entries", {
        question: "Which payment methods do you accept?",
        phrasings: ["can I pay with PayPal"],
        answer: "We accept Visa, Mastercard and PayPal.",
        language: "en",
      });

      // The AI settings control: saved as the server reads it.
      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#/ai`);
      const control = page.getByLabel("When the only matching entry is in another language");
      ok((await control.inputValue()) === "notice", "the default is a reply with a notice");
      await control.selectOption("handover");
      await page.getByText("The conversation goes to a person").waitFor();
      await page.getByRole("button", { name: "Save AI settings" }).click();
      await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/settings/ai")).settings.crossLingualReply ===
          "handover",
        { message: "handover saved" },
      );
      await control.selectOption("notice");
      await page.getByRole("button", { name: "Save AI settings" }).click();
      await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/settings/ai")).settings.crossLingualReply ===
          "notice",
        { message: "notice saved" },
      );
      await control.scrollIntoViewIfNeeded();
      await screenshot(page, screenshots, "dashboard-ai-cross-lingual");

      // A Spanish shopper on the shop's widget.
      shop.setSnippet(snippetFor(base, owner.tenant.publicKey));
      const shopper = await newContext(browser);
      const shopPage = t.track(await shopper.newPage());
      await shopPage.goto(shop.url, { waitUntil: "domcontentloaded" });
      await shopPage.locator(W).getByRole("button", { name: "Open chat" }).click();
      await shopperSend(shopPage, "¿Cuánto tarda la entrega a México?");
      await theirs(shopPage, "Orders to Mexico arrive in 5 to 8 business days.").waitFor({
        timeout: 20_000,
      });
      ok(
        await theirs(shopPage, "Por ahora solo tenemos esta respuesta en inglés").isVisible(),
        "the notice is in Spanish",
      );
      await screenshot(shopPage, screenshots, "widget-cross-lingual");

      // The knowledge page: Spanish lacks entries; "Add a translation" prefills the editor.
      await page.goto(`${base}/app/#/knowledge`);
      const gap = page.locator('.language-gaps li[data-language="es"]');
      await gap.waitFor();
      ok((await gap.innerText()).includes("1 conversation"), `gap row: ${await gap.innerText()}`);
      await gap.getByRole("button", { name: "Add a translation: Spanish" }).click();
      const form = page.locator("#translate-es-form");
      await form.waitFor();
      ok(
        (await form.locator('input[name="language"]').inputValue()) === "es",
        "target language prefilled",
      );
      const from = await page.locator('select[name="translate-from"]').inputValue();
      const source = (await api(owner.context, base, "GET", `/api/kb/entries/${from}`)).entry;
      ok(
        (await form.locator('input[name="question"]').inputValue()) === source.question,
        "source question prefilled",
      );
      await form.locator('select, input[name="question"]').first().scrollIntoViewIfNeeded();
      await screenshot(page, screenshots, "dashboard-knowledge-language-gaps");
      await page.locator('select[name="translate-from"]').selectOption(ship.id);
      await form.locator('input[name="question"]').fill("¿Cuánto tarda el envío a México?");
      await form
        .locator('textarea[name="answer"]')
        .fill("Los pedidos a México llegan en 5 a 8 días hábiles.");
      await form.getByRole("button", { name: "Add entry" }).click();
      await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/kb/entries")).entries.some(
            (e) => e.language === "es" && e.question.startsWith("¿Cuánto tarda el envío"),
          ),
        { message: "Spanish entry saved" },
      );
      await eventually(
        async () =>
          (await page.locator('.language-gaps li[data-language="es"]').innerText()).includes(
            "1 of 2 entries",
          ),
        { message: "the gap counts the new entry" },
      );
      await shopper.close();
    },
  );
}
