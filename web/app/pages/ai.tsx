import { useEffect, useState } from "preact/hooks";
import { settings, type TagRule } from "../../shared/api";
import type { AiSettings, BusinessHours, RegionalStyle } from "../../shared/api-types";
import {
  Card,
  ErrorNote,
  Field,
  formValue,
  Loading,
  Notice,
  Page,
  useAction,
  useAsync,
} from "../../shared/ui";
import { LANGUAGES } from "../languages";
import { ModelsCard } from "./ai-models";
import { TryIt } from "./ai-try";

type Tone = AiSettings["persona"]["tone"];
type Policy = AiSettings["policy"];
type Day = keyof BusinessHours["days"];

const TONES: [Tone, string][] = [
  ["professional", "Professional"],
  ["friendly", "Friendly"],
  ["premium", "Premium"],
];
const DAYS: [Day, string][] = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
];
const TOPICS: [Policy["sensitiveTopics"][number], string][] = [
  ["refund_dispute", "Refund disputes"],
  ["legal", "Legal threats"],
  ["chargeback", "Chargebacks"],
  ["fraud", "Fraud"],
  ["data_privacy", "Personal data requests"],
  ["safety", "Safety"],
];
const RULES: [
  keyof Policy &
    (
      | "explicitRequest"
      | "negativeSentiment"
      | "lowConfidence"
      | "repeatedFailure"
      | "vip"
      | "offerFirst"
    ),
  string,
][] = [
  ["explicitRequest", "The shopper asks for a person (any language)"],
  ["negativeSentiment", "The shopper is upset"],
  ["lowConfidence", "The knowledge base has no confident answer"],
  ["repeatedFailure", "The same question fails twice"],
  ["vip", "VIP contacts always go to a person"],
  ["offerFirst", "Offer a person once before handing over on soft signals"],
];
const INTERVAL = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

/** "09:00-13:00, 15:00-19:00" ⇄ [["09:00","13:00"],["15:00","19:00"]]; null when a part is not HH:MM-HH:MM. */
export function parseIntervals(text: string): [string, string][] | null {
  const parts = text
    .split(",")
    .map((p) => p.replace(/\s+/g, ""))
    .filter(Boolean);
  if (!parts.every((p) => INTERVAL.test(p))) return null;
  return parts.map((p) => p.split("-") as [string, string]);
}
const formatIntervals = (v: [string, string][] | undefined) =>
  (v ?? []).map(([a, b]) => `${a}-${b}`).join(", ");

function HoursEditor({
  value,
  onChange,
}: {
  value: BusinessHours | null;
  onChange(v: BusinessHours | null): void;
}) {
  const [text, setText] = useState<Record<string, string>>({});
  const hours = value ?? {
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    days: {
      mon: [["09:00", "17:00"]],
      tue: [["09:00", "17:00"]],
      wed: [["09:00", "17:00"]],
      thu: [["09:00", "17:00"]],
      fri: [["09:00", "17:00"]],
    },
  };
  return (
    <fieldset class="fieldset">
      <legend>Business hours</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={!!value}
          onChange={(e) => onChange(e.currentTarget.checked ? hours : null)}
        />
        People answer only during business hours (outside them the AI takes an email and a summary)
      </label>
      {value && (
        <>
          <Field label="Time zone" hint="IANA name, e.g. Europe/Madrid">
            <input
              name="timezone"
              value={hours.timezone}
              onInput={(e) => onChange({ ...hours, timezone: formValue(e) })}
            />
          </Field>
          <div class="hours-grid">
            {DAYS.map(([day, label], i) => {
              const shown = text[day] ?? formatIntervals(hours.days[day]);
              const parsed = parseIntervals(shown);
              return (
                <Field
                  key={day}
                  label={label}
                  hint={
                    parsed === null
                      ? "Write HH:MM-HH:MM, comma-separated"
                      : i === 0
                        ? "e.g. 09:00-17:00; empty = closed"
                        : undefined
                  }
                >
                  <input
                    name={`hours-${day}`}
                    value={shown}
                    aria-invalid={parsed === null}
                    onInput={(e) => {
                      const v = formValue(e);
                      setText({ ...text, [day]: v });
                      const p = parseIntervals(v);
                      if (p) onChange({ ...hours, days: { ...hours.days, [day]: p } });
                    }}
                  />
                </Field>
              );
            })}
          </div>
        </>
      )}
    </fieldset>
  );
}

