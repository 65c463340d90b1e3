/**
 * Fixed-bucket duration histograms. Rollups store a count per bucket, so a percentile over any
 * date range is a sum of counts and a scan, and never needs the raw durations.
 */

/** Upper bounds in ms; the last bucket is open (≥ 7 days). */
export const DURATION_BOUNDS_MS = [
  5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 14_400_000, 28_800_000, 86_400_000, 172_800_000, 604_800_000,
] as const;
export const BUCKET_COUNT = DURATION_BOUNDS_MS.length + 1;

export function bucketOf(ms: number): number {
  const i = DURATION_BOUNDS_MS.findIndex((bound) => ms < bound);
  return i === -1 ? DURATION_BOUNDS_MS.length : i;
}

/**
 * The q-quantile (0..1) in seconds, interpolated linearly inside its bucket. An estimate in the
 * open last bucket is its lower bound. `null` when there are no samples.
 */
export function percentile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const target = q * total;
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && before + n >= target) {
      const lower = i === 0 ? 0 : DURATION_BOUNDS_MS[i - 1];
      if (i >= DURATION_BOUNDS_MS.length) return lower / 1000;
      const upper = DURATION_BOUNDS_MS[i];
      const fraction = Math.min(1, Math.max(0, (target - before) / n));
      return Math.round((lower + fraction * (upper - lower)) / 100) / 10;
    }
    before += n;
  }
  return DURATION_BOUNDS_MS[DURATION_BOUNDS_MS.length - 1] / 1000;
}
