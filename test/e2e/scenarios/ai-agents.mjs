/**
 * AI agents per stage in the browser: the merchant adds, edits and deletes agents on the dashboard's
 * AI agents page; a shopper's product question is answered by Pre-sales from its knowledge, their order
 * question by After-sales, and the console labels each AI message with its agent and shows the handoff.
 */
import { eventually, ok } from "../harness.mjs";
import { api, newContext, screenshot, tenantViaApi } from "../helpers.mjs";
import { shopperSend, snippetFor, theirs } from "./widget.mjs";

const W = "edgedesk-widget";

/** @param {import("../harness.mjs").Suite} suite */
export default async function aiAgents(suite, { browser, base, shop, screenshots }) {
  await suite.test(
    "ai agents: the merchant manages agents on the dashboard, and the console shows which agent spoke and the handoff",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Agents Shop");
      await api(owner.context, base, "POST", "/api/kb/entries", {
        question: "Is the Aurora sneaker in stock?",
        phrasings: ["aurora sneaker stock", "do you have the aurora sneakers"],
        answer: "The Aurora sneaker is in stock in sizes 36 to 46.",
        tags: ["products"],
      });
      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#/ai-agents`);
      await page.getByRole("heading", { name: "AI agents" }).waitFor();

      const row = (name) =>
        page.getByTestId("ai-agents").getByRole("row").filter({ hasText: name });
      const add = async (name, stage, fill = async () => {}) => {
        const form = page.getByRole("region", { name: "New agent" });
        await form.getByLabel("Name").fill(name);
        await form.getByLabel("Stage").selectOption(stage);
        await fill(form);
        await form.getByRole("button", { name: "Add agent" }).click();
        await row(name).waitFor();
      };
      await add("Pre-sales", "pre_sales", async (form) => {
        await form.getByLabel("Knowledge tags").fill("products");
        await form.getByLabel("Persona").fill("Help shoppers choose a size.");
      });
      await add("After-sales", "after_sales", async (form) => {
        await form.getByLabel("Order status lookup").check();
        await form.getByLabel("Refund").check();
      });
      await add("Marketing", "marketing");

      // A bad model string is refused with the field's message and nothing is saved.
      const form = page.getByRole("region", { name: "New agent" });
      await form.getByLabel("Name").fill("Broken");
      await form.getByLabel("Model").fill("no slash");
      await form.getByRole("button", { name: "Add agent" }).click();
      await form.locator(".field-error").filter({ hasText: 'a "provider/model" string' }).waitFor();

      // Edit: After-sales loses the refund action and gets a tone.
      await row("After-sales").getByRole("button", { name: "Edit" }).click();
      const edit = page.getByRole("region", { name: "Edit After-sales" });
      await edit.getByLabel("Refund").uncheck();
      await edit.getByLabel("Tone").selectOption("professional");
      await edit.getByRole("button", { name: "Save agent" }).click();
      await row("After-sales").filter({ hasNotText: "Refund" }).waitFor();
      await row("Marketing").getByRole("button", { name: "Delete Marketing" }).click();
      await row("Marketing").waitFor({ state: "detached" });
      const { agents } = await api(owner.context, base, "GET", "/api/ai-agents");
      ok(
        JSON.stringify(
          agents.map((a) => [
            a.name,
            a.stage,
            a.knowledgeTags,
            a.allowedActions,
            a.tone,
            a.instructions,
          ]),
        ) ===
          JSON.stringify([
            ["Pre-sales", "pre_sales", ["products"], [], null, "Help shoppers choose a size."],
            ["After-sales", "after_sales", [], ["order_lookup"], "professional", ""],
          ]),
        `saved agents: ${JSON.stringify(agents)}`,
      );
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, screenshots, "dashboard-ai-agents");

      shop.setSnippet(snippetFor(base, owner.tenant.publicKey));
      const shopper = await newContext(browser);
      const shopPage = t.track(await shopper.newPage());
      await shopPage.goto(shop.url, { waitUntil: "domcontentloaded" });
      await shopPage.locator(W).getByRole("button", { name: "Open chat" }).click();
      await shopperSend(shopPage, "Do you have the Aurora sneakers in stock?");
      await theirs(shopPage, "sizes 36 to 46").waitFor({ timeout: 30_000 });
      await shopperSend(shopPage, "And where is my order #10234?");

      const conversationId = await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/conversations?view=all")).conversations[0]
            ?.id,
        { timeoutMs: 30_000, message: "the shopper's conversation" },
      );
      await page.goto(`${base}/console/#/c/${conversationId}`);
      const labels = page.locator(".msg-ai .msg-head strong");
      await labels.filter({ hasText: "AI · After-sales" }).waitFor({ timeout: 30_000 });
      await labels.filter({ hasText: "AI · Pre-sales" }).waitFor();
      await page
        .locator(".msg-event")
        .filter({ hasText: "AI agent Pre-sales passed the conversation to After-sales" })
        .waitFor();
      ok(
        (await labels.filter({ hasText: "AI · Pre-sales" }).getAttribute("title")) ===
          "pre-sales: product question",
        "the label explains why the agent was chosen",
      );
      // The greeting and both answers are on the shopper's screen; the handoff line is not.
      await eventually(async () => (await shopPage.locator(`${W} .ed-row.ed-them`).count()) >= 3, {
        message: "the shopper received the second answer",
      });
      ok(
        !(await shopPage.locator(W).getByText("passed the conversation").count()),
        "the shopper does not see the handoff line",
      );
      await shopper.close();
      await owner.context.close();
    },
  );
}
