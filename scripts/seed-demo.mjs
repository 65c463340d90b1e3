import { readFileSync } from "node:fs";
import { seedDemoConversations } from "./demo-conversations.mjs";

// Seeds the demo tenant through the public API (idempotent: signs in when it already exists).
export const DEMO = {
  email: "demo@edgedesk.dev",
  password: "edgedesk-demo-2026",
  company: "Aurora Outfitters",
};

export async function seedDemo(base) {
  const post = (path, body, cookie) =>
    fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  let res = await post("/api/auth/login", { email: DEMO.email, password: DEMO.password });
  const fresh = res.status !== 200;
  if (fresh) res = await signUpThroughOutbox(base, post);
  if (!res.ok) throw new Error(`demo sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  const { tenant } = await res.json();
  const existing = await (
    await fetch(`${base}/api/kb/entries?limit=1`, { headers: { cookie } })
  ).json();
  if (!existing.entries?.length) {
    // The sample knowledge base of a fictional shop, written for this project, in several languages.
    const entries = JSON.parse(readFileSync(new URL("./demo-kb.json", import.meta.url), "utf8"));
    for (const entry of entries) {
      const r = await post("/api/kb/entries", entry, cookie);
      if (!r.ok) throw new Error(`demo knowledge failed: ${r.status} ${await r.text()}`);
    }
  }
  // One shop name everywhere: the demo shop page (web/demo-shop), the company, and the widget's title.
  const widget = await (await fetch(`${base}/api/settings/widget`, { headers: { cookie } })).json();
  // Set as the default language's title, so a shopper in any language sees the shop's name.
  const lang = widget.settings?.defaultLanguage;
  if (widget.settings && widget.settings.texts[lang]?.title !== tenant.name) {
    const { identitySecret: _shownNotSet, ...settings } = widget.settings;
    const texts = { ...settings.texts, [lang]: { ...settings.texts[lang], title: tenant.name } };
    const r = await fetch(`${base}/api/settings/widget`, {
      method: "PUT",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ ...settings, texts }),
    });
    if (!r.ok) throw new Error(`demo widget title failed: ${r.status} ${await r.text()}`);
  }
  // A first look at the console and analytics finds them in use, not empty.
  const conversations = await seedDemoConversations(base, cookie, tenant.publicKey);
  return { ...DEMO, cookie, tenant, fresh, conversations };
}

/**
 * Sign-up is confirmed by a mailed link: on a local server the mail is in the local outbox
 * (GET /api/dev/outbox), which is where the link is read from. Sent after the answer, so polled.
 */
async function signUpThroughOutbox(base, post) {
  const asked = await post("/api/auth/signup", { email: DEMO.email, company: DEMO.company });
  if (asked.status !== 202) return asked;
  for (let i = 0; i < 100; i++) {
    const box = await fetch(`${base}/api/dev/outbox`);
    if (box.status === 404)
      throw new Error(
        'demo sign-up needs the local outbox: seed a local server (ACCOUNT_MAIL = "outbox")',
      );
    const { mails } = await box.json();
    const link = mails.find(
      (m) => m.to === DEMO.email && /#\/signup\/confirm\?token=/.test(m.text),
    );
    if (link)
      return post("/api/auth/signup/confirm", {
        token: decodeURIComponent(link.text.match(/#\/signup\/confirm\?token=(\S+)/)[1]),
        password: DEMO.password,
      });
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("demo sign-up: no confirmation mail in the local outbox");
}
