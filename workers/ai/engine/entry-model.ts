/**
 * Per-entry unigram language model over all features (words, word bigrams, char
 * n-grams), Dirichlet-smoothed towards the whole knowledge base. Scoring a query is
 * a log-likelihood ratio against the background — multinomial Naive Bayes in IR
 * clothing. It pools every phrasing of an entry, which single-phrasing similarity
 * cannot, and is the strongest signal when entries have many phrasings.
 */
export class EntryModel {
  private readonly vocab = new Map<string, number>();
  private bg: number[] = [];
  private bgTotal = 0;
  private postEntry: Int32Array[] = [];
  private postCount: Float32Array[] = [];
  private totals: Float32Array;

  /** `docs[i]` are the features of one document, `weights[i]` how much it counts, `entryOf[i]` its entry. */
  constructor(
    docs: string[][],
    weights: number[],
    entryOf: ArrayLike<number>,
    nEntries: number,
    private readonly mu: number,
  ) {
    this.totals = new Float32Array(nEntries);
    const lists: Map<number, number>[] = [];
    docs.forEach((feats, i) => {
      const e = entryOf[i];
      const w = weights[i];
      if (w <= 0) return;
      // Binary per document: one phrasing repeating a word is not more evidence.
      for (const f of new Set(feats)) {
        let id = this.vocab.get(f);
        if (id === undefined) {
          id = this.bg.length;
          this.vocab.set(f, id);
          this.bg.push(0);
          lists.push(new Map());
        }
        this.bg[id] += w;
        this.bgTotal += w;
        this.totals[e] += w;
        lists[id].set(e, (lists[id].get(e) ?? 0) + w);
      }
    });
    this.postEntry = lists.map((m) => Int32Array.from(m.keys()));
    this.postCount = lists.map((m) => Float32Array.from(m.values()));
  }

  /**
   * Mean per-feature log-likelihood ratio of the query for every entry. Features the
   * knowledge base has never seen count in the mean as zero evidence, so a query
   * made mostly of foreign words scores low everywhere (useful for out-of-scope).
   */
  score(features: string[], out: Float32Array): void {
    const uniq = [...new Set(features)];
    const mu = this.mu;
    out.fill(0);
    let known = 0;
    for (const f of uniq) {
      const id = this.vocab.get(f);
      if (id === undefined) continue;
      known++;
      const p = this.bg[id] / this.bgTotal;
      const ents = this.postEntry[id];
      const cnt = this.postCount[id];
      for (let j = 0; j < ents.length; j++) out[ents[j]] += Math.log1p(cnt[j] / (mu * p));
    }
    // Entries lacking a known feature pay log(mu / (total + mu)) for it.
    const n = Math.max(1, uniq.length);
    for (let e = 0; e < out.length; e++) {
      out[e] = (out[e] + known * Math.log(mu / (this.totals[e] + mu))) / n;
    }
  }
}
