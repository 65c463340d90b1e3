/**
 * Text normalisation and tokenisation shared by the builtin index, the language
 * detector and the rule engines. Pure functions, no I/O, safe in workerd.
 */
import { stem } from "./stem";
import { isStopword } from "./stopwords";

/** Scripts written without spaces: words are approximated by character bigrams. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Canonical form for matching: NFKC, lower case, Latin diacritics folded (so "cafe"
 * matches "café" and typists without dead keys are not penalised), apostrophes
 * dropped so "what's" and "whats" (or xSID's "what 's") converge.
 */
export function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .normalize("NFD")
    .replace(/([a-z])\p{Mn}+/gu, "$1")
    .normalize("NFC")
    .replace(/(\p{L})\s*['’`´](?=\p{L})/gu, "$1")
    .replace(/ß/g, "ss");
}

/** Raw word-ish tokens of a normalised string (no stemming, no stopword removal). */
export function rawTokens(norm: string): string[] {
  return norm.match(TOKEN) ?? [];
}

/**
 * Index terms: stemmed word tokens with stopwords marked (weight applied by the
 * caller), and CJK/Thai runs split into overlapping character bigrams.
 */
export function wordTerms(norm: string): { term: string; stop: boolean }[] {
  const out: { term: string; stop: boolean }[] = [];
  for (const tok of rawTokens(norm)) {
    if (UNSPACED.test(tok)) {
      const chars = [...tok];
      if (chars.length === 1) out.push({ term: tok, stop: false });
      for (let i = 0; i + 1 < chars.length; i++)
        out.push({ term: chars[i] + chars[i + 1], stop: false });
      continue;
    }
    out.push({ term: stem(tok), stop: isStopword(tok) });
  }
  return out;
}

/**
 * Character n-grams (n in [minN, maxN]) over each token padded with spaces. Working
 * per token keeps n-grams from straddling unrelated words while the padding
 * still marks word starts and ends; typos change only a few of them.
 */
export function charNgrams(norm: string, minN = 3, maxN = 5): string[] {
  const out: string[] = [];
  for (const tok of rawTokens(norm)) {
    const chars = [...` ${tok} `];
    for (let n = minN; n <= maxN; n++) {
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(""));
    }
    // Very short tokens ("tv", "日") still deserve a feature.
    if (chars.length < minN) out.push(chars.join(""));
  }
  return out;
}
