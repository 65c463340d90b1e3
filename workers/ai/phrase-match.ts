/**
 * Keyword/phrase matching for rules written as data: case- and accent-insensitive,
 * on word boundaries, with `*` as a suffix wildcard ("refund*" matches "refunded").
 * Scripts without spaces (CJK, Thai) match as plain substrings.
 */
import { normalize } from "./engine/text";

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const p = normalize(pattern).trim();
    const unspaced =
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Hangul}]/u.test(
        p,
      );
    const body = p
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\*$/, "[\\p{L}\\p{N}]*"))
      .join("\\s+");
    re = unspaced
      ? new RegExp(body, "u")
      : new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "u");
    if (cache.size > 5000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** Patterns that occur in the text (which must already be `normalize`d). */
export function matchedPatterns(normText: string, patterns: readonly string[]): string[] {
  return patterns.filter((p) => compile(p).test(normText));
}

/** True when any pattern occurs. */
export function matchesAny(normText: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => compile(p).test(normText));
}
