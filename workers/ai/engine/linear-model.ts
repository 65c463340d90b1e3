/**
 * Averaged multiclass perceptron over the word channel (stemmed words, bigrams,
 * thesaurus concepts), trained at build time on the entries' phrasings. It learns
 * which words *separate* entries — what similarity alone cannot — and costs
 * O(features × entries) memory, allocated only for features that were ever updated.
 */
import type { SparseVec } from "./sparse";

export class LinearModel {
  private constructor(
    private readonly weights: Map<number, Float32Array>,
    private readonly nClasses: number,
  ) {}

  /**
   * `docs[i]` belongs to class `labels[i]`. A margin of `margin` is required for a
   * document to count as learned; `epochs` passes in a fixed, seeded order.
   */
  static train(
    docs: SparseVec[],
    labels: ArrayLike<number>,
    nClasses: number,
    epochs: number,
    margin = 0.2,
  ): LinearModel {
    const w = new Map<number, Float32Array>();
    const u = new Map<number, Float32Array>(); // running sum of c * update, for averaging
    const get = (m: Map<number, Float32Array>, f: number): Float32Array => {
      let a = m.get(f);
      if (!a) {
        a = new Float32Array(nClasses);
        m.set(f, a);
      }
      return a;
    };
    const order = docs.map((_, i) => i);
    let rng = 0x9e3779b9;
    let c = 1;
    const scores = new Float32Array(nClasses);
    for (let ep = 0; ep < epochs; ep++) {
      // Deterministic shuffle (xorshift) so builds are reproducible.
      for (let i = order.length - 1; i > 0; i--) {
        rng ^= rng << 13;
        rng ^= rng >>> 17;
        rng ^= rng << 5;
        const j = (rng >>> 0) % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const d of order) {
        const x = docs[d];
        const y = labels[d];
        scores.fill(0);
        for (const [f, v] of x) {
          const a = w.get(f);
          if (a) for (let k = 0; k < nClasses; k++) scores[k] += a[k] * v;
        }
        let best = -1;
        for (let k = 0; k < nClasses; k++)
          if (k !== y && (best < 0 || scores[k] > scores[best])) best = k;
        if (best >= 0 && scores[y] - scores[best] < margin) {
          for (const [f, v] of x) {
            const a = get(w, f);
            const b = get(u, f);
            a[y] += v;
            a[best] -= v;
            b[y] += c * v;
            b[best] -= c * v;
          }
        }
        c++;
      }
    }
    // Averaged weights: w - u / c.
    for (const [f, a] of w) {
      const b = u.get(f);
      if (b) for (let k = 0; k < nClasses; k++) a[k] -= b[k] / c;
    }
    return new LinearModel(w, nClasses);
  }

  /** Class scores for a query vector, written into `out`. */
  score(x: SparseVec, out: Float32Array): void {
    out.fill(0);
    for (const [f, v] of x) {
      const a = this.weights.get(f);
      if (a) for (let k = 0; k < this.nClasses; k++) out[k] += a[k] * v;
    }
  }
}
