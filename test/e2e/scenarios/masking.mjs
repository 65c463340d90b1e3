/**
 * Sensitive contact fields: a WhatsApp customer (a real Cloud API webhook body, signed with the
 * channel's app secret) has a phone number; a viewer sees it masked and cannot reveal it; an
 * admin's reveal shows it and is written to the audit log.
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eventually, ok } from "../harness.mjs";
import { api, memberViaApi, needs, tenantViaApi } from "../helpers.mjs";

const FIXTURE = ["..", "shared", "fixtures", "webhooks", "whatsapp", "flat", "message__text.json"];
const PHONE = "972987654321";

/** @param {import("../harness.mjs").Suite} suite */
export default async function masking(suite, { browser, base, root }) {
  await suite.test(
    "masking: a viewer sees the phone masked with no reveal; an admin's reveal is audited",
    async (t) => {
      const owner = await tenantViaApi(browser, base, "Masking Shop");
      for (const [m, u] of [
        ["POST", "/api/channels"],
        ["GET", "/api/conversations"],
        ["GET", "/api/contacts/ct_probe"],
      ])
        await needs(owner.context, base, m, u);
      const appSecret = "e2e-app-secret-0123456789";
      const created = await api(owner.context, base, "POST", "/api/channels", {
        type: "whatsapp",
        name: "WhatsApp",
        credentials: { phoneNumberId: "1122334455667", accessToken: "e2e-token", appSecret },
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

      const viewer = await memberViaApi(browser, base, owner, "viewer");
      const asViewer = await api(viewer.context, base, "GET", `/api/contacts/${conv.contact.id}`);
      ok(
        asViewer.contact.phone && !asViewer.contact.phone.includes(PHONE),
        `viewer API sees phone ${asViewer.contact.phone}`,
      );
      const vp = t.track(await viewer.context.newPage());
      await vp.goto(`${base}/console/#/c/${conv.id}`);
      const phone = vp.locator('dd[data-field="phone"]');
      await phone.waitFor();
      ok(
        (await phone.getAttribute("data-masked")) === "true",
        "phone marked masked for the viewer",
      );
      ok(!(await phone.textContent()).includes(PHONE), "viewer page does not contain the number");
      ok(
        (await vp.getByRole("button", { name: "Reveal phone" }).count()) === 0,
        "viewer has no reveal button",
      );
      const denied = await viewer.context.request.post(
        `${base}/api/contacts/${conv.contact.id}/reveal`,
        { data: { field: "phone" }, failOnStatusCode: false },
      );
      ok(denied.status() === 403, `viewer reveal → ${denied.status()}`);
      ok(!(await vp.content()).includes(PHONE), "the number is nowhere in the viewer's page");

      const op = t.track(await owner.context.newPage());
      await op.goto(`${base}/console/#/c/${conv.id}`);
      await op.getByRole("button", { name: "Reveal phone" }).click();
      await op.locator('dd[data-field="phone"]').filter({ hasText: PHONE }).waitFor();
      const { entries } = await api(owner.context, base, "GET", "/api/audit");
      ok(
        entries.some((e) => /reveal/i.test(e.action) && e.targetId === conv.contact.id),
        `audit has the reveal: ${entries.map((e) => e.action).join(", ")}`,
      );
      await viewer.context.close();
      await owner.context.close();
    },
  );
}
