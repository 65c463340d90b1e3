/** The shopper's widget on a cross-origin shop with a strict CSP: loading, isolation, API, language, reconnects. */
import { createHmac } from "node:crypto";
import { eventually, ok } from "../harness.mjs";
import { api, consoleDrained, needs, newContext, tenantViaApi, watchCsp } from "../helpers.mjs";

export const snippetFor = (base, key) =>
  `<script src="${base}/widget/loader.js" data-key="${key}" async></script>`;
const W = "edgedesk-widget";

/** Sends a message from the widget's composer (whatever the UI language: the textarea is the only one). */
export async function shopperSend(page, text) {
  const box = page.locator(`${W} .ed-composer textarea`);
  await box.fill(text);
  await box.press("Enter");
}

export const mine = (page, text) =>
  page.locator(`${W} .ed-row.ed-mine:not(.ed-pending)`).filter({ hasText: text });
export const theirs = (page, text) =>
  page.locator(`${W} .ed-row.ed-them`).filter({ hasText: text });

/** @param {import("../harness.mjs").Suite} suite */
export default async function widget(suite, { browser, base, shop }) {
  const owner = await tenantViaApi(browser, base, "Widget Shop");
  const key = owner.tenant.publicKey;

  await suite.test(
    "widget: one script tag on a cross-origin shop under a strict CSP draws the launcher; chat.js loads on first click",
    async (t) => {
      shop.setSnippet(snippetFor(base, key));
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      const csp = watchCsp(page);
      const requested = [];
      page.on("request", (r) => requested.push(new URL(r.url()).pathname));
      await page.goto(shop.url, { waitUntil: "domcontentloaded" });
      const launcher = page.locator(W).getByRole("button", { name: "Open chat" });
      await launcher.waitFor();
      ok(new URL(shop.url).origin !== base, "shop is another origin");
      ok(
        await page.evaluate(() => !!document.querySelector("edgedesk-widget")?.shadowRoot),
        "widget lives in a shadow root",
      );
      ok(!requested.includes("/widget/chat.js"), "chat.js must not load before the first open");
      // Isolation both ways: the shop's loud `button` rule does not reach the launcher, our CSS does not reach the shop.
      const launcherBg = await launcher.evaluate((el) => getComputedStyle(el).backgroundColor);
      ok(
        launcherBg !== "rgb(255, 0, 0)",
        `launcher picked up the shop's button colour (${launcherBg})`,
      );
      ok(
        (await launcher.evaluate((el) => getComputedStyle(el).letterSpacing)) === "normal",
        "shop letter-spacing leaked into the widget",
      );
      const shopButton = await page
        .locator("#shop-open-chat")
        .evaluate((el) => [
          getComputedStyle(el).backgroundColor,
          getComputedStyle(el).borderTopStyle,
        ]);
      ok(
        shopButton[0] === "rgb(255, 0, 0)" && shopButton[1] === "dotted",
        `widget CSS leaked into the shop: ${shopButton}`,
      );
      ok(
        (await page.evaluate(() => document.querySelectorAll("style").length)) === 0,
        "no <style> added to the shop's document",
      );
      await launcher.click();
      await eventually(() => requested.includes("/widget/chat.js"), {
        message: "chat.js requested after the click",
      });
      await page.locator(`${W} .ed-panel`).waitFor();
      ok(
        await page.locator(W).getByRole("button", { name: "Close chat" }).first().isVisible(),
        "launcher turns into a close button",
      );
      // The chat has rendered its composer (chat.js ran, its styles applied) and every console line
      // written up to now has arrived: only then does "no violation" mean something.
      await page.locator(`${W} .ed-composer textarea`).waitFor();
      await consoleDrained(page);
      ok(csp.length === 0, `CSP violations: ${csp.join(" | ")}`);
      await context.close();
    },
  );

  await suite.test(
    "widget: the merchant's JavaScript API opens and closes the chat and reports events",
    async (t) => {
      shop.setSnippet(snippetFor(base, key));
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      await page.goto(shop.url, { waitUntil: "domcontentloaded" });
      await page.waitForFunction(() => window.Edgedesk && "open" in window.Edgedesk);
      await page.evaluate(() => {
        window.__events = [];
        window.Edgedesk.on("open", () => window.__events.push("open"));
        window.Edgedesk.on("close", () => window.__events.push("close"));
      });
      await page.locator("#shop-open-chat").click();
      await page.locator(`${W} .ed-panel`).waitFor({ state: "visible" });
      await page.evaluate(() => window.Edgedesk.close());
      await page.locator(`${W} .ed-panel`).waitFor({ state: "hidden" });
      ok(
        (await page.evaluate(() => window.__events.join(","))) === "open,close",
        "open/close events",
      );
      // Escape closes it too and gives focus back to the launcher.
      await page.evaluate(() => window.Edgedesk.open());
      await page.locator(`${W} .ed-panel`).waitFor({ state: "visible" });
      await page.keyboard.press("Escape");
      await page.locator(`${W} .ed-panel`).waitFor({ state: "hidden" });
      ok(
        await page.evaluate(
          () =>
            document.querySelector("edgedesk-widget")?.shadowRoot?.activeElement?.className ===
            "ed-launcher",
        ),
        "focus back on the launcher",
      );
      await context.close();
    },
  );

  await suite.test(
    "widget: the launcher speaks the shopper's language; Arabic flips to right-to-left",
    async (t) => {
      shop.setSnippet(snippetFor(base, key));
      for (const [locale, label, dir] of [
        ["es-ES", "Abrir chat", "ltr"],
        ["ja-JP", "チャットを開く", "ltr"],
        ["th-TH", "เปิดแชท", "ltr"],
        ["ko-KR", "채팅 열기", "ltr"],
        ["ar-EG", "فتح المحادثة", "rtl"],
      ]) {
        const context = await newContext(browser, { locale });
        const page = t.track(await context.newPage());
        await page.goto(shop.url, { waitUntil: "domcontentloaded" });
        await page.locator(W).getByRole("button", { name: label }).waitFor();
        const d = await page.locator(`${W} .ed-root`).evaluate((el) => el.dir);
        ok(d === dir, `${locale}: dir=${d}`);
        await context.close();
      }
    },
  );

  await suite.test(
    "widget: chat greets in Spanish and keeps an anonymous visitor's conversation across page loads",
    async (t) => {
      await needs(owner.context, base, "POST", "/api/widget/session");
      shop.setSnippet(snippetFor(base, key));
      const context = await newContext(browser, { locale: "es-ES" });
      const page = t.track(await context.newPage());
      await page.goto(shop.url, { waitUntil: "domcontentloaded" });
      await page.locator(W).getByRole("button", { name: "Abrir chat" }).click();
      await page.locator(`${W} .ed-bubble`).filter({ hasText: "¡Hola!" }).first().waitFor();
      await shopperSend(page, "Hola, ¿tenéis tallas grandes?");
      await mine(page, "tallas grandes").waitFor();
      const token = await page.evaluate((k) => localStorage.getItem(`edgedesk:${k}:visitor`), key);
      ok(token, "visitor token stored in the shop's localStorage");
      await page.reload({ waitUntil: "domcontentloaded" });
      await page.locator(W).getByRole("button", { name: "Abrir chat" }).click();
      await mine(page, "tallas grandes").waitFor();
      ok((await mine(page, "tallas grandes").count()) === 1, "history shown once after reload");
      // The server renews the token on every session (a fresh expiry), so compare whom it names.
      const visitor = (t) =>
        JSON.parse(Buffer.from(JSON.parse(t).split(".")[1], "base64url").toString()).x;
      ok(
        visitor(await page.evaluate((k) => localStorage.getItem(`edgedesk:${k}:visitor`), key)) ===
          visitor(token),
        "same visitor after reload",
      );
      await context.close();
    },
  );

  await suite.test(
    "widget: reconnects after the network drops, with no lost or doubled message",
    async (t) => {
      await needs(owner.context, base, "POST", "/api/widget/session");
      shop.setSnippet(snippetFor(base, key));
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      await page.goto(shop.url, { waitUntil: "domcontentloaded" });
      await page.locator(W).getByRole("button", { name: "Open chat" }).click();
      await shopperSend(page, "first message before the drop");
      await mine(page, "first message before the drop").waitFor();
      const conv = await onlyConversationFor(owner.context, base, "first message before the drop");

      await context.setOffline(true);
      await page.locator(`${W} .ed-banner`).filter({ hasText: "offline" }).waitFor();
      await shopperSend(page, "written while offline");
      await page
        .locator(`${W} .ed-row.ed-pending`)
        .filter({ hasText: "written while offline" })
        .waitFor();
      // An agent answers while the shopper is away: the resume must deliver it.
      await api(owner.context, base, "POST", `/api/conversations/${conv.id}/takeover`);
      await api(owner.context, base, "POST", `/api/conversations/${conv.id}/messages`, {
        clientId: `e2e-agent-${Date.now()}`,
        text: "agent reply during the outage",
      });
      // The reply is stored while the shopper is still offline (the resume below must bring it).
      const { messages: during } = await api(
        owner.context,
        base,
        "GET",
        `/api/conversations/${conv.id}/messages`,
      );
      ok(
        during.some((m) => m.text === "agent reply during the outage"),
        "agent reply stored during the outage",
      );
      await context.setOffline(false);

      await mine(page, "written while offline").waitFor({ timeout: 20_000 });
      await theirs(page, "agent reply during the outage").waitFor({ timeout: 20_000 });
      await page.locator(`${W} .ed-banner`).waitFor({ state: "detached" });
      // A later message's echo is the signal that the resumed socket has delivered everything before it:
      // a doubled earlier message would already be on screen.
      await shopperSend(page, "a later message after the outage");
      await mine(page, "a later message after the outage").waitFor({ timeout: 20_000 });
      ok((await mine(page, "written while offline").count()) === 1, "offline message shown once");
      ok((await page.locator(`${W} .ed-pending`).count()) === 0, "nothing left pending");
      ok(
        (await theirs(page, "agent reply during the outage").count()) === 1,
        "agent reply shown once",
      );
      const { messages } = await api(
        owner.context,
        base,
        "GET",
        `/api/conversations/${conv.id}/messages`,
      );
      ok(
        messages.filter((m) => m.text === "written while offline").length === 1,
        "stored exactly once on the server",
      );
      ok(
        messages.filter((m) => m.text === "first message before the drop").length === 1,
        "first message stored once",
      );
      await context.close();
    },
  );

  await suite.test(
    "widget: an identified shopper sees the same conversation on another device",
    async (t) => {
      await needs(owner.context, base, "POST", "/api/widget/session");
      shop.setSnippet(snippetFor(base, key));
      const { settings } = await api(owner.context, base, "GET", "/api/settings/widget");
      ok(
        settings.identitySecret,
        "GET /api/settings/widget must return identitySecret to admins, so a shop can sign identify() hashes",
      );
      const userId = `customer-${Date.now()}`;
      const hash = createHmac("sha256", settings.identitySecret).update(userId).digest("hex");
      const identify = (page) =>
        page.evaluate((i) => window.Edgedesk.identify(i), {
          userId,
          hash,
          name: "Carmen",
          email: "carmen@shop.test",
        });
      const laptop = await newContext(browser);
      const lp = t.track(await laptop.newPage());
      await lp.goto(shop.url, { waitUntil: "domcontentloaded" });
      await lp.waitForFunction(() => window.Edgedesk && "identify" in window.Edgedesk);
      await identify(lp);
      await lp.evaluate(() => window.Edgedesk.open());
      await shopperSend(lp, "order 1234 question from my laptop");
      await mine(lp, "from my laptop").waitFor();
      const phone = await newContext(browser, { viewport: { width: 390, height: 800 } });
      const pp = t.track(await phone.newPage());
      await pp.goto(shop.url, { waitUntil: "domcontentloaded" });
      await pp.waitForFunction(() => window.Edgedesk && "identify" in window.Edgedesk);
      await identify(pp);
      await pp.evaluate(() => window.Edgedesk.open());
      await mine(pp, "from my laptop").waitFor();
      await laptop.close();
      await phone.close();
    },
  );

  await suite.test(
    "widget: the shopper attaches a photo; it shows in the chat under the shop's CSP and reaches the agent",
    async (t) => {
      await needs(owner.context, base, "POST", "/api/widget/session");
      shop.setSnippet(snippetFor(base, key));
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      const csp = watchCsp(page);
      await page.goto(shop.url, { waitUntil: "domcontentloaded" });
      await page.waitForFunction(() => window.Edgedesk && "open" in window.Edgedesk);
      await page.evaluate(() => window.Edgedesk.open());
      await shopperSend(page, "photo of the damaged parcel follows");
      await mine(page, "damaged parcel").waitFor();
      // A 2×2 PNG, picked through the widget's own file input.
      const png = Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR4nGP4z8DwH4QZYAwAR8oH+WdZbrcAAAAASUVORK5CYII=",
        "base64",
      );
      await page
        .locator(`${W} .ed-composer input[type=file]`)
        .setInputFiles({ name: "parcel.png", mimeType: "image/png", buffer: png });
      const img = page.locator(`${W} .ed-row.ed-mine:not(.ed-pending) img.ed-img`);
      await img.waitFor();
      await eventually(() => img.evaluate((el) => el.complete && el.naturalWidth === 2), {
        message: "the photo loads from its signed link",
      });
      ok(csp.length === 0, `CSP violations: ${csp.join(" | ")}`);
      const conv = await onlyConversationFor(owner.context, base, "damaged parcel");
      const { messages } = await api(
        owner.context,
        base,
        "GET",
        `/api/conversations/${conv.id}/messages`,
      );
      const photo = messages.find((m) => m.attachments?.some((a) => a.name === "parcel.png"));
      ok(
        photo && photo.attachments[0].url,
        "the agent's copy of the message links the stored photo",
      );
      const file = await owner.context.request.get(`${base}${photo.attachments[0].url}`);
      ok(
        file.status() === 200 && (await file.body()).equals(png),
        `the agent reads the same bytes (HTTP ${file.status()})`,
      );
      await context.close();
    },
  );

  await suite.test(
    "keyboard: the widget opens from the keyboard, focuses the message box, sends with Enter, closes with Escape",
    async (t) => {
      await needs(owner.context, base, "POST", "/api/widget/session");
      shop.setSnippet(snippetFor(base, key));
      const context = await newContext(browser);
      const page = t.track(await context.newPage());
      await page.goto(shop.url, { waitUntil: "domcontentloaded" });
      await page.locator(W).getByRole("button", { name: "Open chat" }).waitFor();
      // Shop button first, then the widget's launcher.
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      ok(
        await page.evaluate(
          () =>
            document.querySelector("edgedesk-widget")?.shadowRoot?.activeElement?.className ===
            "ed-launcher",
        ),
        "Tab reaches the launcher",
      );
      await page.keyboard.press("Enter");
      await eventually(
        () =>
          page.evaluate(
            () =>
              document.querySelector("edgedesk-widget")?.shadowRoot?.activeElement?.tagName ===
              "TEXTAREA",
          ),
        { message: "focus in the message box" },
      );
      await page.keyboard.type("typed with the keyboard only");
      await page.keyboard.press("Enter");
      await mine(page, "typed with the keyboard only").waitFor();
      await page.keyboard.press("Escape");
      await page.locator(`${W} .ed-panel`).waitFor({ state: "hidden" });
      await context.close();
    },
  );

  await owner.context.close();
}

/** The conversation holding a message with `text` (the AI may have answered since, so not by its last message). */
export async function onlyConversationFor(context, base, text) {
  return eventually(
    async () => {
      const { conversations } = await api(
        context,
        base,
        "GET",
        "/api/conversations?view=all&limit=100",
      );
      for (const c of conversations) {
        const { messages } = await api(context, base, "GET", `/api/conversations/${c.id}/messages`);
        if (messages.some((m) => (m.text ?? "").includes(text))) return c;
      }
      return null;
    },
    { message: `a conversation with “${text}”` },
  );
}
