/**
 * The statistical part of language detection: two independent n-gram detectors,
 * tinyld and eld, each turned into a score per ISO 639-1 language so their opinions
 * can be added. tinyld's per-language "accuracy" is already a probability-like
 * confidence and is kept raw (not renormalised), so an unsure tinyld (every language
 * near 0.05) weighs little. eld's scores are close together (0.60 vs 0.66) and only
 * their differences mean something, so they go through a softmax. Both read profiles loaded once per
 * isolate (./profiles.ts): callers await `loadLanguageProfiles()` before detecting.
 */
import { languageDetectors } from "./profiles";

/** tinyld reports Norwegian as "no"; callers may say "nb"/"nn". */
export const canon = (l: string): string => (l === "nb" || l === "nn" ? "no" : l);

/**
 * Softmax temperature over eld scores. eld's scores live in about 0.3–0.9 and a
 * clear winner leads by ~0.1, so 0.05 makes a 0.1 lead worth e² ≈ 7:1.
 */
const ELD_TEMPERATURE = 0.05;

/**
 * Macro-languages whose members eld cannot tell apart or does not cover in Latin
 * script (its Serbian model is Cyrillic; it has Malay but no Indonesian): eld's
 * evidence counts for the group, and the close-neighbour lexicon decides inside it.
 */
const ELD_MACRO: string[][] = [
  ["sr", "hr", "bs"],
  ["id", "ms"],
];

let eldLangs: Set<string> | null = null;

/** True if eld has an opinion about this language (itself or through its macro-language). */
export function eldKnows(lang: string): boolean {
  const known = (eldLangs ??= new Set(languageDetectors().eldLanguages.map(canon)));
  return known.has(lang) || ELD_MACRO.some((g) => g.includes(lang) && g.some((l) => known.has(l)));
}

/** tinyld's confidence per language (0..1, raw), optionally restricted. */
export function tinyldScores(text: string, only: string[] | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of languageDetectors().tinyld.detectAll(text, only ? { only } : undefined)) {
    const l = canon(r.lang);
    out.set(l, Math.max(out.get(l) ?? 0, r.accuracy));
  }
  return out;
}

/** eld's opinion as a probability distribution over the languages it knows (and `only`). */
export function eldScores(text: string, only: string[] | undefined): Map<string, number> {
  const raw = new Map<string, number>();
  for (const [l, v] of Object.entries(languageDetectors().eld.detect(text).getScores()))
    raw.set(canon(l), v);
  for (const group of ELD_MACRO) {
    const best = Math.max(0, ...group.map((l) => raw.get(l) ?? 0));
    if (best > 0) for (const l of group) raw.set(l, best);
  }
  if (only) for (const l of [...raw.keys()]) if (!only.includes(l)) raw.delete(l);
  const max = Math.max(0, ...raw.values());
  const out = new Map<string, number>();
  let z = 0;
  for (const [l, v] of raw) {
    const e = Math.exp((v - max) / ELD_TEMPERATURE);
    out.set(l, e);
    z += e;
  }
  for (const [l, v] of out) out.set(l, v / z);
  return out;
}
