/** Seeded traffic plans: Zipf-distributed tenants, Poisson arrivals. Pure, so a run can be repeated. */

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shares of n ranks under Zipf's law with exponent s: rank k (0-based) gets (k+1)^-s / H(n, s). */
export function zipfShares(n: number, s = 1): number[] {
  const w = Array.from({ length: n }, (_, k) => (k + 1) ** -s);
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
}

/** Draws a rank from `shares` (binary search over the cumulative sums). */
export function sampler(shares: number[], rnd: () => number): () => number {
  const cum: number[] = [];
  let acc = 0;
  for (const s of shares) cum.push((acc += s));
  return () => {
    const x = rnd() * acc;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Arrival times (ms from 0) of a Poisson process at `perS` a second over [from, to). */
export function poisson(perS: number, from: number, to: number, rnd: () => number): number[] {
  const out: number[] = [];
  if (perS <= 0) return out;
  for (let t = from - (Math.log(1 - rnd()) * 1000) / perS; t < to; ) {
    out.push(t);
    t -= (Math.log(1 - rnd()) * 1000) / perS;
  }
  return out;
}
