/** `{{path}}` and `{{path | fallback}}` placeholders, and picking the shopper's language. */
import type { LocalizedText } from "./workflow-definition";
import { baseLang, resolvePath, shopperLanguage, type WorkflowContext } from "./context";

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*(?:\|\s*([^}]*?)\s*)?\}\}/g;

export function renderTemplate(template: string, ctx: WorkflowContext): string {
  return template.replace(PLACEHOLDER, (_m, p: string, fallback: string | undefined) => {
    const v = resolvePath(ctx, p);
    if (v === undefined || v === null || v === "") return fallback ?? "";
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  });
}

/** Main language by country, for a shopper whose language is not known yet. */
export const COUNTRY_LANGUAGE: Record<string, string> = {
  ES: "es",
  MX: "es",
  AR: "es",
  CO: "es",
  CL: "es",
  PE: "es",
  FR: "fr",
  BE: "fr",
  DE: "de",
  AT: "de",
  CH: "de",
  IT: "it",
  PT: "pt",
  BR: "pt",
  NL: "nl",
  JP: "ja",
  CN: "zh",
  TW: "zh",
  HK: "zh",
  KR: "ko",
  TR: "tr",
  RU: "ru",
  PL: "pl",
  SE: "sv",
  DK: "da",
  NO: "no",
  FI: "fi",
  SA: "ar",
  AE: "ar",
  EG: "ar",
  ID: "id",
  TH: "th",
  VN: "vi",
  IN: "hi",
  US: "en",
  GB: "en",
};

/** Shopper language first, then the text for their country, then their country's language, then default. */
export function pickLocalized(text: string | LocalizedText, ctx: WorkflowContext): string {
  if (typeof text === "string") return renderTemplate(text, ctx);
  const byLang = Object.fromEntries(
    Object.entries(text.byLanguage ?? {}).map(([k, v]) => [baseLang(k), v]),
  );
  const lang = shopperLanguage(ctx);
  const country = ctx.country?.toUpperCase() ?? null;
  const chosen =
    (lang && byLang[lang]) ||
    (country && text.byCountry?.[country]) ||
    (country && COUNTRY_LANGUAGE[country] && byLang[COUNTRY_LANGUAGE[country]]) ||
    text.default;
  return renderTemplate(chosen, ctx);
}
