/**
 * A merchant's first day (issue #14): what a new shopper, agent and merchant see on the way through
 * one conversation — each status line once, the assistant's and agents' names, long pastes.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eventually, ok } from "../harness.mjs";
import {
  api,
  finishSignUpInBrowser,
  memberViaApi,
  newContext,
  PASSWORD,
  screenshot,
  tenantViaApi,
} from "../helpers.mjs";
import { mine, shopperSend, snippetFor, theirs } from "./widget.mjs";
import { SAMPLES } from "../../../scripts/demo-conversations.mjs";
import { DEMO, seedDemo } from "../../../scripts/seed-demo.mjs";

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
export default async function firstDay(suite, { browser, base, shop, root, screenshots }) {
  await suite.test(
    "first day: npm run dev -- --port N uses that port, and refuses a port already in use",
    async () => {
      const taken = new URL(base).port; // the product under test listens there
      const { PORT: _unset, ...clean } = process.env;
      const dev = (args, env = {}) =>
        spawnSync(process.execPath, [path.join(root, "scripts", "dev.mjs"), ...args], {
          cwd: root,
          encoding: "utf8",
          timeout: 20_000,
          env: { ...clean, ...env },
        });
      for (const [args, env] of [
        [["--port", taken], {}],
        [[`--port=${taken}`], { PORT: "8787" }],
        [[], { PORT: taken }],
      ]) {
        const r = dev(args, env);
        ok(
          r.status === 1,
          `${args.join(" ")} PORT=${env.PORT ?? ""}: exit ${r.status} ${r.error ?? ""} ${r.stdout.slice(-300)}`,
        );
        ok(
          r.stderr.includes(`port ${taken} is already in use`),
          `says the port is taken: ${r.stderr}`,
        );
      }
      const bad = dev(["--port", "http"]);
      ok(
        bad.status === 1 && bad.stderr.includes("is not a port number"),
        `a bad port is refused: ${bad.stderr}`,
      );
    },
  );

  await suite.test(
    "first day: each status line shows once in the widget and the console, also after a reload",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Once Shop");
      const agent = await memberViaApi(browser, base, owner, "agent");
      const { page } = await openShopper(t, browser, shop, base, owner.tenant.publicKey);
      await shopperSend(page, "Hola, ¿dónde está mi pedido?");
      await mine(page, "dónde está mi pedido").waitFor();
      await page.locator(W).getByRole("button", { name: "Hablar con una persona" }).click();
      await page.locator(`${W} .ed-event`).filter({ hasText: "Esperando" }).waitFor();
      // A repeated "waiting" line would show by the time the agent's later reply does (checked below).
      const list = await api(agent.context, base, "GET", "/api/conversations");
      const id = list.conversations[0].id;
      await api(agent.context, base, "POST", `/api/conversations/${id}/takeover`);
      await api(agent.context, base, "POST", `/api/conversations/${id}/messages`, {
        clientId: `c${Date.now()}abcdef`,
        text: "Hola, soy Marta.",
      });
      await theirs(page, "soy Marta").waitFor();
      await api(agent.context, base, "POST", `/api/conversations/${id}/resolve`);
      await page.locator(`${W} .ed-rating`).waitFor();
      const check = async (where) => {
        for (const text of [
          "Esperando a que se una una persona",
          "se unió a la conversación",
          "se marcó como resuelta",
        ]) {
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
    },
  );

  await suite.test(
    "first day: the widget names the assistant by its persona; AI settings say what the built-in provider ignores",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Persona Shop");
      await api(owner.context, base, "PUT", "/api/settings/ai", {
        persona: { name: "Lucía" },
        languages: ["en", "es"],
      });
      await api(owner.context, base, "POST", "/api/kb/entries", {
        question: "¿Cuánto tarda el envío?",
        answer: "El envío tarda de 3 a 5 días laborables.",
        language: "es",
      });
      const { page } = await openShopper(t, browser, shop, base, owner.tenant.publicKey);
      await shopperSend(page, "¿Cuánto tarda el envío?");
      const answer = theirs(page, "3 a 5 días");
      await answer.waitFor({ timeout: 30_000 });
      const name = await answer.locator(".ed-name").innerText();
      ok(name === "Lucía", `the answer is signed “${name}”, not by the persona`);
      const settingsPage = t.track(await owner.context.newPage());
      await settingsPage.goto(`${base}/app/#/ai`);
      const note = settingsPage.locator('[data-testid="builtin-effects"]');
      await note.waitFor();
      ok(
        (await note.innerText()).includes("instructions"),
        "the built-in note names the settings without effect",
      );
      await settingsPage.getByLabel("Provider").selectOption("workers-ai");
      await note.waitFor({ state: "detached" });
    },
  );

  await suite.test(
    "first day: signup and invite acceptance ask for a display name, prefilled from the email",
    async (t) => {
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      const stamp = Date.now().toString(36);
      await page.goto(`${base}/app/#/signup`);
      await page.getByLabel("Company").fill(`Names ${stamp}`);
      await page.getByLabel("Work email").fill(`marta.garcia+${stamp}@e2e.test`);
      const name = page.getByLabel("Your name");
      ok(
        (await name.inputValue()) === "Marta Garcia",
        `name prefilled as “${await name.inputValue()}”`,
      );
      ok(await name.evaluate((el) => el.required), "the name is asked for");
      await name.fill("Marta");
      await page.getByLabel("Work email").fill(`marta.garcia+${stamp}x@e2e.test`);
      ok((await name.inputValue()) === "Marta", "an edited name is kept when the email changes");
      await page.getByRole("button", { name: "Create account" }).click();
      await finishSignUpInBrowser(page, base, {
        company: `Names ${stamp}`,
        email: `marta.garcia+${stamp}x@e2e.test`,
      });
      const me = await api(context, base, "GET", "/api/me");
      ok(me.user.name === "Marta", `stored name ${me.user.name}`);
      const invite = await api(context, base, "POST", "/api/invites", {
        email: `bo.lind+${stamp}@e2e.test`,
        role: "agent",
      });
      const guest = await newContext(browser);
      const accept = t.track(await guest.newPage());
      await accept.goto(invite.acceptUrl);
      const invitee = accept.getByLabel("Your name");
      await invitee.waitFor();
      ok(
        (await invitee.inputValue()) === "Bo Lind",
        `invite name prefilled as “${await invitee.inputValue()}”`,
      );
    },
  );

  await suite.test(
    "first day: the knowledge page confirms an added entry by its button; a new account's gaps panel says no conversations yet",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Gaps Shop");
      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#/knowledge`);
      await page.locator(".notice").filter({ hasText: "No conversations yet" }).waitFor();
      ok(
        (await page.getByText("The AI had an answer for everything").count()) === 0,
        "an empty account does not claim the AI answered everything",
      );
      const form = page.locator("#new-entry-form");
      await form.getByLabel("Question", { exact: true }).fill("Do you ship to Norway?");
      await form.getByLabel("Answer", { exact: true }).fill("Yes, in 4 days.");
      await form.getByRole("button", { name: "Add entry" }).click();
      const note = form
        .locator(".notice-success")
        .filter({ hasText: "Added “Do you ship to Norway?”" });
      await note.waitFor();
      ok(await note.isVisible(), "the confirmation is inside the form, by the button");
    },
  );

  await suite.test(
    "first day: the merchant words the widget per language: a Spanish shopper sees the Spanish title and status lines, a Chinese shopper the Chinese defaults",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Words Shop");
      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#/widget`);
      await page.getByLabel("Language", { exact: true }).selectOption("es");
      const title = page.getByLabel("Title", { exact: true });
      const waiting = page.getByLabel("Waiting for a person");
      const joined = page.getByLabel("A person joined");
      // Empty fields show what Spanish shoppers get today: the built-in translation.
      ok(
        (await title.getAttribute("placeholder")) === "Chatea con nosotros",
        `title placeholder: ${await title.getAttribute("placeholder")}`,
      );
      ok(
        (await waiting.getAttribute("placeholder")) === "Esperando a que se una una persona…",
        `waiting placeholder: ${await waiting.getAttribute("placeholder")}`,
      );
      await title.fill("Hablemos en Words Shop");
      await waiting.fill("Un momento, enseguida viene alguien…");
      await page.getByLabel("Header while a person answers").fill("Te atiende {name}");
      await joined.fill("{nombre} está contigo");
      const save = page.getByRole("button", { name: "Save appearance" });
      await save.click();
      // Refused with the server's reason, and nothing stored.
      await page.locator(".notice").filter({ hasText: "unknown placeholder {nombre}" }).waitFor();
      ok(
        !(await api(owner.context, base, "GET", "/api/settings/widget")).settings.texts.es,
        "a refused save stored the Spanish texts",
      );
      await joined.fill("{name} está contigo");
      await save.click();
      await page.getByText(/^Saved\./).waitFor();
      ok(
        (
          await page.getByLabel("Language", { exact: true }).locator("option:checked").innerText()
        ).includes("edited"),
        "the language is marked as edited",
      );
      await page
        .locator(".widget-preview .preview-title")
        .filter({ hasText: "Hablemos en Words Shop" })
        .waitFor();
      await page
        .locator(".widget-texts")
        .screenshot({ path: path.join(screenshots, "dashboard-widget-texts-es.png") });

      const es = await openShopper(t, browser, shop, base, owner.tenant.publicKey, "es-ES");
      await es.page
        .locator(`${W} .ed-title`)
        .filter({ hasText: "Hablemos en Words Shop" })
        .waitFor();
      await shopperSend(es.page, "Hola, ¿tenéis la talla 44?");
      await mine(es.page, "talla 44").waitFor();
      await es.page.locator(W).getByRole("button", { name: "Hablar con una persona" }).click();
      await es.page
        .locator(`${W} .ed-event`)
        .filter({ hasText: "Un momento, enseguida viene alguien…" })
        .waitFor();
      const id = await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/conversations")).conversations[0]?.id,
        { message: "conversation listed" },
      );
      await api(owner.context, base, "POST", `/api/conversations/${id}/takeover`);
      await es.page.locator(`${W} .ed-event`).filter({ hasText: "está contigo" }).waitFor();
      // The header in the merchant's words, with the agent's name filled in.
      await es.page
        .locator(`${W} .ed-status`)
        .filter({ hasText: /^Te atiende \S/ })
        .waitFor();
      ok(
        (await countInWidget(es.page, "Esperando a que se una una persona")) === 0,
        "the built-in Spanish waiting line is shown instead of the merchant's",
      );
      await es.page
        .locator(`${W} .ed-panel`)
        .screenshot({ path: path.join(screenshots, "widget-merchant-spanish-texts.png") });

      // A language the product does not ship: refused until it is a language code, then editable.
      const addLang = page.getByLabel("Add a language");
      await addLang.fill("Italian");
      await page.getByRole("button", { name: "Add language" }).click();
      await page.locator(".notice").filter({ hasText: "Not a language code" }).waitFor();
      await addLang.fill("fi");
      await page.getByRole("button", { name: "Add language" }).click();
      const chosen = await page.getByLabel("Language", { exact: true }).inputValue();
      ok(chosen === "fi", `the added language is selected (${chosen})`);

      // No Chinese texts and no default-language title: the built-in Chinese ones.
      const zh = await openShopper(t, browser, shop, base, owner.tenant.publicKey, "zh-CN");
      const zhTitle = (await zh.page.locator(`${W} .ed-title`).innerText()).trim();
      ok(zhTitle === "在线客服", `a Chinese shopper sees the title “${zhTitle}”`);
      await zh.page.locator(W).getByRole("button", { name: "配送时间" }).waitFor();
      await zh.context.close();
      await es.context.close();
    },
  );

  await suite.test(
    "first day: a paste longer than the limit is kept whole, counted and refused, not cut",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Paste Shop");
      const { page } = await openShopper(t, browser, shop, base, owner.tenant.publicKey, "en-US");
      const box = page.locator(`${W} .ed-composer textarea`);
      await box.focus();
      await page.keyboard.insertText("a".repeat(4500));
      const length = await box.evaluate((el) => el.value.length);
      ok(length === 4500, `the paste was cut to ${length} characters`);
      const counter = page.locator(`${W} .ed-count.ed-over`);
      await counter.waitFor();
      ok(
        (await counter.innerText()).replace(/\s/g, "") === "4500/4000",
        `counter: ${await counter.innerText()}`,
      );
      ok(await page.locator(`${W} .ed-send`).isDisabled(), "send is disabled while too long");
      await box.press("Enter");
      await box.fill("a".repeat(4000));
      await page.locator(`${W} .ed-count.ed-over`).waitFor({ state: "detached" });
      ok(!(await page.locator(`${W} .ed-send`).isDisabled()), "at the limit it can be sent");
      // Sent after the refused Enter: once it shows, anything that Enter had sent would show too.
      await box.press("Enter");
      await page.locator(`${W} .ed-row.ed-mine`).first().waitFor();
      ok(
        (await page.locator(`${W} .ed-row.ed-mine`).count()) === 1,
        "only the message at the limit was sent",
      );
    },
  );

  await suite.test(
    "first day: the console's list shows the AI's answer as the last message the moment it is sent, without a reload",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Preview Shop");
      const consolePage = t.track(await owner.context.newPage());
      await consolePage.goto(`${base}/console/`);
      await consolePage.getByRole("button", { name: /^All/ }).click();
      await consolePage.locator(".conv-list").waitFor({ state: "attached" });
      const { page } = await openShopper(t, browser, shop, base, owner.tenant.publicKey);
      await shopperSend(page, "Hola, ¿hacéis envíos a Chile?");
      await mine(page, "envíos a Chile").waitFor();
      // The AI answers within milliseconds, before the conversation's index row is written again.
      const answer = await eventually(
        async () => {
          const { conversations } = await api(owner.context, base, "GET", "/api/conversations");
          if (!conversations[0]) return null;
          const { messages } = await api(
            owner.context,
            base,
            "GET",
            `/api/conversations/${conversations[0].id}/messages`,
          );
          const ai = messages.find((m) => m.author.type === "ai");
          return ai && { id: conversations[0].id, text: ai.text };
        },
        { message: "the AI answered" },
      );
      await consolePage
        .locator(`.conv-item[data-conversation="${answer.id}"] .conv-preview`)
        .filter({ hasText: answer.text.slice(0, 30) })
        .waitFor({ timeout: 10_000 });
    },
  );

  await suite.test(
    "first day: the console's Translate unticks itself and says why when no provider can translate",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Translate Shop");
      const { page } = await openShopper(t, browser, shop, base, owner.tenant.publicKey);
      await shopperSend(page, "Hola, ¿tenéis tiendas de campaña?");
      await mine(page, "tiendas de campaña").waitFor();
      const id = await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/conversations")).conversations[0]?.id,
        { message: "conversation listed" },
      );
      const consolePage = t.track(await owner.context.newPage());
      await consolePage.goto(`${base}/console/#/c/${id}`);
      const toggle = consolePage.getByRole("checkbox", { name: "Translate" });
      await toggle.check().catch(() => undefined);
      await consolePage
        .locator('[data-testid="translate-reason"]')
        .filter({ hasText: "needs an AI provider" })
        .waitFor();
      await eventually(async () => !(await toggle.isChecked()), {
        message: "the toggle unticked itself",
      });
    },
  );

  await suite.test(
    "first day: the console at 1366x900 shows 8 messages, a collapsible handover card that follows a second handover, and a composer that grows",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Handover Shop");
      const { page } = await openShopper(t, browser, shop, base, owner.tenant.publicKey);
      await shopperSend(page, "Quiero hablar con una persona, mi pedido 4411 llegó roto");
      await page
        .locator(`${W} .ed-event`)
        .filter({ hasText: "Esperando" })
        .waitFor({ timeout: 30_000 });
      const id = await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/conversations")).conversations[0]?.id,
        { message: "conversation listed" },
      );
      const first = await eventually(
        async () =>
          (await api(owner.context, base, "GET", `/api/conversations/${id}`)).conversation.handover,
        { message: "first handover indexed" },
      );
      ok(
        first.summary?.includes("4411"),
        `the AI's handover carries a summary: ${JSON.stringify(first)}`,
      );
      const consolePage = t.track(await owner.context.newPage());
      await consolePage.setViewportSize({ width: 1366, height: 900 });
      await consolePage.goto(`${base}/console/#/c/${id}`);
      const card = consolePage.locator(".handover");
      await card.filter({ hasText: "asked for a person" }).waitFor();
      // Collapsible: the summary line opens and closes the details.
      const body = card.locator(".handover-body");
      const wasOpen = await body.isVisible();
      await card.locator("summary").click();
      await eventually(async () => (await body.isVisible()) !== wasOpen, {
        message: "the handover card toggles",
      });
      if (!(await body.isVisible())) await card.locator("summary").click();
      await body.filter({ hasText: "4411" }).waitFor();
      await api(owner.context, base, "POST", `/api/conversations/${id}/takeover`);
      for (let i = 1; i <= 8; i++)
        await api(owner.context, base, "POST", `/api/conversations/${id}/messages`, {
          clientId: `c${Date.now()}m${i}abcdef`,
          text: `Respuesta número ${i}`,
        });
      await api(owner.context, base, "POST", `/api/conversations/${id}/resolve`);
      await theirs(page, "Respuesta número 8").waitFor();
      await shopperSend(page, "Hola otra vez");
      await mine(page, "Hola otra vez").waitFor();
      await page.locator(W).getByRole("button", { name: "Hablar con una persona" }).click();
      // No reload: the card follows the second handover and drops the first one's summary.
      await card.filter({ hasText: "shopper_request" }).waitFor({ timeout: 15_000 });
      ok(
        !(await card.innerText()).includes("4411"),
        `the card still shows the first handover: ${await card.innerText()}`,
      );
      await consolePage.locator(".messages li").filter({ hasText: "Hola otra vez" }).waitFor();
      // The "assigned to you" banner (the takeover above came from elsewhere) is up while the thread is counted.
      const toast = consolePage
        .locator(".toast")
        .filter({ hasText: "New conversation assigned to you" });
      await toast.waitFor();
      // Folded again (as it starts), the card leaves the thread its room.
      if (await body.isVisible()) await card.locator("summary").click();
      await body.waitFor({ state: "hidden" });
      const shown = await consolePage.evaluate(() => {
        const list = document.querySelector(".messages").getBoundingClientRect();
        return [
          ...document.querySelectorAll(".messages > li.msg, .messages > li.msg-event"),
        ].filter((li) => {
          const r = li.getBoundingClientRect();
          return r.top >= list.top - 1 && r.bottom <= list.bottom + 1;
        }).length;
      });
      ok(shown >= 8, `only ${shown} messages fit on screen at 1366x900`);
      // It sits in the inbox column: it takes no room from the thread.
      const threadHeight = () =>
        consolePage.locator(".messages").evaluate((el) => el.getBoundingClientRect().height);
      const withBanner = await threadHeight();
      await screenshot(consolePage, screenshots, "console-1366-assignment-banner");
      await toast.getByRole("button", { name: "Dismiss" }).click();
      await toast.waitFor({ state: "detached" });
      const without = await threadHeight();
      ok(
        Math.abs(without - withBanner) <= 1,
        `the banner takes ${without - withBanner}px from the thread`,
      );
      const box = consolePage.getByLabel("Reply to the customer");
      const empty = await box.evaluate((el) => el.getBoundingClientRect().height);
      await box.fill("una\ndos\ntres\ncuatro\ncinco\nseis");
      await eventually(
        async () => (await box.evaluate((el) => el.getBoundingClientRect().height)) > empty * 2,
        { message: "the composer grows with its text" },
      );
      ok(
        await box.evaluate((el) => el.scrollHeight <= el.clientHeight + 1),
        "six lines fit without a scrollbar",
      );
      await box.fill("");
      await eventually(
        async () => (await box.evaluate((el) => el.getBoundingClientRect().height)) <= empty + 1,
        { message: "the composer shrinks back" },
      );
    },
  );

  await suite.test(
    "first day: a reply the platform never took is marked failed with its reason, and the console's Retry sends it again",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Retry Shop");
      const secret = "e2e-retry-secret_0123456789";
      const created = await api(owner.context, base, "POST", "/api/channels", {
        type: "telegram",
        name: "Telegram",
        credentials: { botToken: "123456:e2e-retry-token", webhookSecret: secret },
      });
      const hook = created.webhookUrl.replace(/^https?:\/\/[^/]+/, base);
      const update = readFileSync(
        path.join(root, "..", "shared", "fixtures", "webhooks", "telegram", "message.json"),
      );
      const res = await owner.context.request.post(hook, {
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        data: update,
      });
      ok(res.status() === 200, `telegram webhook answered ${res.status()}`);
      const id = await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/conversations")).conversations[0]?.id,
        { message: "conversation listed", timeoutMs: 20_000 },
      );
      // Switched off after the shopper wrote: the reply cannot go out, and no automatic retry would change that.
      await api(owner.context, base, "PATCH", `/api/channels/${created.channel.id}`, {
        status: "disabled",
      });
      const consolePage = t.track(await owner.context.newPage());
      await consolePage.goto(`${base}/console/#/c/${id}`);
      await consolePage.getByRole("button", { name: "Take over" }).click();
      await consolePage.getByRole("button", { name: "Hand back to AI" }).waitFor();
      const text = "Your parcel left our warehouse this morning.";
      await consolePage.getByLabel("Reply to the customer").fill(text);
      await consolePage.getByRole("button", { name: "Send", exact: true }).click();
      const reply = consolePage.locator(".messages li.msg").filter({ hasText: text });
      // No reload: the failure reaches the console live, with the reason and a Retry button.
      await reply
        .locator(".delivery-failed")
        .filter({ hasText: "disabled" })
        .waitFor({ timeout: 20_000 });
      const retry = reply.getByRole("button", { name: "Retry" });
      await retry.waitFor();
      await screenshot(consolePage, screenshots, "console-failed-reply");
      await api(owner.context, base, "PATCH", `/api/channels/${created.channel.id}`, {
        status: "active",
      });
      await retry.click();
      // Queued again: pending while Telegram is tried (offline it stays pending between attempts; online the
      // platform's own answer replaces the old reason). Either way the "disabled" failure is gone.
      await reply
        .locator(".delivery")
        .filter({ hasNotText: "disabled" })
        .waitFor({ timeout: 10_000 });
      const { messages } = await api(
        owner.context,
        base,
        "GET",
        `/api/conversations/${id}/messages?limit=50&after=0`,
      );
      const stored = messages.find((m) => m.text === text);
      ok(
        stored && !(stored.delivery?.error ?? "").includes("disabled"),
        `the stored reply still has the old failure: ${JSON.stringify(stored?.delivery)}`,
      );
      ok(
        stored.delivery.status === "pending" ||
          (await reply.locator(".delivery").innerText()).includes(stored.delivery.status),
        `the console shows what is stored (${stored.delivery.status})`,
      );
      ok(
        (await consolePage.locator(".messages li.msg").filter({ hasText: text }).count()) === 1,
        "retrying does not duplicate the reply",
      );
    },
  );

  await suite.test(
    "first day: on a phone the rating card leaves the last message in view, and the read receipt survives a reload",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Phone Shop");
      shop.setSnippet(snippetFor(base, owner.tenant.publicKey));
      const context = await newContext(browser, {
        locale: "es-ES",
        viewport: { width: 390, height: 844 },
        hasTouch: true,
      });
      const page = t.track(await context.newPage());
      const open = async () => {
        await page.waitForFunction(() => window.Edgedesk && "open" in window.Edgedesk);
        await page.evaluate(() => window.Edgedesk.open());
        await page.locator(`${W} .ed-panel`).waitFor({ state: "visible" });
      };
      await page.goto(shop.url, { waitUntil: "domcontentloaded" });
      await open();
      await shopperSend(page, "Hola, tengo un problema con mi pedido");
      await mine(page, "problema con mi pedido").waitFor();
      const id = await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/conversations")).conversations[0]?.id,
        { message: "conversation listed" },
      );
      await api(owner.context, base, "POST", `/api/conversations/${id}/takeover`);
      for (let i = 1; i <= 6; i++)
        await api(owner.context, base, "POST", `/api/conversations/${id}/messages`, {
          clientId: `c${Date.now()}r${i}abcdef`,
          text: `Línea de ayuda ${i}`,
        });
      await theirs(page, "Línea de ayuda 6").waitFor();
      await shopperSend(page, "Gracias, ¿y el reembolso?");
      await mine(page, "el reembolso").waitFor();
      const consolePage = t.track(await owner.context.newPage());
      await consolePage.goto(`${base}/console/#/c/${id}`);
      const receipt = page.locator(`${W} .ed-meta`).filter({ hasText: "Leído" });
      await receipt.waitFor({ timeout: 10_000 });
      await page.reload({ waitUntil: "domcontentloaded" });
      await open();
      await mine(page, "el reembolso").waitFor();
      await receipt.waitFor({ timeout: 10_000 });
      await api(owner.context, base, "POST", `/api/conversations/${id}/resolve`);
      const rating = page.locator(`${W} .ed-rating`);
      await rating.waitFor();
      const last = page.locator(`${W} .ed-log .ed-event`).filter({ hasText: "resuelta" });
      await last.waitFor();
      await eventually(
        async () => {
          const [l, r, log] = await Promise.all([
            last.boundingBox(),
            rating.boundingBox(),
            page.locator(`${W} .ed-log`).boundingBox(),
          ]);
          return (
            l &&
            r &&
            log &&
            l.y + l.height <= r.y + 1 &&
            l.y + l.height <= log.y + log.height + 1 &&
            l.y >= log.y - 1
          );
        },
        { message: "the last message is fully in view above the rating card" },
      );
    },
  );

  await suite.test(
    "first day: the demo shop, the demo company and the widget's title carry one shop name",
    async (t) => {
      const demo = await seedDemo(base);
      const name = demo.tenant.name;
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      await page.goto(`${base}/demo/`, { waitUntil: "domcontentloaded" });
      const brand = (await page.locator(".brand").innerText()).trim();
      ok(brand === name, `the shop page says “${brand}”, the company is “${name}”`);
      ok((await page.title()).includes(name), `page title: ${await page.title()}`);
      await page.waitForFunction(() => window.Edgedesk && "open" in window.Edgedesk);
      await page.evaluate(() => window.Edgedesk.open());
      const title = (await page.locator(`${W} .ed-title`).innerText()).trim();
      ok(title === name, `the widget is titled “${title}”, the company is “${name}”`);
    },
  );

  await suite.test(
    "first day: the console's top bar stays one line at 1280 px for an agent with a long e-mail address",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Long Address Shop");
      const email = `${Date.now().toString(36)}.customer-support.team-lead@example-fashion-outlet.com`;
      const inv = await api(owner.context, base, "POST", "/api/invites", { email, role: "agent" });
      const context = await newContext(browser);
      await api(context, base, "POST", "/api/invites/accept", {
        token: inv.token,
        password: PASSWORD,
        name: "Agent with a long address",
      });
      const page = t.track(await context.newPage());
      await page.goto(`${base}/console/`);
      const signOut = page.getByRole("button", { name: "Sign out" });
      await signOut.waitFor();
      const bar = await page.locator("header.topbar").boundingBox();
      const button = await signOut.boundingBox();
      ok(bar && button, "the top bar and its Sign out button are on screen");
      ok(bar.height < 2 * button.height + 16, `the top bar is ${bar.height} px high: it wrapped`);
      ok(
        (await page.locator(".topbar .who").getAttribute("title")) === email,
        "full address on hover",
      );
      await page.locator("header.topbar").screenshot({
        path: path.join(root, "test-results", "e2e", "console-topbar-long-email.png"),
      });
      await owner.context.close();
      await context.close();
    },
  );

  await suite.test(
    "first day: the demo starts with sample conversations (handed over, rated, Spanish) in the console and analytics, and seeding again adds none",
    async (t) => {
      const first = await seedDemo(base);
      const again = await seedDemo(base);
      ok(
        again.conversations.created.length === 0,
        `the second seed made ${again.conversations.created.length} more`,
      );
      const ids = [...first.conversations.created, ...first.conversations.kept].sort();
      ok(
        ids.length === SAMPLES.length &&
          JSON.stringify([...again.conversations.kept].sort()) === JSON.stringify(ids),
        `the second seed found other conversations: ${ids} vs ${again.conversations.kept}`,
      );
      const context = await newContext(browser);
      await api(context, base, "POST", "/api/auth/login", {
        email: DEMO.email,
        password: DEMO.password,
      });
      const list = (await api(context, base, "GET", "/api/conversations?limit=100")).conversations;
      const samples = list.filter((c) => ids.includes(c.id));
      ok(
        samples.length === SAMPLES.length && list.length === SAMPLES.length,
        `the demo lists ${list.length} conversations: ${list.map((c) => `${c.status}/${c.language}`).join(", ")}`,
      );
      // Waiting for a person; once the demo owner is online in the console, routing may assign it to them.
      const waiting = samples.find(
        (c) => c.status === "waiting" || (c.status === "assigned" && c.language === "en"),
      );
      const resolved = samples.find((c) => c.status === "resolved");
      const rated =
        resolved &&
        (await api(context, base, "GET", `/api/conversations/${resolved.id}`)).conversation.csat
          ?.score === 5
          ? resolved
          : null;
      const spanish = samples.find((c) => c.language === "es");
      ok(
        waiting && rated && spanish,
        `samples: ${JSON.stringify(samples.map((c) => ({ status: c.status, language: c.language })))}; rated: ${!!rated}`,
      );
      const metrics = await eventually(
        async () => {
          const m = (await api(context, base, "GET", "/api/analytics/summary")).metrics;
          return m?.csat?.responses >= 1 && m.handover.count >= 1 ? m : null;
        },
        { message: "analytics count the rating and the handover", timeoutMs: 20_000 },
      );
      ok(metrics.conversations >= 3, `analytics count ${metrics.conversations} conversations`);
      // As the merchant first sees it.
      const page = t.track(await context.newPage());
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.goto(`${base}/console/`);
      await page.locator('button.view[data-view="all"]').click();
      const row = page
        .locator(`[data-conversation="${spanish.id}"], a[href="#/c/${spanish.id}"]`)
        .first();
      await row.waitFor();
      await page.goto(`${base}/console/#/c/${spanish.id}`);
      await page.locator(".messages li.msg").filter({ hasText: "devoluciones" }).first().waitFor();
      ok(
        (await page.locator(".messages li.msg").count()) >= 2,
        "the Spanish sample has the shopper's question and the AI's answer",
      );
      await screenshot(page, screenshots, "console-demo-samples");
      await page.goto(`${base}/app/#/analytics`);
      await page
        .getByText(/rating/i)
        .first()
        .waitFor();
      await screenshot(page, screenshots, "dashboard-demo-analytics");
    },
  );

  await suite.test(
    "first day: the invite page names the company and the inviter, and a new agent lands in the console",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Invite Shop");
      const me = await api(owner.context, base, "GET", "/api/me");
      const inviter = me.user.name || me.user.email;
      const invite = await api(owner.context, base, "POST", "/api/invites", {
        email: `new.agent.${Date.now().toString(36)}@e2e.test`,
        role: "agent",
      });
      const guest = await newContext(browser);
      const page = t.track(await guest.newPage());
      await page.goto(invite.acceptUrl);
      const lead = page.locator('[data-testid="invite-from"]');
      await lead.filter({ hasText: "Invite Shop" }).waitFor();
      ok(
        (await lead.innerText()).includes(inviter),
        `the page does not name the inviter ${inviter}: ${await lead.innerText()}`,
      );
      await page.getByLabel("Password", { exact: true }).fill("correct horse battery staple");
      await page.getByRole("button", { name: "Accept invitation" }).click();
      await page.waitForURL(/\/console\//);
    },
  );

  await suite.test(
    "first day: Send invite mails the invitation where account mail is set up (here the local outbox) and says so",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Mailing Shop");
      const page = t.track(await owner.context.newPage());
      await page.goto(`${base}/app/#/team`);
      const to = `mailed.${Date.now().toString(36)}@e2e.test`;
      await page.getByLabel("Email", { exact: true }).fill(to);
      await page.getByRole("button", { name: "Send invite" }).click();
      await page
        .locator(".notice")
        .filter({ hasText: `Invitation mailed to ${to}` })
        .waitFor();
      const mail = await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/dev/outbox")).mails.find((m) => m.to === to),
        { message: "invite mail in the outbox" },
      );
      ok(
        mail.subject.includes("Mailing Shop") && mail.text.includes("/app/#/accept?token="),
        `the mail names the company and carries the link: ${mail.subject} ${mail.text}`,
      );
    },
  );

  await suite.test(
    "first day: npm install has nothing to rewrite in the lockfile and every install script is reviewed in allowScripts",
    async () => {
      const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
      const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
      // npm adds this flag to the root entry for a project with its own postinstall (patch-package).
      ok(
        lock.packages[""].hasInstallScript === true,
        "the lockfile's root entry records the postinstall script",
      );
      const withScripts = Object.entries(lock.packages)
        .filter(([key, p]) => key && p.hasInstallScript)
        .map(([key]) => key.split("node_modules/").pop());
      const missing = [...new Set(withScripts)].filter(
        (name) => !(name in (pkg.allowScripts ?? {})),
      );
      ok(
        missing.length === 0,
        `install scripts not reviewed in package.json allowScripts: ${missing.join(", ")}`,
      );
    },
  );
}
