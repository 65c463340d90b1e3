/**
 * Word-by-word English gloss of a foreign-language query: every word the lexicon
 * knows becomes its English glosses, every other word is kept (romanised when its
 * script has a table) so names and numbers still match. Scripts written without
 * spaces are cut by `Intl.Segmenter` and then by longest dictionary match.
 */
import { foldAccents, type Lexicon } from "./lexicon";
import { stemmerFor } from "./stemmers";

/** Languages whose text has no spaces between words. */
const UNSPACED = new Set(["zh", "ja", "th", "lo", "km", "my"]);
/** Unspaced scripts whose segmenter splits loanwords it does not know (แพน|เธอร์): pieces re-joined by the lexicon. */
const JOINED = new Set(["th", "lo", "km", "my"]);
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{N}]+$/u;
/** Japanese particles and endings (の, は, です, ます…): short all-hiragana words carry no topic. */
const JA_FUNCTION = /^\p{Script=Hiragana}{1,2}$/u;
const HAN = /^\p{Script=Han}+$/u;
const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}]$/u;

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
  // Adjacent Han words are joined again: the segmenter splits compounds it does not know
  // (退货 → 退|货), which the dictionary's longest match then finds.
  const out: string[] = [];
  let prevHan = false;
  for (const s of seg.segment(text.toLowerCase())) {
    const han = s.isWordLike === true && HAN.test(s.segment);
    if (han && prevHan) out[out.length - 1] += s.segment;
    else if (s.isWordLike) out.push(s.segment);
    prevHan = han;
  }
  return out;
}

/**
 * Dictionary words inside one unspaced segment, longest match first. A lone kana is a syllable,
 * not a word, so it is not matched alone; unknown characters in a row stay one word.
 */
function splitUnspaced(seg: string, lex: Lexicon): string[] {
  const out: string[] = [];
  let unknown = "";
  for (let i = 0; i < seg.length; ) {
    let len = lex.longestAt(seg, i);
    if (len === 1 && KANA.test(seg[i])) len = 0;
    if (len === 0) {
      unknown += seg[i++];
      continue;
    }
    if (unknown) out.push(unknown);
    unknown = "";
    out.push(seg.slice(i, i + len));
    i += len;
  }
  if (unknown) out.push(unknown);
  return out;
}

/** Words in the longest dictionary phrase the lexicon has at `words[from]`. */
const MAX_PHRASE_WORDS = 3;
/** Segments of a Thai word the segmenter may have cut apart. */
const MAX_JOINED_SEGMENTS = 5;

function phraseAt(
  words: string[],
  from: number,
  lex: Lexicon,
  sep: string,
  max: number,
): { n: number; g: string[] } | null {
  for (let n = Math.min(max, words.length - from); n >= 2; n--) {
    const g = lex.lookupFolded(words.slice(from, from + n).join(sep));
    if (g) return { n, g };
  }
  return null;
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
  const stem = stemmerFor(lang);
  const segs = segments(text, lang);
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    if (lang === "ja" && JA_FUNCTION.test(seg)) continue;
    // Phrases before words: "how long", "tracking number", "reembolso parcial".
    const phrase = !unspaced
      ? phraseAt(segs, i, lex, " ", MAX_PHRASE_WORDS)
      : JOINED.has(lang)
        ? phraseAt(segs, i, lex, "", MAX_JOINED_SEGMENTS)
        : null;
    if (phrase) {
      words += phrase.n;
      known += phrase.n;
      out.push(...phrase.g.slice(0, opts.senses));
      i += phrase.n - 1;
      continue;
    }
    const pieces =
      unspaced && !LATIN_OR_DIGIT.test(seg) && !lex.lookup(seg) ? splitUnspaced(seg, lex) : [seg];
    for (const w of pieces) {
      if (LATIN_OR_DIGIT.test(w) && lang !== "en" && /^\p{N}+$/u.test(w)) {
        out.push(w);
        continue;
      }
      words++;
      const g = unspaced
        ? lex.lookup(w)
        : stem
          ? lex.lookupLemma(w, stem)
          : (lex.lookupFolded(w) ?? lex.lookupInflected(w));
      if (g) {
        // A name glossed as itself ("mexico") is no evidence that the query was translated.
        if (g[0] !== foldAccents(w)) known++;
        out.push(...g.slice(0, opts.senses));
      } else out.push(lex.romanize(w));
    }
  }
  return { text: out.join(" "), known: words ? known / words : 0 };
}
