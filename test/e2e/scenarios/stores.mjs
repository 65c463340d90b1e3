/**
 * Issue 15's first slice in the dashboard: the Stores page. The local product cannot reach a real
 * Shopify or WooCommerce, so the browser checks what a merchant sees when a connection is refused:
 * the address guard's message, the store's refusal, and an empty list afterwards (nothing stored).
 * The connected path is covered in workerd (test/stores-api.test.ts) against the documented fixtures.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eventually, ok } from "../harness.mjs";
import { api, screenshot, tenantViaApi } from "../helpers.mjs";

/** @param {import("../harness.mjs").Suite} suite */
export default async function stores(suite, ctx) {
  const { browser, base, screenshots } = ctx;
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

  await suite.test(
    "stores: the merchant sets what the AI may do per store (auto-approve below an amount, address changes, draft orders for leads) and the page sends it",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Stores Policy Shop");
      const page = t.track(await owner.context.newPage());
      // A store cannot be connected locally (no Shopify to verify against): the list is the server's
      // shape with one store; the PATCH it sends is checked here, what the server does with it in
      // workerd (test/store-actions.test.ts).
      let store = {
        id: "sto_e2e_policy",
        type: "shopify",
        name: "Snowdevil",
        host: "snowdevil.myshopify.com",
        webhookUrl: `${base}/webhooks/stores/sto_e2e_policy`,
        createdAt: Date.now(),
        lastEventAt: null,
        autoApproveBelow: null,
        addressChanges: "approval",
        draftOrders: false,
      };
      const sent = [];
      await page.route("**/api/stores", (r) => r.fulfill({ json: { stores: [store] } }));
      await page.route(`**/api/stores/${store.id}`, async (r) => {
        const body = r.request().postDataJSON();
        sent.push({ method: r.request().method(), body });
        store = { ...store, ...body };
        await r.fulfill({ json: { store } });
      });
      await page.goto(`${base}/app/#/stores`);
      const amount = page.getByLabel("Cancel and refund at Snowdevil without an agent below");
      await amount.waitFor();
      ok((await amount.inputValue()) === "", "no auto-approve limit at first");
      await amount.fill("50");
      await page.getByLabel("Shipping-address changes at Snowdevil").selectOption("never");
      const drafts = page.getByLabel("Create draft orders for high-intent leads");
      ok(!(await drafts.isChecked()), "draft orders are off at first");
      await drafts.check();
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("Saved for Snowdevil.").waitFor();
      ok(sent.length === 1 && sent[0].method === "PATCH", `sent ${JSON.stringify(sent)}`);
      ok(
        sent[0].body.autoApproveBelow === 50 &&
          sent[0].body.addressChanges === "never" &&
          sent[0].body.draftOrders === true,
        `sent ${JSON.stringify(sent[0].body)}`,
      );
      await amount.fill("");
      await page.getByRole("button", { name: "Save" }).click();
      await eventually(async () => sent.length === 2, { message: "the second save" });
      ok(
        sent[1].body.autoApproveBelow === null,
        `an empty amount is sent as null: ${JSON.stringify(sent[1].body)}`,
      );
      await page.locator("main").screenshot({
        path: path.join(ctx.root, "test-results", "e2e", "stores-policy.png"),
      });
    },
  );
  await storesConsole(suite, ctx);
}

const FIXTURE = ["..", "shared", "fixtures", "webhooks", "whatsapp", "flat", "message__text.json"];

/**
 * The console's side of orders and approval cards. The Worker cannot reach a store locally, so the
 * two store-backed answers (`/orders`, `/actions`) are served at the browser's network boundary in
 * the server's shape; what the server does with them is covered in workerd (test/store-actions.test.ts).
 */