function RegionsEditor({
  value,
  onChange,
}: {
  value: RegionalStyle[];
  onChange(v: RegionalStyle[]): void;
}) {
  const set = (i: number, patch: Partial<RegionalStyle>) =>
    onChange(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset class="fieldset">
      <legend>Regional style</legend>
      <p class="muted">
        For shoppers from a country (<code>CH</code>), writing a language (<code>de</code>) or both
        (<code>pt-BR</code>): a tone of their own and notes such as forms of address, spelling or
        local holidays. The most specific match wins.
      </p>
      {value.map((r, i) => (
        <div class="row region-row" key={i} data-region={r.region}>
          <Field label="Region">
            <input
              class="narrow"
              name={`region-${i}`}
              value={r.region}
              maxLength={6}
              onInput={(e) => set(i, { region: formValue(e).trim() })}
            />
          </Field>
          <Field label="Tone">
            <select
              name={`region-tone-${i}`}
              value={r.tone ?? ""}
              onChange={(e) => set(i, { tone: (formValue(e) || undefined) as Tone | undefined })}
            >
              <option value="">Same as the assistant</option>
              {TONES.map(([t, label]) => (
                <option value={t}>{label}</option>
              ))}
            </select>
          </Field>
          <Field label="Notes">
            <input
              name={`region-notes-${i}`}
              maxLength={2000}
              value={r.instructions}
              onInput={(e) => set(i, { instructions: formValue(e) })}
            />
          </Field>
          <button
            type="button"
            class="btn btn-danger btn-small"
            onClick={() => onChange(value.filter((_, j) => j !== i))}
            aria-label={`Remove region ${r.region || i + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        class="btn btn-secondary btn-small"
        onClick={() => onChange([...value, { region: "", instructions: "" }])}
      >
        Add a region
      </button>
    </fieldset>
  );
}

const KINDS: [TagRule["kind"], string][] = [
  ["intent", "Intent (the strongest one names the conversation's intent)"],
  ["purchase_intent", "Purchase intent"],
  ["price_sensitivity", "Price sensitivity"],
  ["topic", "Sensitive topic (for the handover rules)"],
];

/** "a, b*\nc" ⇄ ["a", "b*", "c"]: patterns one a line or comma-separated. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, 500);
}

/** Auto-tag rules: the tenant's own (`value`), or the built-in ones until the first edit. */
function TagRulesEditor({
  value,
  onChange,
}: {
  value: TagRule[] | undefined;
  onChange(v: TagRule[] | undefined): void;
}) {
  const defaults = useAsync(() => settings.tagRules(), []);
  const [text, setText] = useState<Record<number, string>>({});
  const rules = value ?? defaults.data?.defaults ?? [];
  const set = (i: number, patch: Partial<TagRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset class="fieldset tag-rules">
      <legend>Auto-tags</legend>
      <p class="muted">
        Each rule tags a conversation and its contact when a shopper's message contains one of its
        words or phrases (<code>refund*</code> matches the start of a word).{" "}
        {value
          ? "These are your rules."
          : "These are the built-in rules; editing one makes them yours."}
      </p>
      <ErrorNote error={defaults.error} />
      {rules.map((r, i) => (
        <div class="row region-row" key={i} data-tag={r.tag}>
          <Field label="Tag">
            <input
              name={`tag-${i}`}
              maxLength={60}
              value={r.tag}
              onInput={(e) => set(i, { tag: formValue(e).trim() })}
            />
          </Field>
          <Field label="Kind">
            <select
              name={`tag-kind-${i}`}
              value={r.kind}
              onChange={(e) => set(i, { kind: formValue(e) as TagRule["kind"] })}
            >
              {KINDS.map(([k, label]) => (
                <option value={k}>{label}</option>
              ))}
            </select>
          </Field>
          <Field label="Weight">
            <input
              name={`tag-weight-${i}`}
              type="number"
              class="narrow"
              min={0}
              max={10}
              step={0.1}
              value={r.weight}
              onInput={(e) => set(i, { weight: Number(formValue(e)) })}
            />
          </Field>
          <Field label="Words and phrases">
            <textarea
              name={`tag-patterns-${i}`}
              rows={2}
              value={text[i] ?? r.patterns.join(", ")}
              onInput={(e) => {
                setText({ ...text, [i]: formValue(e) });
                set(i, { patterns: parsePatterns(formValue(e)) });
              }}
            />
          </Field>
          <button
            type="button"
            class="btn btn-danger btn-small"
            aria-label={`Remove tag rule ${r.tag || i + 1}`}
            onClick={() => {
              setText({});
              onChange(rules.filter((_, j) => j !== i));
            }}
          >
            Remove
          </button>
        </div>
      ))}
      <div class="row">
        <button
          type="button"
          class="btn btn-secondary btn-small"
          disabled={!value && !defaults.data}
          onClick={() => onChange([...rules, { tag: "", kind: "intent", weight: 1, patterns: [] }])}
        >
          Add a tag rule
        </button>
        {value && (
          <button
            type="button"
            class="btn btn-secondary btn-small"
            onClick={() => {
              setText({});
              onChange(undefined);
            }}
          >
            Restore the built-in rules
          </button>
        )}
      </div>
    </fieldset>
  );
}

function OrderLookupEditor({
  value,
  onChange,
}: {
  value: AiSettings["orderLookup"];
  onChange(v: AiSettings["orderLookup"]): void;
}) {
  const v = value ?? {
    url: "",
    secretHeaderName: "X-Edgedesk-Secret",
    secretValue: "",
    timeoutMs: 4000,
  };
  return (
    <fieldset class="fieldset">
      <legend>Order lookup</legend>
      <label class="check">
        <input
          type="checkbox"
          checked={!!value}
          onChange={(e) => onChange(e.currentTarget.checked ? v : null)}
        />
        Let the AI look up order numbers on your endpoint (POST <code>{"{ orderNumber }"}</code>;
        failures hand over)
      </label>
      {value && (
        <div class="row">
          <Field label="HTTPS endpoint">
            <input
              name="order-url"
              type="url"
              value={v.url}
              onInput={(e) => onChange({ ...v, url: formValue(e) })}
            />
          </Field>
          <Field label="Secret header">
            <input
              name="order-header"
              value={v.secretHeaderName}
              onInput={(e) => onChange({ ...v, secretHeaderName: formValue(e) })}
            />
          </Field>
          <Field label="Secret value" hint="Stored encrypted; shown masked.">
            <input
              name="order-secret"
              type="password"
              autocomplete="off"
              value={v.secretValue}
              onInput={(e) => onChange({ ...v, secretValue: formValue(e) })}
            />
          </Field>
        </div>
      )}
    </fieldset>
  );
}

export function AiPage() {
  const loaded = useAsync(() => settings.ai(), []);
  const [s, setS] = useState<AiSettings | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setS(loaded.data.settings);
  }, [loaded.data]);
  const save = useAction(async () => {
    if (!s) return;
    setSaved(false);
    setS((await settings.saveAi(s)).settings);
    setSaved(true);
  });
  if (!s) {
    return (
      <Page title="AI settings">
        <ErrorNote error={loaded.error} />
        <Loading />
      </Page>
    );
  }
  const up = (patch: Partial<AiSettings>) => {
    setSaved(false);
    setS({ ...s, ...patch });
  };
  const persona = (patch: Partial<AiSettings["persona"]>) =>
    up({ persona: { ...s.persona, ...patch } });
  const policy = (patch: Partial<Policy>) => up({ policy: { ...s.policy, ...patch } });
  return (
    <Page title="AI settings">
      <Card title="Assistant">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          <div class="row">
            <Field
              label="Provider"
              hint="Built-in answers from your knowledge without an AI model (no AI cost)."
            >
              <select
                name="provider"
                value={s.provider}
                onChange={(e) => up({ provider: formValue(e) as AiSettings["provider"] })}
              >
                <option value="builtin">Built-in (no AI model)</option>
                <option value="workers-ai">Cloudflare Workers AI</option>
                <option value="openai-compatible">OpenAI-compatible API</option>
              </select>
            </Field>
            <Field
              label={`Confidence threshold: ${s.threshold.toFixed(2)}`}
              hint="Below this the AI hands over instead of guessing."
            >
              <input
                type="range"
                name="threshold"
                min={0}
                max={1}
                step={0.05}
                value={s.threshold}
                onInput={(e) => up({ threshold: Number(formValue(e)) })}
              />
            </Field>
          </div>
          {s.provider === "openai-compatible" && (
            <div class="row">
              <Field label="Base URL" hint="OpenAI, OpenRouter, Ollama, vLLM…">
                <input
                  name="openai-url"
                  type="url"
                  value={s.openai.baseUrl ?? ""}
                  onInput={(e) =>
                    up({ openai: { ...s.openai, baseUrl: formValue(e) || undefined } })
                  }
                />
              </Field>
              <Field label="Model">
                <input
                  name="openai-model"
                  value={s.openai.model}
                  onInput={(e) => up({ openai: { ...s.openai, model: formValue(e) } })}
                />
              </Field>
              <Field label="API key" hint="Stored encrypted; shown masked.">
                <input
                  name="openai-key"
                  type="password"
                  autocomplete="off"
                  value={s.openai.apiKey ?? ""}
                  onInput={(e) =>
                    up({ openai: { ...s.openai, apiKey: formValue(e) || undefined } })
                  }
                />
              </Field>
            </div>
          )}
          {s.provider !== "builtin" && (
            <label class="check">
              <input
                type="checkbox"
                name="vector-search"
                checked={s.vectorSearch}
                onChange={(e) => up({ vectorSearch: e.currentTarget.checked })}
              />
              Also search the knowledge base by meaning (Vectorize embeddings, fused with the
              built-in engine)
            </label>
          )}
          <div class="row">
            <Field label="Assistant name">
              <input
                name="persona-name"
                maxLength={80}
                value={s.persona.name}
                onInput={(e) => persona({ name: formValue(e) })}
              />
            </Field>
            <Field label="Tone">
              <select
                name="tone"
                value={s.persona.tone}
                onChange={(e) => persona({ tone: formValue(e) as Tone })}
              >
                {TONES.map(([t, label]) => (
                  <option value={t}>{label}</option>
                ))}
              </select>
            </Field>
          </div>
          <Field
            label="Instructions"
            hint="How the assistant should write. They never override its rules (knowledge only, cite, hand over when unsure)."
          >
            <textarea
              name="persona"
              rows={3}
              maxLength={4000}
              value={s.persona.instructions}
              onInput={(e) => persona({ instructions: formValue(e) })}
            />
          </Field>
          {s.provider === "builtin" && (
            <Notice kind="info">
              <span data-testid="builtin-effects">
                The built-in provider answers with your knowledge entries as written: the
                instructions and the regional notes have no effect, and the tone only changes the
                assistant's own sentences (offering a person, order status). The name is shown to
                shoppers with every answer.
              </span>
            </Notice>
          )}
          <RegionsEditor value={s.persona.regions} onChange={(regions) => persona({ regions })} />
          <fieldset class="fieldset">
            <legend>Languages the assistant answers in</legend>
            <p class="muted">
              None ticked: any language. Ticking the ones you serve makes detection more accurate.
            </p>
            <div class="checks">
              {LANGUAGES.map(([code, name]) => (
                <label class="check" key={code}>
                  <input
                    type="checkbox"
                    checked={s.languages.includes(code)}
                    onChange={(e) =>
                      up({
                        languages: e.currentTarget.checked
                          ? [...s.languages, code]
                          : s.languages.filter((l) => l !== code),
                      })
                    }
                  />
                  {name}
                </label>
              ))}
            </div>
            <Field label="When the language is unclear, answer in">
              <select
                name="default-language"
                value={s.defaultLanguage}
                onChange={(e) => up({ defaultLanguage: formValue(e) })}
              >
                {LANGUAGES.map(([code, name]) => (
                  <option value={code}>{name}</option>
                ))}
              </select>
            </Field>
            <Field
              label="When the only matching entry is in another language"
              hint={
                s.crossLingualReply === "notice"
                  ? "Without an AI provider nothing translates the entry: the shopper gets it as written, under one line in their language saying so."
                  : "The conversation goes to a person, who can answer in the shopper's language."
              }
            >
              <select
                name="cross-lingual-reply"
                value={s.crossLingualReply}
                onChange={(e) =>
                  up({ crossLingualReply: formValue(e) as AiSettings["crossLingualReply"] })
                }
              >
                <option value="notice">
                  Reply with the entry in its language, with a one-line notice
                </option>
                <option value="handover">Hand over to a person</option>
              </select>
            </Field>
          </fieldset>
          <fieldset class="fieldset">
            <legend>Hand over to a person when</legend>
            {RULES.map(([key, label]) => (
              <label class="check" key={key}>
                <input
                  type="checkbox"
                  name={`rule-${key}`}
                  checked={s.policy[key]}
                  onChange={(e) => policy({ [key]: e.currentTarget.checked })}
                />
                {label}
              </label>
            ))}
            <fieldset class="fieldset">
              <legend>Sensitive topics that always go to a person</legend>
              <div class="checks">
                {TOPICS.map(([topic, label]) => (
                  <label class="check" key={topic}>
                    <input
                      type="checkbox"
                      name={`topic-${topic}`}
                      checked={s.policy.sensitiveTopics.includes(topic)}
                      onChange={(e) =>
                        policy({
                          sensitiveTopics: e.currentTarget.checked
                            ? [...s.policy.sensitiveTopics, topic]
                            : s.policy.sensitiveTopics.filter((t) => t !== topic),
                        })
                      }
                    />
                    {label}
                  </label>
                ))}
              </div>
            </fieldset>
          </fieldset>
          <HoursEditor
            value={s.businessHours}
            onChange={(businessHours) => up({ businessHours })}
          />
          <OrderLookupEditor
            value={s.orderLookup}
            onChange={(orderLookup) => up({ orderLookup })}
          />
          <TagRulesEditor value={s.tagRules} onChange={(tagRules) => up({ tagRules })} />
          <ErrorNote error={save.error} />
          {saved && <Notice kind="success">Saved.</Notice>}
          <button class="btn" type="submit" disabled={save.busy}>
            Save AI settings
          </button>
        </form>
      </Card>
      <ModelsCard
        value={s.routing}
        onSaved={(routing) => setS((prev) => prev && { ...prev, routing })}
      />
      <TryIt />
    </Page>
  );
}
