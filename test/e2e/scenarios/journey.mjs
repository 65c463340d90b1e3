/**
 * The whole product in one story: a merchant signs up, adds FAQs and installs the widget on a
 * shop; a shopper asks in Spanish and gets the knowledge-base answer, asks for a person; an agent
 * sees it waiting, takes over and replies live; resolves; the shopper rates 5; analytics show it.
 * Steps depend on each other: after a failure the rest are reported as failed ("blocked").
 */
import { eventually, ok } from "../harness.mjs";
import {
  api,
  memberViaApi,
  needs,
  newContext,
  screenshot,
  signUpInBrowser,
  uniqueEmail,
} from "../helpers.mjs";
import { mine, shopperSend, theirs } from "./widget.mjs";

const W = "edgedesk-widget";
const FAQS = [
  {
    question: "¿Cuánto tarda el envío?",
    answer: "El envío tarda de 3 a 5 días laborables en la península.",
    language: "es",
    phrasings: "¿Cuándo llega mi pedido?\n¿Cuántos días tarda el envío?",
  },
  {
    question: "How long does shipping take?",
    answer: "Shipping takes 3 to 5 business days.",
    language: "en",
    phrasings: "When will my order arrive?",
  },
  {
    question: "¿Puedo devolver un producto?",
    answer: "Sí, tienes 30 días para devolverlo gratis.",
    language: "es",
    phrasings: "devoluciones",
  },
];