/** @param {import("../harness.mjs").Suite} suite */
export async function storesConsole(suite, { browser, base, root, screenshots }) {
  await suite.test(
    "stores: the console lists a contact's orders and an agent approves a proposed cancellation once",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Stores Console Shop");
      const appSecret = "e2e-app-secret-0123456789";
      const created = await api(owner.context, base, "POST", "/api/channels", {
        type: "whatsapp",
        name: "WhatsApp",
        credentials: { phoneNumberId: "1122334455668", accessToken: "e2e-token", appSecret },
      });
      const body = readFileSync(path.join(root, ...FIXTURE));
      const signature = `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
      const hook = await owner.context.request.post(
        created.webhookUrl.replace(/^https?:\/\/[^/]+/, base),
        {
          headers: { "content-type": "application/json", "x-hub-signature-256": signature },
          data: body,
        },
      );
      ok(hook.status() === 200, `webhook answered ${hook.status()}`);
      const conv = await eventually(
        async () =>
          (await api(owner.context, base, "GET", "/api/conversations?view=all")).conversations[0],
        { message: "the WhatsApp conversation", timeoutMs: 20_000 },
      );
      const action = {
        id: "act_e2e1",
        conversationId: conv.id,
        storeId: "sto_e2e1",
        kind: "cancel",
        orderNumber: "1002",
        amount: "199.00",
        currency: "USD",
        state: "proposed",
        decidedBy: null,
        decidedAt: null,
        error: null,
        createdAt: Date.now(),
      };
      const page = t.track(await owner.context.newPage());
      await page.route(`**/api/contacts/${conv.contact.id}/orders`, (r) =>
        r.fulfill({
          json: {
            orders: [
              {
                storeId: "sto_e2e1",
                storeName: "Snowdevil",
                number: "1002",
                status: "processing",
                fulfillment: "unfulfilled",
                total: "199.00",
                currency: "USD",
                tracking: [],
              },
              {
                storeId: "sto_e2e1",
                storeName: "Snowdevil",
                number: "1001",
                status: "shipped",
                fulfillment: "fulfilled",
                total: "598.94",
                currency: "USD",
                tracking: [
                  {
                    company: "UPS",
                    number: "1Z2345",
                    url: "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z2345",
                  },
                ],
              },
            ],
            unavailable: [],
          },
        }),
      );
      const approvals = [];
      await page.route(`**/api/conversations/${conv.id}/actions**`, (r) => {
        const req = r.request();
        if (req.method() === "POST") {
          approvals.push(new URL(req.url()).pathname);
          action.state = "done";
          action.decidedBy = owner.userId ?? "owner";
          return r.fulfill({ json: { action } });
        }
        return r.fulfill({ json: { actions: [action] } });
      });
      await page.goto(`${base}/console/#/c/${conv.id}`);
      const orders = page.locator('[data-testid="contact-order"]');
      await orders.first().waitFor();
      ok((await orders.count()) === 2, `two orders listed, got ${await orders.count()}`);
      const first = await orders.nth(0).textContent();
      ok(
        first.includes("#1002") && first.includes("Not shipped") && first.includes("199.00 USD"),
        `order 1002 row: ${first}`,
      );
      const track = page.getByRole("link", { name: "Track UPS" });
      ok(
        (await track.getAttribute("href")) ===
          "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z2345",
        "tracking link",
      );
      const card = page.locator('[data-testid="action-card"]');
      await card.filter({ hasText: "Cancel order" }).waitFor();
      ok((await card.textContent()).includes("#1002 · 199.00 USD"), await card.textContent());
      await screenshot(page, screenshots, "console-store-approval");
      await card.getByRole("button", { name: "Approve" }).click();
      await page.locator('[data-testid="action-card"][data-state="done"]').waitFor();
      ok(
        (await card.getByRole("button", { name: "Approve" }).count()) === 0,
        "no Approve button once done",
      );
      ok(
        JSON.stringify(approvals) ===
          JSON.stringify([`/api/conversations/${conv.id}/actions/act_e2e1/approve`]),
        `one approval sent: ${JSON.stringify(approvals)}`,
      );
      await owner.context.close();
    },
  );
}
