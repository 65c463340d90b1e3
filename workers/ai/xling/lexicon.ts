/**
 * A bilingual lexicon (foreign word → English glosses) kept as the sorted TSV text
 * built by scripts/build-lexicons.mjs. Lookups binary-search the text through an
 * array of line offsets, so loading costs one pass over the string and no map of
 * hundreds of thousands of small objects (cold start and memory, see CROSS-LINGUAL.md).
 */
import type { Stemmer } from "./stemmers";

const MARKS = /\p{M}/gu;
const FOLDABLE = /^[\p{Script=Latin}\p{Script=Greek}\p{M} ]+$/u;

/** A Latin or Greek word without its accents ("envío" → "envio"); other scripts are kept whole. */
export function foldAccents(word: string): string {
  return FOLDABLE.test(word) ? word.normalize("NFD").replace(MARKS, "").normalize("NFC") : word;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export class Lexicon {
  private readonly starts: Uint32Array;
  private readonly translit: Map<number, string[]>;
  /** Accent-free form → headword, for headwords that carry accents; built on first need. */
  private folded: Map<string, number> | null = null;

  constructor(private readonly text: string) {
    let n = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    const starts = new Uint32Array(n);
    let line = 0;
    let translitJson = "{}";
    for (let pos = 0; pos < text.length; ) {
      const end = text.indexOf("\n", pos);
      const stop = end < 0 ? text.length : end;
      if (text.startsWith("#translit\t", pos)) translitJson = text.slice(pos + 10, stop);
      else if (stop > pos) starts[line++] = pos;
      pos = stop + 1;
    }
    this.starts = starts.subarray(0, line);
    const blocks = JSON.parse(translitJson) as Record<string, string>;
    this.translit = new Map(Object.entries(blocks).map(([b, s]) => [Number(b), s.split("\t")]));
  }

  /** Number of headwords. */
  get size(): number {
    return this.starts.length;
  }

  private keyAt(i: number): string {
    const s = this.starts[i];
    return this.text.slice(s, this.text.indexOf("\t", s));
  }

  /** Index of the first headword ≥ key. */
  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keyAt(mid) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private glossesAt(i: number): string[] {
    const s = this.starts[i];
    const tab = this.text.indexOf("\t", s);
    const end = this.text.indexOf("\n", tab);
    return this.text.slice(tab + 1, end < 0 ? undefined : end).split("|");
  }

  /** English glosses of an exact (lower-cased) headword. */
  lookup(word: string): string[] | null {
    const i = this.lowerBound(word);
    return i < this.starts.length && this.keyAt(i) === word ? this.glossesAt(i) : null;
  }

  /** Glosses of a word as written or with its accents dropped or restored ("envio" finds "envío"). */
  lookupFolded(word: string): string[] | null {
    const exact = this.lookup(word);
    if (exact) return exact;
    const f = foldAccents(word);
    if (f !== word) {
      const plain = this.lookup(f);
      if (plain) return plain;
    }
    const i = this.foldedIndex().get(f);
    return i === undefined ? null : this.glossesAt(i);
  }

  private foldedIndex(): Map<string, number> {
    if (!this.folded) {
      this.folded = new Map();
      for (let i = 0; i < this.starts.length; i++) {
        const k = this.keyAt(i);
        if (/^\p{ASCII}*$/u.test(k)) continue;
        const f = foldAccents(k);
        if (f !== k && !this.folded.has(f)) this.folded.set(f, i);
      }
    }
    return this.folded;
  }

  /**
   * Glosses of an inflected word through a Snowball stemmer: among the headwords that start
   * with the word's stem and have the same stem, one the word extends ("números" → "número"),
   * else the one sharing the longest beginning with the word, then the shortest ("tarda" →
   * "tardar", not "tarde"). Falls back to `lookupInflected`.
   */
  lookupLemma(word: string, stem: Stemmer): string[] | null {
    const known = this.lookupFolded(word);
    if (known) return known;
    const f = foldAccents(word);
    const s = foldAccents(stem(word));
    // Short words are mostly irregular function words ("kann" is not "Kanne").
    if (word.length >= 5 && s.length >= 3) {
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      // The stem itself too: a stemmer that strips prefixes (Arabic و/ب/ال) starts it elsewhere.
      for (const prefix of new Set([word.slice(0, s.length), f.slice(0, s.length), s])) {
        const from = this.lowerBound(prefix);
        for (let i = from; i < this.starts.length && i - from < 256; i++) {
          const k = this.keyAt(i);
          if (!k.startsWith(prefix)) break;
          if (k.includes(" ") || foldAccents(stem(k)) !== s) continue;
          const fk = foldAccents(k);
          // The word as the headword plus an ending (números = número + s) first.
          const score = (f.startsWith(fk) ? 10_000 : 0) + commonPrefix(fk, f) * 100 - k.length;
          if (score > bestScore) {
            best = i;
            bestScore = score;
          }
        }
      }
      if (best >= 0) return this.glossesAt(best);
    }
    return this.lookupInflected(f);
  }

  /**
   * Glosses of an inflected word: the word itself, else the shortest headword that
   * shares its stem (the word less up to `maxCut` final letters, keeping `minStem`),
   * differing from the word by at most `maxCut` letters — a dictionary-driven
   * stand-in for lemmatisation in languages we have no stemmer for.
   */
  lookupInflected(word: string, maxCut = 3, minStem = 4): string[] | null {
    const exact = this.lookup(word);
    if (exact) return exact;
    for (let cut = 1; cut <= maxCut && word.length - cut >= minStem; cut++) {
      const stem = word.slice(0, word.length - cut);
      let best = -1;
      for (let i = this.lowerBound(stem); i < this.starts.length; i++) {
        const k = this.keyAt(i);
        if (!k.startsWith(stem)) break;
        if (
          k.length - stem.length <= maxCut &&
          !k.includes(" ") &&
          (best < 0 || k.length < this.keyAt(best).length)
        )
          best = i;
        if (i - this.lowerBound(stem) > 64) break;
      }
      if (best >= 0) return this.glossesAt(best);
    }
    return null;
  }

  /** Length of the longest headword starting at `text[from]` (for scripts without spaces), 0 if none. */
  longestAt(text: string, from: number, maxLen = 8): number {
    for (let len = Math.min(maxLen, text.length - from); len >= 1; len--) {
      if (this.lookup(text.slice(from, from + len))) return len;
    }
    return 0;
  }

  /** ASCII romanisation of the characters this lexicon's scripts cover; others are kept. */
  romanize(word: string): string {
    if (this.translit.size === 0) return word;
    let out = "";
    for (const ch of word) {
      const cp = ch.codePointAt(0) ?? 0;
      const table = this.translit.get(cp >>> 8);
      out += table ? (table[cp & 0xff] ?? "") : ch;
    }
    return out.toLowerCase();
  }
}
