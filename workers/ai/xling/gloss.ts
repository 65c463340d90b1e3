/**
 * Word-by-word English gloss of a foreign-language query: every word the lexicon
 * knows becomes its English glosses, every other word is kept (romanised when its
 * script has a table) so names and numbers still match. Scripts written without
 * spaces are cut by `Intl.Segmenter` and then by longest dictionary match.
 */
import type { Lexicon } from "./lexicon";

/** Languages whose text has no spaces between words. */
const UNSPACED = new Set(["zh", "ja", "th", "lo", "km", "my"]);
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{N}]+$/u;

export interface GlossOptions {
  /** Glosses used per word (the lexicon lists the commonest sense first). */
  senses: number;
}

export const DEFAULT_GLOSS: GlossOptions = { senses: 2 };

export interface Gloss {
  /** The English rendering, ready for the index. */
  text: string;
  /** Share of the query's words the lexicon knew (0..1): how far the gloss can be trusted. */
  known: number;
}

function segments(text: string, lang: string): string[] {
  if (!UNSPACED.has(lang) || typeof Intl.Segmenter !== "function")
    return text.toLowerCase().match(WORD) ?? [];
  const seg = new Intl.Segmenter(lang, { granularity: "word" });
  return [...seg.segment(text.toLowerCase())].filter((s) => s.isWordLike).map((s) => s.segment);
}

/** Dictionary words inside one unspaced segment, longest match first; unknown characters stand alone. */
function splitUnspaced(seg: string, lex: Lexicon): string[] {
  const out: string[] = [];
  for (let i = 0; i < seg.length; ) {
    const len = lex.longestAt(seg, i) || 1;
    out.push(seg.slice(i, i + len));
    i += len;
  }
  return out;
}

export function glossQuery(
  text: string,
  lang: string,
  lex: Lexicon,
  opts: GlossOptions = DEFAULT_GLOSS,
): Gloss {
  const out: string[] = [];
  let words = 0;
  let known = 0;
  const unspaced = UNSPACED.has(lang);
  for (const seg of segments(text, lang)) {
    const pieces =
      unspaced && !LATIN_OR_DIGIT.test(seg) && !lex.lookup(seg) ? splitUnspaced(seg, lex) : [seg];
    for (const w of pieces) {
      if (LATIN_OR_DIGIT.test(w) && lang !== "en" && /^\p{N}+$/u.test(w)) {
        out.push(w);
        continue;
      }
      words++;
      const g = unspaced ? lex.lookup(w) : lex.lookupInflected(w);
      if (g) {
        known++;
        out.push(...g.slice(0, opts.senses));
      } else out.push(lex.romanize(w));
    }
  }
  return { text: out.join(" "), known: words ? known / words : 0 };
}
