/** Small ranking helpers of the knowledge index. */
import type { ScoringParams } from "./scoring";

/**
 * The perceptron needs several examples per entry to learn anything that plain
 * similarity does not already know: its weight ramps from 0 (one phrasing per
 * entry, FAQ style) to full at ten phrasings per entry (intent style).
 */
export function linearScale(p: ScoringParams, phrasings: number, entries: number): number {
  if (p.linearWeight <= 0 || entries < 2) return 0;
  const perEntry = phrasings / entries;
  return p.linearWeight * Math.min(1, Math.max(0, (perEntry - 1) / 9));
}

export function maxExcept(a: Float32Array, skip: number): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (i !== skip && a[i] > m) m = a[i];
  return m === -Infinity ? 0 : m;
}

/** Indices of the k most similar documents with a positive similarity, unordered. */
export function topDocs(sim: Float32Array, k: number): number[] {
  const out: number[] = [];
  if (k <= 0) return out;
  let minIdx = -1;
  for (let d = 0; d < sim.length; d++) {
    if (sim[d] <= 0) continue;
    if (out.length < k) {
      out.push(d);
      if (out.length === k) minIdx = argmin(out, sim);
    } else if (sim[d] > sim[out[minIdx]]) {
      out[minIdx] = d;
      minIdx = argmin(out, sim);
    }
  }
  return out;
}

function argmin(idx: number[], sim: Float32Array): number {
  let m = 0;
  for (let i = 1; i < idx.length; i++) if (sim[idx[i]] < sim[idx[m]]) m = i;
  return m;
}