/** @param {import("../harness.mjs").Suite} suite */
export default async function journey(suite, { browser, base, shop, screenshots }) {
  const s = {};
  let broken = null;
  const step = async (name, fn, opts) => {
    // Filtered out with --grep: later steps cannot run without it, so they are left out too.
    if (suite.filter && !suite.filter.test(name)) return void (broken ??= name);
    if (broken) return suite.blocked(name, `needs “${broken}”`);
    const before = suite.failed;
    await suite.test(name, fn, opts);
    if (suite.failed > before) broken = name;
  };

  await step(
    "journey: a merchant signs up, adds FAQs and copies the widget snippet into a shop",
    async (t) => {
      s.merchant = await newContext(browser);
      s.company = `Nordlys ${Date.now().toString(36)}`;
      const page = t.track(await s.merchant.newPage());
      await signUpInBrowser(page, base, {
        company: s.company,
        email: uniqueEmail("journey"),
        name: "Marta",
      });
      await needs(s.merchant, base, "POST", "/api/kb/entries");
      await page.goto(`${base}/app/#/knowledge`);
      const form = page.locator("#new-entry-form");
      for (const f of FAQS) {
        await form.getByLabel("Question", { exact: true }).fill(f.question);
        await form.getByLabel("Answer", { exact: true }).fill(f.answer);
        await form.getByLabel("Other ways to ask", { exact: true }).fill(f.phrasings);
        await form.getByLabel("Language", { exact: true }).fill(f.language);
        await form.getByRole("button", { name: "Add entry" }).click();
        await page.locator(".entries .entry").filter({ hasText: f.question }).waitFor();
      }
      await screenshot(page, screenshots, "dashboard-knowledge");
      await page.goto(`${base}/app/#/widget`);
      const snippet = await page.getByRole("textbox", { name: "Widget snippet" }).inputValue();
      ok(
        snippet.includes("/widget/loader.js") && snippet.includes('data-key="pk_'),
        `snippet: ${snippet}`,
      );
      shop.setSnippet(snippet);
    },
  );

  await step(
    "journey: a shopper asks in Spanish and gets the answer from the knowledge base",
    async (t) => {
      await needs(s.merchant, base, "POST", "/api/widget/session");
      s.shopper = await newContext(browser, { locale: "es-ES" });
      const page = (s.shopPage = t.track(await s.shopper.newPage()));
      await page.goto(shop.url, { waitUntil: "domcontentloaded" });
      await page.locator(W).getByRole("button", { name: "Abrir chat" }).click();
      await shopperSend(page, "Hola, ¿cuánto tarda el envío a Madrid?");
      await mine(page, "cuánto tarda el envío").waitFor();
      await theirs(page, "3 a 5 días").waitFor({ timeout: 30_000 });
    },
  );

  await step(
    "journey: the shopper asks for a person and an agent's console shows it waiting, live",
    async (t) => {
      await needs(s.merchant, base, "GET", "/api/conversations");
      const agent = await memberViaApi(browser, base, { context: s.merchant }, "agent");
      s.agent = agent.context;
      const console_ = (s.consolePage = t.track(await s.agent.newPage()));
      await console_.goto(`${base}/console/`);
      // Away: the router must not assign it straight to Bo, so it waits in the queue for him to take.
      await console_.getByLabel("Presence").selectOption("away");
      await console_.getByRole("button", { name: /Waiting/ }).click();
      // Empty (nothing waits yet), so attached rather than visible.
      await console_.locator(".conv-list").waitFor({ state: "attached" });
      await s.shopPage.locator(W).getByRole("button", { name: "Hablar con una persona" }).click();
      await s.shopPage.locator(`${W} .ed-event`).filter({ hasText: "Esperando" }).waitFor();
      // No reload: the inbox socket brings it in.
      const item = console_
        .locator('.conv-item[data-status="waiting"]')
        .filter({ hasText: "envío" });
      await item.waitFor({ timeout: 20_000 });
      s.conversationId = await item.getAttribute("data-conversation");
    },
  );

  await step(
    "journey: the agent takes over and replies; the shopper sees the reply live",
    async (t) => {
      const page = t.track(s.consolePage);
      t.track(s.shopPage);
      await s.shopPage.evaluate(() => {
        window.__heard = [];
        window.Edgedesk.on("message", (m) => window.__heard.push(m.text));
      });
      await page.locator(`.conv-item[data-conversation="${s.conversationId}"]`).click();
      await page.locator(".handover").waitFor();
      // The AI's answer names the knowledge entry it came from by its question, not by an id.
      await page.locator(".msg-cite").filter({ hasText: "“¿Cuánto tarda el envío?”" }).waitFor();
      // Keyboard shortcut: focus is on the list link, not a text field, so "t" takes over.
      await page.keyboard.press("t");
      await page.locator('[data-testid="conv-status"]').filter({ hasText: "Assigned" }).waitFor();
      // The inbox follows without a reload: the Waiting view no longer counts it, Mine does.
      await page
        .locator(`.conv-item[data-conversation="${s.conversationId}"][data-status="waiting"]`)
        .waitFor({ state: "detached", timeout: 10_000 });
      await page
        .getByLabel("Reply to the customer")
        .fill("¡Hola! Soy Bo. Tu pedido a Madrid llega en 3 a 5 días laborables.");
      await page.getByLabel("Reply to the customer").press("Enter");
      await theirs(s.shopPage, "Soy Bo").waitFor({ timeout: 15_000 });
      ok(
        (await s.shopPage.evaluate(() => window.__heard)).some((x) => x.includes("Soy Bo")),
        "Edgedesk.on('message') heard the agent's reply",
      );
      await s.shopPage.locator(`${W} .ed-status`).filter({ hasText: "Chateando con" }).waitFor();
      // The agent has the conversation open, so the shopper's last message shows as read.
      await s.shopPage
        .locator(`${W} .ed-meta`)
        .filter({ hasText: "Leído" })
        .waitFor({ timeout: 10_000 });
      await screenshot(s.shopPage, screenshots, "widget");
      await screenshot(page, screenshots, "console");
    },
  );

  await step("journey: the agent resolves and the shopper rates 5 with a comment", async (t) => {
    const page = t.track(s.consolePage);
    t.track(s.shopPage);
    await page.getByRole("button", { name: "Resolve" }).click();
    await page.locator('[data-testid="conv-status"]').filter({ hasText: "Resolved" }).waitFor();
    const rating = s.shopPage.locator(`${W} .ed-rating`);
    await rating.waitFor({ timeout: 15_000 });
    await rating.locator("label.ed-star").nth(4).click();
    await rating.locator("textarea").fill("¡Muy rápido, gracias!");
    await rating.getByRole("button", { name: "Enviar valoración" }).click();
    await s.shopPage.locator(`${W} .ed-thanks`).waitFor();
  });

  await step(
    "journey: the dashboard's analytics show the conversation and the rating",
    async (t) => {
      await needs(s.merchant, base, "GET", "/api/analytics/summary");
      const page = t.track(await s.merchant.newPage());
      await page.goto(`${base}/app/#/analytics`);
      const stats = page.locator('[data-testid="analytics-stats"]');
      await eventually(
        async () => {
          await page.reload({ waitUntil: "domcontentloaded" });
          await stats.waitFor({ timeout: 5000 });
          const text = await stats.textContent();
          // One rating of 5: CSAT (share of 4–5 ratings) is 100%.
          return (
            /Conversations\s*[1-9]/.test(text ?? "") && /CSAT\s*100%\s*1 rating/.test(text ?? "")
          );
        },
        {
          timeoutMs: 30_000,
          intervalMs: 1000,
          message: "analytics to count the conversation and CSAT 100% of 1 rating",
        },
      );
      await page.locator(".chart-box canvas").first().waitFor();
      await screenshot(page, screenshots, "dashboard");
    },
  );

  await step(
    "journey: the agent's copilot suggests a reply from the knowledge base and summarizes the conversation",
    async (t) => {
      const page = t.track(s.consolePage);
      const copilot = page.locator(".copilot");
      await copilot.getByRole("button", { name: "Suggest replies" }).click();
      const suggestions = copilot.locator(".suggestions li");
      await suggestions.first().waitFor({ timeout: 20_000 });
      const texts = await suggestions.allTextContents();
      ok(
        texts.some((x) => /3 (a|to) 5/.test(x)),
        `a suggestion carries the shipping answer: ${texts.join(" | ")}`,
      );
      await copilot.getByRole("button", { name: "Use suggestion 1" }).click();
      ok(
        (await page.getByLabel("Reply to the customer").inputValue()) ===
          (await suggestions.first().locator("p").textContent()),
        "Use puts the suggestion in the reply box",
      );
      await copilot.getByRole("button", { name: "Summarize" }).click();
      const summary = copilot.locator(".copilot-summary p");
      await summary.waitFor({ timeout: 20_000 });
      ok(
        ((await summary.textContent()) ?? "").trim().length > 20,
        `summary: ${await summary.textContent()}`,
      );
      // The agent's reply becomes a knowledge entry through an editor: the question it answered (not "talk to a
      // person"), the reply without "¡Hola! Soy Bo.", the language — all editable before saving.
      const reply = page.locator(".msg-agent").filter({ hasText: "Soy Bo" });
      await reply.getByRole("button", { name: "Save to knowledge" }).click();
      const editor = reply.getByRole("form", { name: "New knowledge entry" });
      const question = await editor.getByLabel("Question").inputValue();
      ok(
        question.includes("cuánto tarda el envío"),
        `the editor's question is the shopper's question: “${question}”`,
      );
      const answer = await editor.getByLabel("Answer").inputValue();
      ok(
        !answer.includes("Soy Bo") && answer.includes("3 a 5 días"),
        `the editor's answer drops the greeting: “${answer}”`,
      );
      ok((await editor.getByLabel("Language").inputValue()) === "es", "language prefilled");
      await editor.getByLabel("Tags (comma-separated)").fill("envíos");
      await editor.getByRole("button", { name: "Save entry" }).click();
      await reply.locator(".msg-saved").filter({ hasText: "Saved to knowledge" }).waitFor();
      const { entries } = await api(
        s.agent,
        base,
        "GET",
        `/api/kb/entries?q=${encodeURIComponent("Madrid")}`,
      );
      ok(
        entries.some(
          (e) =>
            e.answer === answer &&
            e.question === question &&
            e.tags.includes("envíos") &&
            e.source === "agent",
        ),
        "the edited entry is in the knowledge base",
      );
    },
  );

  for (const c of [s.shopper, s.agent, s.merchant]) await c?.close().catch(() => undefined);
}
