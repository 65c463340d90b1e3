import { SHIPPED_LANGUAGES } from "../../workers/wire/widget-texts";

/** Languages the widget's own strings come in (those with built-in texts); right-to-left ones flip the layout. */
export const SUPPORTED = SHIPPED_LANGUAGES;
export type Lang = (typeof SUPPORTED)[number];
const RTL = new Set(["ar", "he", "fa", "ur"]);

/** First supported primary subtag among the candidates (`pt-BR` → `pt`), else English. */
export function pickLanguage(candidates: readonly (string | null | undefined)[]): Lang {
  for (const c of candidates) {
    const primary = c?.toLowerCase().split(/[-_]/)[0];
    const hit = SUPPORTED.find((s) => s === primary);
    if (hit) return hit;
  }
  return "en";
}

export const isRtl = (lang: string): boolean => RTL.has(lang.split("-")[0]);

/** A per-language text map read with fallback: exact tag, primary subtag, English, anything. */
export function localized(
  value: string | Record<string, string> | null | undefined,
  lang: string,
): string | null {
  if (!value) return null;
  if (typeof value === "string") return value;
  return value[lang] ?? value[lang.split("-")[0]] ?? value.en ?? Object.values(value)[0] ?? null;
}
