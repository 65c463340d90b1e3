import { useEffect, useState } from "preact/hooks";
import { settings } from "../../shared/api";
import type { WidgetSettings } from "../../shared/api-types";
import {
  Card,
  CopyField,
  ErrorNote,
  Field,
  formValue,
  Loading,
  Notice,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";
import type { PageProps } from "../app";
import { LANGUAGES } from "../languages";
import {
  languageTagOf,
  widgetTextsFor,
  type HeaderLineKey,
  type StatusLineKey,
  type WidgetTexts,
} from "../../../workers/wire/widget-texts";

const DEFAULTS: WidgetSettings = {
  color: "#2563eb",
  position: "right",
  logoUrl: null,
  defaultLanguage: "en",
  texts: {},
};

const STATUS_LINES: [key: StatusLineKey | HeaderLineKey, label: string, hint?: string][] = [
  ["waiting", "Waiting for a person"],
  ["joined", "A person joined", "{name} is the agent's name."],
  ["resolved", "Resolved"],
  ["backToAi", "Back to the assistant"],
  ["chattingWith", "Header while a person answers", "Must contain {name}, the agent's name."],
  ["queuePosition", "Header while waiting in line", "Must contain {position}, the place in line."],
];

/** Languages written right to left, for the fields' direction. */
const RTL = new Set(["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"]);

/** The shipped languages, then any other the merchant has texts for or added, by code. */
export function languageChoices(extra: string[]): [code: string, name: string][] {
  const names = new Intl.DisplayNames(["en"], { type: "language" });
  const shipped = new Set(LANGUAGES.map(([code]) => code));
  const others = [...new Set(extra)].filter((c) => !shipped.has(c)).sort();
  return [...LANGUAGES, ...others.map((c): [string, string] => [c, `${names.of(c) ?? c} (${c})`])];
}

/** The texts as the server takes them: empty fields and languages left out (they fall back). */
export function compactTexts(texts: Record<string, WidgetTexts>): Record<string, WidgetTexts> {
  const out: Record<string, WidgetTexts> = {};
  for (const [lang, t] of Object.entries(texts)) {
    const kept = Object.fromEntries(
      Object.entries(t).filter(([, v]) =>
        Array.isArray(v) ? v.length > 0 : typeof v === "string" && v.trim() !== "",
      ),
    );
    if (Object.keys(kept).length) out[lang] = kept;
  }
  return out;
}

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
  const [lang, setLang] = useState("en");
  // Quick replies are edited as text (one a line); kept per language so a half-typed line survives switching.
  const [quickText, setQuickText] = useState<Record<string, string>>({});
  const [added, setAdded] = useState<string[]>([]);
  const [newLang, setNewLang] = useState("");
  const [newLangError, setNewLangError] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) {
      setW({ ...DEFAULTS, ...loaded.data.settings });
      setLang(loaded.data.settings.defaultLanguage);
      setQuickText(
        Object.fromEntries(
          Object.entries(loaded.data.settings.texts).map(([l, t]) => [
            l,
            (t.quickReplies ?? []).join("\n"),
          ]),
        ),
      );
    }
  }, [loaded.data]);
  const up = (patch: Partial<WidgetSettings>) => {
    setSaved(false);
    setW({ ...w, ...patch });
  };
  const mine = w.texts[lang] ?? {};
  const upText = (patch: WidgetTexts) =>
    up({ texts: { ...w.texts, [lang]: { ...mine, ...patch } } });
  // What a shopper in this language sees where a field is left empty: the placeholders.
  const texts = compactTexts(w.texts);
  const fallback = widgetTextsFor(
    { defaultLanguage: w.defaultLanguage, texts: { ...texts, [lang]: {} } },
    lang,
  );
  const shown = widgetTextsFor({ defaultLanguage: w.defaultLanguage, texts }, lang);
  const save = useAction(async () => {
    const { identitySecret, ...look } = w;
    // The save answers with the appearance only: the identity secret shown above stays as it was.
    setW({
      ...DEFAULTS,
      ...(await settings.saveWidget({ ...look, texts, logoUrl: w.logoUrl || null })).settings,
      identitySecret,
    });
    setSaved(true);
  });
  const choices = languageChoices([...Object.keys(w.texts), w.defaultLanguage, ...added]);
  const addLanguage = () => {
    const tag = languageTagOf(newLang);
    if (!tag) return setNewLangError("Not a language code: use one such as fi, sw or pt-BR.");
    setNewLangError(null);
    setNewLang("");
    setAdded([...added, tag]);
    setLang(tag);
  };
  const rtl = RTL.has(lang.split("-")[0]) ? "rtl" : undefined;
  const code = snippet(location.origin, me.tenant.publicKey);
  return (
    <Page title="Widget">
      <Card title="Install">
        <p>
          Paste this tag before <code>&lt;/body&gt;</code> on every page of your shop. It adds a
          chat button; the chat itself loads when a shopper opens it.
        </p>
        <CopyField label="Widget snippet" value={code} multiline />
        <p class="muted">
          Open it from your own code with <code>Edgedesk.open()</code>; sign shoppers in with{" "}
          <code>
            Edgedesk.identify({"{"} userId, hash {"}"})
          </code>{" "}
          so they see their history on any device.{" "}
          <a
            href={`/demo-shop/?key=${encodeURIComponent(me.tenant.publicKey)}`}
            target="_blank"
            rel="noopener"
          >
            Preview on the demo shop
          </a>
        </p>
      </Card>
      <Card title="Signed-in shoppers">
        <p>
          Call{" "}
          <code>
            Edgedesk.identify({"{"} userId, hash, name, email {"}"})
          </code>{" "}
          when a shopper is signed in to your shop; they then see their conversations on any device.
          Compute <code>hash</code> on your server as the hex HMAC-SHA256 of <code>userId</code>{" "}
          with this secret, and never put the secret in the page.
        </p>
        {w.identitySecret ? (
          <CopyField label="Identity verification secret" value={w.identitySecret} />
        ) : (
          <p class="muted">The identity secret is shown here once the server provides it.</p>
        )}
      </Card>
      <Card title="Appearance">
        <ErrorNote error={loaded.error} />
        {loaded.loading && !loaded.data && <Loading />}
        {/* Only once loaded: a choice made before the stored settings arrive would be overwritten by them. */}
        {loaded.data && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save.run();
            }}
          >
            <div class="row">
              <Field label="Colour">
                <input
                  type="color"
                  name="color"
                  value={w.color}
                  onInput={(e) => up({ color: formValue(e) })}
                />
              </Field>
              <fieldset class="fieldset inline">
                <legend>Position</legend>
                {(["right", "left"] as const).map((p) => (
                  <label class="check" key={p}>
                    <input
                      type="radio"
                      name="position"
                      value={p}
                      checked={w.position === p}
                      onChange={() => up({ position: p })}
                    />
                    Bottom {p}
                  </label>
                ))}
              </fieldset>
              <Field label="Logo URL" hint="A square image, https.">
                <input
                  type="url"
                  name="logo"
                  value={w.logoUrl ?? ""}
                  onInput={(e) => up({ logoUrl: formValue(e) })}
                />
              </Field>
            </div>
            <fieldset class="fieldset widget-texts">
              <legend>Texts, per language</legend>
              <p class="muted">
                Shoppers see the texts in their browser's language. An empty field shows what they
                see instead (the placeholder): your text in the default language, else the built-in
                translation.
              </p>
              <div class="row">
                <Field label="Language" hint="The language you are editing.">
                  <select
                    name="texts-language"
                    value={lang}
                    onChange={(e) => setLang(formValue(e))}
                  >
                    {choices.map(([code, name]) => (
                      <option key={code} value={code}>
                        {name}
                        {texts[code] ? " (edited)" : ""}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  label="Default language"
                  hint="Its texts stand in where a language has none of its own."
                >
                  <select
                    name="default-language"
                    value={w.defaultLanguage}
                    onChange={(e) => up({ defaultLanguage: formValue(e) })}
                  >
                    {choices.map(([code, name]) => (
                      <option key={code} value={code}>
                        {name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  label="Add a language"
                  hint="Another language code (BCP-47), such as fi, sw or pt-BR."
                >
                  <input
                    name="add-language"
                    value={newLang}
                    onInput={(e) => setNewLang(formValue(e))}
                    onKeyDown={(e) => {
                      if (e.key !== "Enter") return;
                      e.preventDefault();
                      addLanguage();
                    }}
                  />
                </Field>
                <button class="btn btn-secondary field-aligned" type="button" onClick={addLanguage}>
                  Add language
                </button>
              </div>
              {newLangError && <Notice kind="error">{newLangError}</Notice>}
              <div class="row">
                <Field label="Title" hint="The header of the chat window.">
                  <input
                    name="title"
                    lang={lang}
                    dir={rtl}
                    maxLength={60}
                    value={mine.title ?? ""}
                    placeholder={fallback.title}
                    onInput={(e) => upText({ title: formValue(e) })}
                  />
                </Field>
                <Field label="Greeting">
                  <input
                    name="greeting"
                    lang={lang}
                    dir={rtl}
                    maxLength={300}
                    value={mine.greeting ?? ""}
                    placeholder={fallback.greeting}
                    onInput={(e) => upText({ greeting: formValue(e) })}
                  />
                </Field>
              </div>
              <div class="row">
                <Field
                  label="Quick replies"
                  hint="Buttons under the greeting, one a line (up to 6)."
                >
                  <textarea
                    name="quick-replies"
                    lang={lang}
                    dir={rtl}
                    rows={3}
                    value={quickText[lang] ?? ""}
                    placeholder={fallback.quickReplies.join("\n")}
                    onInput={(e) => {
                      setQuickText({ ...quickText, [lang]: formValue(e) });
                      upText({ quickReplies: parseQuickReplies(formValue(e)) });
                    }}
                  />
                </Field>
              </div>
              <div class="greetings">
                {STATUS_LINES.map(([key, label, hint]) => (
                  <Field key={key} label={label} hint={hint}>
                    <input
                      name={`status-${key}`}
                      lang={lang}
                      dir={rtl}
                      maxLength={160}
                      value={mine[key] ?? ""}
                      placeholder={fallback[key]}
                      onInput={(e) => upText({ [key]: formValue(e) })}
                    />
                  </Field>
                ))}
              </div>
            </fieldset>
            <div class="widget-preview" aria-hidden="true">
              <span class="preview-title" style={{ borderTopColor: w.color }}>
                {shown.title}
              </span>
              <span class="preview-bubble" dir={rtl}>
                {shown.greeting}
              </span>
              <span
                class="preview-launcher"
                data-side={w.position}
                style={{ background: w.color }}
              />
            </div>
            <ErrorNote error={save.error} />
            {saved && (
              <Notice kind="success">Saved. Shops pick it up on the next page load.</Notice>
            )}
            <button class="btn" type="submit" disabled={save.busy}>
              Save appearance
            </button>
          </form>
        )}
      </Card>
    </Page>
  );
}
