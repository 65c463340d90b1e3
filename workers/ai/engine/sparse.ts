/**
 * A tiny TF-IDF inverted index over one feature channel (word terms or character
 * n-grams). Vectors are L2-normalised so dot products are cosines in [0, 1].
 */

/** A feature with its raw weight before IDF (stopwords come in below 1). */
export interface RawFeature {
  key: string;
  weight: number;
}

export type SparseVec = Map<number, number>;

export class SparseChannel {
  private readonly vocab = new Map<string, number>();
  private df: number[] = [];
  private idf: Float32Array = new Float32Array(0);
  private postDoc: Int32Array[] = [];
  private postW: Float32Array[] = [];
  private nDocs = 0;

  /**
   * Build postings from per-document raw features. IDF is smoothed
   * (log((1+N)/(1+df)) + 1) so a feature shared by every document still counts a little.
   */
  static build(docs: RawFeature[][]): SparseChannel {
    const ch = new SparseChannel();
    ch.nDocs = docs.length;
    const counted = docs.map((feats) => ch.count(feats, true));
    ch.idf = Float32Array.from(ch.df, (d) => Math.log((1 + ch.nDocs) / (1 + d)) + 1);
    const lists: { d: number[]; w: number[] }[] = ch.df.map(() => ({ d: [], w: [] }));
    counted.forEach((tf, doc) => {
      for (const [id, w] of ch.weigh(tf)) {
        lists[id].d.push(doc);
        lists[id].w.push(w);
      }
    });
    ch.postDoc = lists.map((l) => Int32Array.from(l.d));
    ch.postW = lists.map((l) => Float32Array.from(l.w));
    return ch;
  }

  get size(): number {
    return this.nDocs;
  }

  /** Number of distinct features seen at build time. */
  get dims(): number {
    return this.df.length;
  }

  /** Rebuild document `d`'s weighted vector from the postings (used once, for training). */
  docVectors(): SparseVec[] {
    const out: SparseVec[] = Array.from({ length: this.nDocs }, () => new Map());
    this.postDoc.forEach((docs, id) => {
      const ws = this.postW[id];
      for (let i = 0; i < docs.length; i++) out[docs[i]].set(id, ws[i]);
    });
    return out;
  }

  /** Term-frequency map keyed by feature id; unknown query features are skipped. */
  private count(feats: RawFeature[], grow: boolean): Map<number, number> {
    const tf = new Map<number, number>();
    const seen = new Set<number>();
    for (const f of feats) {
      let id = this.vocab.get(f.key);
      if (id === undefined) {
        if (!grow) continue;
        id = this.df.length;
        this.vocab.set(f.key, id);
        this.df.push(0);
      }
      if (grow && !seen.has(id)) {
        seen.add(id);
        this.df[id]++;
      }
      tf.set(id, (tf.get(id) ?? 0) + f.weight);
    }
    return tf;
  }

  /** Sublinear TF times IDF, L2-normalised (left raw when `normalise` is 0). */
  private weigh(tf: Map<number, number>, normalise = 1): SparseVec {
    const v: SparseVec = new Map();
    let norm = 0;
    for (const [id, t] of tf) {
      const w = (t >= 1 ? 1 + Math.log(t) : t) * this.idf[id];
      v.set(id, w);
      norm += w * w;
    }
    if (!normalise) return v;
    norm = Math.sqrt(norm) || 1;
    for (const [id, w] of v) v.set(id, w / norm);
    return v;
  }

  /**
   * Query vector in this channel's space. Features the channel has never seen cannot
   * match anything, but they still count in the query's norm (at the IDF of an unseen
   * feature): a query that is mostly foreign to this field must not look like a
   * perfect match on the one word it shares with it.
   */
  vector(feats: RawFeature[]): SparseVec {
    const v = this.weigh(this.count(feats, false), 0);
    const unseen = new Map<string, number>();
    for (const f of feats)
      if (!this.vocab.has(f.key)) unseen.set(f.key, (unseen.get(f.key) ?? 0) + f.weight);
    const idf = Math.log(1 + this.nDocs) + 1;
    let extra = 0;
    for (const t of unseen.values()) extra += ((t >= 1 ? 1 + Math.log(t) : t) * idf) ** 2;
    let known = 0;
    for (const w of v.values()) known += w * w;
    const norm = Math.sqrt(known + extra) || 1;
    for (const [id, w] of v) v.set(id, w / norm);
    return v;
  }

  /** Adds weight * cosine(query, doc) into acc[doc] for every doc sharing a feature. */
  accumulate(q: SparseVec, acc: Float32Array, weight: number): void {
    for (const [id, qw] of q) {
      const docs = this.postDoc[id];
      const ws = this.postW[id];
      const f = qw * weight;
      for (let i = 0; i < docs.length; i++) acc[docs[i]] += f * ws[i];
    }
  }
}
