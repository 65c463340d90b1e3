import { useEffect, useState } from "preact/hooks";
import { settings } from "../../shared/api";
import type { WidgetSettings } from "../../shared/api-types";
import { Card, CopyField, ErrorNote, Field, formValue, Loading, Notice, Page, useAction, useAsync } from "../../shared/ui";
import type { PageProps } from "../app";
import { LANGUAGES } from "../languages";

const DEFAULTS: WidgetSettings = { color: "#2563eb", position: "right", logoUrl: null, title: "Chat with us", greeting: {}, quickReplies: [] };

/** One quick reply a line, at most six of at most 60 characters (what the server accepts). */
export function parseQuickReplies(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 6)
    .map((l) => l.slice(0, 60));
}

/** The exact tag a merchant pastes into every page of their shop. */
export function snippet(origin: string, publicKey: string): string {
  return `<script src="${origin}/widget/loader.js" data-key="${publicKey}" async></script>`;
}

export function WidgetPage({ me }: PageProps) {
  const loaded = useAsync(() => settings.widget(), []);
  const [w, setW] = useState<WidgetSettings>(DEFAULTS);
  const [saved, setSaved] = useState(false);
  const [quickText, setQuickText] = useState("");
  useEffect(() => {
    if (loaded.data) {
      setW({ ...DEFAULTS, ...loaded.data.settings });
      setQuickText((loaded.data.settings.quickReplies ?? []).join("\n"));
    }
  }, [loaded.data]);
  const up = (patch: Partial<WidgetSettings>) => {
    setSaved(false);
    setW({ ...w, ...patch });
  };
  const save = useAction(async () => {
    const greeting = Object.fromEntries(Object.entries(w.greeting).filter(([, v]) => v.trim()));
    const { identitySecret, ...look } = w;
    // The save answers with the appearance only: the identity secret shown above stays as it was.
    setW({ ...DEFAULTS, ...(await settings.saveWidget({ ...look, greeting, logoUrl: w.logoUrl || null })).settings, identitySecret });
    setSaved(true);
  });
  const code = snippet(location.origin, me.tenant.publicKey);
  return (
    <Page title="Widget">
      <Card title="Install">
        <p>Paste this tag before <code>&lt;/body&gt;</code> on every page of your shop. It adds a chat button; the chat itself loads when a shopper opens it.</p>
        <CopyField label="Widget snippet" value={code} multiline />
        <p class="muted">
          Open it from your own code with <code>Edgedesk.open()</code>; sign shoppers in with <code>Edgedesk.identify({"{"} userId, hash {"}"})</code> so they see their history on any device.{" "}
          <a href={`/demo-shop/?key=${encodeURIComponent(me.tenant.publicKey)}`} target="_blank" rel="noopener">
            Preview on the demo shop
          </a>
        </p>
      </Card>
      <Card title="Signed-in shoppers">
        <p>
          Call <code>Edgedesk.identify({"{"} userId, hash, name, email {"}"})</code> when a shopper is signed in to your shop; they then see their conversations on any device.
          Compute <code>hash</code> on your server as the hex HMAC-SHA256 of <code>userId</code> with this secret, and never put the secret in the page.
        </p>
        {w.identitySecret ? <CopyField label="Identity verification secret" value={w.identitySecret} /> : <p class="muted">The identity secret is shown here once the server provides it.</p>}
      </Card>
      <Card title="Appearance">
        <ErrorNote error={loaded.error} />
        {loaded.loading && !loaded.data && <Loading />}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          <div class="row">
            <Field label="Colour">
              <input type="color" name="color" value={w.color} onInput={(e) => up({ color: formValue(e) })} />
            </Field>
            <fieldset class="fieldset inline">
              <legend>Position</legend>
              {(["right", "left"] as const).map((p) => (
                <label class="check" key={p}>
                  <input type="radio" name="position" value={p} checked={w.position === p} onChange={() => up({ position: p })} />
                  Bottom {p}
                </label>
              ))}
            </fieldset>
            <Field label="Logo URL" hint="A square image, https.">
              <input type="url" name="logo" value={w.logoUrl ?? ""} onInput={(e) => up({ logoUrl: formValue(e) })} />
            </Field>
          </div>
          <div class="row">
            <Field label="Title" hint="The header of the chat window.">
              <input name="title" maxLength={60} value={w.title} onInput={(e) => up({ title: formValue(e) })} />
            </Field>
            <Field label="Quick replies" hint="Buttons under the greeting, one a line (up to 6).">
              <textarea name="quick-replies" rows={3} value={quickText} onInput={(e) => {
                setQuickText(formValue(e));
                up({ quickReplies: parseQuickReplies(formValue(e)) });
              }} />
            </Field>
          </div>
          <fieldset class="fieldset">
            <legend>Greeting, per language</legend>
            <p class="muted">Shoppers see the greeting in their browser's language; empty ones fall back to English, then to a built-in greeting.</p>
            <div class="greetings">
              {LANGUAGES.map(([code, name]) => (
                <Field key={code} label={name}>
                  <input name={`greeting-${code}`} dir={code === "ar" ? "rtl" : undefined} lang={code} maxLength={300} value={w.greeting[code] ?? ""} onInput={(e) => up({ greeting: { ...w.greeting, [code]: formValue(e) } })} />
                </Field>
              ))}
            </div>
          </fieldset>
          <div class="widget-preview" aria-hidden="true">
            <span class="preview-bubble">{w.greeting.en || "Hi! How can we help you today?"}</span>
            <span class="preview-launcher" data-side={w.position} style={{ background: w.color }} />
          </div>
          <ErrorNote error={save.error} />
          {saved && <Notice kind="success">Saved. Shops pick it up on the next page load.</Notice>}
          <button class="btn" type="submit" disabled={save.busy}>
            Save appearance
          </button>
        </form>
      </Card>
    </Page>
  );
}
