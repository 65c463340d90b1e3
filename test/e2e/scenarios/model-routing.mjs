/**
 * Model routing in the browser: the merchant sets the answer task's chain and a monthly budget on the AI
 * settings page; a shopper's question goes to the first model, which answers 500, and falls to the second;
 * the usage page shows the spend by task and model against the budget, and the console which model answered. The models are a local
 * OpenAI-compatible server started here (the product never calls a real provider in tests).
 */
import { createServer } from "node:http";
import { eventually, ok } from "../harness.mjs";
import { api, newContext, screenshot, tenantViaApi } from "../helpers.mjs";
import { mine, shopperSend, snippetFor } from "./widget.mjs";

const W = "edgedesk-widget";
const ANSWER = "Returns are accepted within 30 days of delivery, unused and in the original box.";

/** An OpenAI-compatible server: gpt-4o answers 500, any other model answers with ANSWER. */
export async function modelServer() {
  const seen = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const model = JSON.parse(body || "{}").model;
      seen.push(model);
      if (model === "gpt-4o") {
        res.writeHead(500, { "content-type": "application/json" });
        res.end('{"error":{"message":"upstream failure"}}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ choices: [{ message: { content: ANSWER } }] }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}/v1`, seen, close: () => server.close() };
}

/** @param {import("../harness.mjs").Suite} suite */
export default async function modelRouting(suite, { browser, base, shop, screenshots, models }) {
  await suite.test(
    "model routing: the merchant sets the answer chain and budget; a 500 from the first model falls to the second, shown on the usage page",
    async (t) => {
      models.seen.length = 0;
      const owner = await tenantViaApi(browser, base, "Routing Shop");
      await api(owner.context, base, "PUT", "/api/settings/ai", {
        provider: "openai-compatible",
        // No base URL: the deployment's own server (OPENAI_BASE_URL) answers; a merchant's loopback
        // URL would be refused by the unsafe-URL guard.
        openai: { apiKey: "sk-e2e-routing-0001", model: "gpt-4o-mini" },
        timeoutMs: 5000,
      });
      await api(owner.context, base, "POST", "/api/kb/entries", {
        question: "How do I return an item?",
        phrasings: ["return policy", "send an item back", "can I return my order"],
        answer: "Returns are accepted within 30 days.",
        language: "en",
      });

      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#/ai`);
      const answer = page.getByLabel("Answer: models in order");
      await answer.waitFor();
      // An unknown provider is refused with the server's message, and nothing is stored.
      await answer.fill("acme/gpt-9");
      await page.getByRole("button", { name: "Save models" }).click();
      await page.getByRole("alert").filter({ hasText: "unknown provider" }).waitFor();
      const refused = await api(owner.context, base, "GET", "/api/settings/ai");
      ok(
        !refused.settings.routing.tasks.answer,
        `nothing stored: ${JSON.stringify(refused.settings.routing)}`,
      );

      await answer.fill("openai-compatible/gpt-4o, openai-compatible/gpt-4o-mini");
      await page.getByLabel("Monthly budget (USD)").fill("5");
      await page.getByRole("button", { name: "Save models" }).click();
      await page.getByText("Models saved.").waitFor();
      const stored = await api(owner.context, base, "GET", "/api/settings/ai");
      ok(
        JSON.stringify(stored.settings.routing) ===
          JSON.stringify({
            tasks: { answer: ["openai-compatible/gpt-4o", "openai-compatible/gpt-4o-mini"] },
            monthlyBudgetUsd: 5,
          }),
        `stored routing: ${JSON.stringify(stored.settings.routing)}`,
      );
      ok(
        stored.settings.openai.apiKey === "••••0001",
        "the key stays stored (masked in the response)",
      );
      await page.getByRole("heading", { name: "Models" }).scrollIntoViewIfNeeded();
      await page
        .locator(".card")
        .filter({ has: page.getByRole("heading", { name: "Models" }) })
        .screenshot({ path: `${screenshots}/dashboard-model-routing.png` });

      shop.setSnippet(snippetFor(base, owner.tenant.publicKey));
      const shopper = await newContext(browser);
      const shopPage = t.track(await shopper.newPage());
      await shopPage.goto(shop.url, { waitUntil: "domcontentloaded" });
      await shopPage.locator(W).getByRole("button", { name: "Open chat" }).click();
      await shopperSend(shopPage, "How do I return an item?");
      await mine(shopPage, "return an item").waitFor();
      await shopPage.locator(W).getByText(ANSWER).waitFor({ timeout: 30_000 });
      ok(
        JSON.stringify(models.seen) === JSON.stringify(["gpt-4o", "gpt-4o-mini"]),
        `models asked in order: ${JSON.stringify(models.seen)}`,
      );

      const { conversations } = await api(owner.context, base, "GET", "/api/conversations");
      const { messages } = await api(
        owner.context,
        base,
        "GET",
        `/api/conversations/${conversations[0].id}/messages`,
      );
      const route = messages.find((m) => m.author.type === "ai")?.meta.routes?.at(-1);
      ok(
        route?.provider === "openai-compatible" &&
          route.model === "gpt-4o-mini" &&
          route.fallback === true &&
          route.failed[0]?.route === "openai-compatible/gpt-4o" &&
          route.costUsd > 0,
        `the turn's route: ${JSON.stringify(route)}`,
      );

      await page.goto(`${base}/app/#/usage`);
      const row = page.getByTestId("model-spend").locator("tr").filter({ hasText: "gpt-4o-mini" });
      await row.waitFor();
      const text = await row.innerText();
      ok(text.includes("answer") && text.includes("$0.0"), `spend row: ${text}`);
      const budget = await page.getByTestId("model-budget").innerText();
      ok(budget.includes("of a $5.00 budget"), `budget line: ${budget}`);
      await screenshot(page, screenshots, "dashboard-model-spend");

      // The console shows which model answered the turn, and that it was a fallback.
      await page.goto(`${base}/console/#/c/${conversations[0].id}`);
      const line = page.getByTestId("msg-model").filter({ hasText: "gpt-4o-mini" });
      await line.waitFor({ timeout: 20_000 });
      const said = await line.innerText();
      ok(
        said.includes("Answered by openai-compatible/gpt-4o-mini") &&
          said.includes("after openai-compatible/gpt-4o failed"),
        `console line: ${said}`,
      );
      await shopper.close();
      await owner.context.close();
    },
  );
}
