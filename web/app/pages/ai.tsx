import { useEffect, useState } from "preact/hooks";
import { settings } from "../../shared/api";
import type { AiSettings, BusinessHours } from "../../shared/api-types";
import { Card, ErrorNote, Field, formValue, Loading, Notice, Page, useAction, useAsync } from "../../shared/ui";
import { LANGUAGES } from "../languages";
import { TryIt } from "./ai-try";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const DEFAULTS: AiSettings = {
  provider: "builtin",
  persona: "",
  tone: "friendly",
  threshold: 0.6,
  languages: ["en"],
  handover: { keywords: [], onNegativeSentiment: true, afterFailedAnswers: 2, vipAlwaysHuman: false },
  businessHours: null,
};

/** Unknown fields from the server are kept and sent back untouched. */
function merge(s: Partial<AiSettings> | undefined): AiSettings {
  return { ...DEFAULTS, ...s, handover: { ...DEFAULTS.handover, ...s?.handover } };
}

function HoursEditor({ value, onChange }: { value: BusinessHours | null; onChange(v: BusinessHours | null): void }) {
  const hours = value ?? { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, days: {} };
  return (
    <fieldset class="fieldset">
      <legend>Business hours</legend>
      <label class="check">
        <input type="checkbox" checked={!!value} onChange={(e) => onChange(e.currentTarget.checked ? hours : null)} />
        Only hand over to people during business hours
      </label>
      {value && (
        <>
          <Field label="Time zone" hint="IANA name, e.g. Europe/Madrid">
            <input value={hours.timezone} onInput={(e) => onChange({ ...hours, timezone: formValue(e) })} />
          </Field>
          <div class="hours-grid">
            {DAYS.map((d, i) => (
              <Field key={d} label={d} hint={i === 0 ? "e.g. 09:00-17:00; empty = closed" : undefined}>
                <input value={(hours.days[String(i)] ?? []).join(", ")} onInput={(e) => onChange({ ...hours, days: { ...hours.days, [String(i)]: formValue(e).split(",").map((x: string) => x.trim()).filter(Boolean) } })} />
              </Field>
            ))}
          </div>
        </>
      )}
    </fieldset>
  );
}

export function AiPage() {
  const loaded = useAsync(() => settings.ai(), []);
  const [s, setS] = useState<AiSettings>(DEFAULTS);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setS(merge(loaded.data.settings));
  }, [loaded.data]);
  const save = useAction(async () => {
    setSaved(false);
    setS(merge((await settings.saveAi(s)).settings));
    setSaved(true);
  });
  const up = (patch: Partial<AiSettings>) => {
    setSaved(false);
    setS({ ...s, ...patch });
  };
  return (
    <Page title="AI settings">
      <Card title="Assistant">
        <ErrorNote error={loaded.error} />
        {loaded.loading && !loaded.data && <Loading />}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          <div class="row">
            <Field label="Provider" hint="Built-in answers from your knowledge without an AI model.">
              <select name="provider" value={s.provider} onChange={(e) => up({ provider: formValue(e) })}>
                <option value="builtin">Built-in (no AI model)</option>
                <option value="workers-ai">Cloudflare Workers AI</option>
                <option value="openai-compatible">OpenAI-compatible API</option>
              </select>
            </Field>
            <Field label="Tone">
              <select name="tone" value={s.tone} onChange={(e) => up({ tone: formValue(e) })}>
                {["friendly", "formal", "concise", "playful"].map((t) => (
                  <option value={t}>{t}</option>
                ))}
              </select>
            </Field>
            <Field label={`Confidence threshold: ${s.threshold.toFixed(2)}`} hint="Below this the AI hands over instead of guessing.">
              <input type="range" name="threshold" min={0} max={1} step={0.05} value={s.threshold} onInput={(e) => up({ threshold: Number(formValue(e)) })} />
            </Field>
          </div>
          <Field label="Persona" hint="Who the assistant is, in a sentence or two.">
            <textarea name="persona" rows={3} maxLength={2000} value={s.persona} onInput={(e) => up({ persona: formValue(e) })} />
          </Field>
          <fieldset class="fieldset">
            <legend>Languages the assistant answers in</legend>
            <div class="checks">
              {LANGUAGES.map(([code, name]) => (
                <label class="check" key={code}>
                  <input type="checkbox" checked={s.languages.includes(code)} onChange={(e) => up({ languages: e.currentTarget.checked ? [...s.languages, code] : s.languages.filter((l) => l !== code) })} />
                  {name}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset class="fieldset">
            <legend>Handover rules</legend>
            <Field label="Hand over when the shopper writes" hint="Comma-separated words, e.g. refund, lawyer, complaint">
              <input name="handover-keywords" value={s.handover.keywords.join(", ")} onInput={(e) => up({ handover: { ...s.handover, keywords: formValue(e).split(",").map((k: string) => k.trim()).filter(Boolean) } })} />
            </Field>
            <Field label="Hand over after this many unanswered questions">
              <input type="number" min={1} max={10} class="narrow" value={s.handover.afterFailedAnswers} onInput={(e) => up({ handover: { ...s.handover, afterFailedAnswers: Number(formValue(e)) } })} />
            </Field>
            <label class="check">
              <input type="checkbox" checked={s.handover.onNegativeSentiment} onChange={(e) => up({ handover: { ...s.handover, onNegativeSentiment: e.currentTarget.checked } })} />
              Hand over when the shopper is upset
            </label>
            <label class="check">
              <input type="checkbox" checked={s.handover.vipAlwaysHuman} onChange={(e) => up({ handover: { ...s.handover, vipAlwaysHuman: e.currentTarget.checked } })} />
              VIP contacts always go to a person
            </label>
          </fieldset>
          <HoursEditor value={s.businessHours} onChange={(businessHours) => up({ businessHours })} />
          <ErrorNote error={save.error} />
          {saved && <Notice kind="success">Saved.</Notice>}
          <button class="btn" type="submit" disabled={save.busy}>
            Save AI settings
          </button>
        </form>
      </Card>
      <TryIt />
    </Page>
  );
}
