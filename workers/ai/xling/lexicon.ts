/**
 * A bilingual lexicon (foreign word → English glosses) kept as the sorted TSV text
 * built by scripts/build-lexicons.mjs. Lookups binary-search the text through an
 * array of line offsets, so loading costs one pass over the string and no map of
 * hundreds of thousands of small objects (cold start and memory, see CROSS-LINGUAL.md).
 */
export class Lexicon {
  private readonly starts: Uint32Array;
  private readonly translit: Map<number, string[]>;

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
