import { z } from "@hono/zod-openapi";
import { BUILTIN_WIDGET_TEXTS, LANGUAGE_TAG } from "./widget-texts";

/** A language the merchant words the widget in: `es`, or a regional variant such as `pt-BR`. */
const LanguageTag = z.string().regex(LANGUAGE_TAG, "a language code such as es or pt-BR");

/**
 * A status or header line: plain text with only the `allowed` placeholders; a `required` one (the
 * header's agent name or place in line) must be there, or the line would lose what it is for.
 */
const statusLine = (allowed: string[], required?: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(160)
    .superRefine((text, ctx) => {
      if (required && !text.includes(required))
        ctx.addIssue({ code: "custom", message: `must contain ${required}` });
      for (const [token] of text.matchAll(/\{[^}]*\}/g)) {
        if (!allowed.includes(token))
          ctx.addIssue({
            code: "custom",
            message: allowed.length
              ? `unknown placeholder ${token}: only ${allowed.join(", ")} is filled in`
              : `no placeholder is filled in here (found ${token})`,
          });
      }
    });

/** What the merchant words per language; a text left out falls back (workers/wire/widget-texts.ts). */
export const WidgetTextsSchema = z.strictObject({
  title: z.string().trim().min(1).max(60).optional(),
  greeting: z.string().trim().min(1).max(300).optional(),
  quickReplies: z
    .array(z.string().trim().min(1).max(60))
    .max(6)
    .refine((list) => new Set(list).size === list.length, "the same quick reply twice")
    .optional(),
  waiting: statusLine([]).optional(),
  joined: statusLine(["{name}"]).optional(),
  resolved: statusLine([]).optional(),
  backToAi: statusLine([]).optional(),
  chattingWith: statusLine(["{name}"], "{name}").optional(),
  queuePosition: statusLine(["{position}"], "{position}").optional(),
});

/** Greetings the schema used to fill in by default (some worded differently from today's built-ins). */
const OLD_DEFAULT_GREETINGS = new Set([
  "Olá! Como podemos ajudar você hoje?",
  "こんにちは！ご用件をお聞かせください。",
]);
const OLD_DEFAULT_QUICK_REPLIES = JSON.stringify(BUILTIN_WIDGET_TEXTS.en.quickReplies);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Settings saved before texts were per language had one `title`, a `greeting` map and one list of
 * `quickReplies`; they are read (and still accepted) as the default language's texts. Values equal to
 * the old English defaults were never the merchant's choice and are dropped, so translations apply.
 */
function foldLegacyTexts(raw: unknown): unknown {
  if (!isRecord(raw) || !("title" in raw || "greeting" in raw || "quickReplies" in raw)) return raw;
  const { title, greeting, quickReplies, ...rest } = raw;
  const lang = typeof rest.defaultLanguage === "string" ? rest.defaultLanguage : "en";
  const texts: Record<string, unknown> = isRecord(rest.texts) ? { ...rest.texts } : {};
  const add = (l: string, patch: Record<string, unknown>) =>
    (texts[l] = { ...patch, ...(isRecord(texts[l]) ? texts[l] : {}) });
  if (typeof title === "string" && title.trim() && title !== BUILTIN_WIDGET_TEXTS.en.title)
    add(lang, { title });
  if (
    Array.isArray(quickReplies) &&
    quickReplies.length &&
    JSON.stringify(quickReplies) !== OLD_DEFAULT_QUICK_REPLIES
  )
    add(lang, { quickReplies });
  if (isRecord(greeting)) {
    for (const [l, text] of Object.entries(greeting)) {
      const builtin = (BUILTIN_WIDGET_TEXTS as Record<string, { greeting: string }>)[l]?.greeting;
      if (
        typeof text === "string" &&
        text.trim() &&
        text !== builtin &&
        !OLD_DEFAULT_GREETINGS.has(text)
      )
        add(l, { greeting: text });
    }
  }
  return { ...rest, texts };
}

/** Widget appearance and wording as stored and answered (see `WidgetSettings` for what a request may send). */
export const WidgetSettingsStored = z.strictObject({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default("#4f46e5"),
  position: z.enum(["right", "left"]).default("right"),
  logoUrl: z.string().url().max(500).nullable().default(null),
  /** Whose texts a shopper sees when there are none in their language. */
  defaultLanguage: LanguageTag.default("en"),
  texts: z
    .record(LanguageTag, WidgetTextsSchema)
    .refine((t) => Object.keys(t).length <= 40, "at most 40 languages")
    .default({}),
});

/** Widget appearance and wording, stored per tenant; the widget reads it through /api/widget/session. */
export const WidgetSettings = z
  .preprocess(foldLegacyTexts, WidgetSettingsStored)
  .openapi("WidgetSettings");
export type WidgetSettings = z.infer<typeof WidgetSettings>;
