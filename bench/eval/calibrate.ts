/**
 * `eval calibrate`: fits the logistic confidence calibration of the builtin index.
 * Indexes are built from a training CSV at several sizes (full and K-shot) so the
 * fit covers both intent-style entries (many phrasings) and FAQ-style ones (few);
 * labels are "top-1 entry is right" on the validation queries, out-of-scope queries
 * always negative and up-weighted so that answering them is costly.
 *   npm run eval -- calibrate --train train.csv --val val.csv --oos oos_train.csv,oos_val.csv
 * Prints weights to paste into DEFAULT_PARAMS.calib. Never run it on test files.
 */
import { KnowledgeIndex, confidenceFeatures } from "../../workers/ai/engine";
import { labelEntries, loadRows } from "./intents";
import { fmt, required } from "./args";

interface Sample {
  x: number[];
  y: number;
  w: number;
}

function samples(
  train: ReturnType<typeof loadRows>,
  queries: ReturnType<typeof loadRows>,
  oosWeight: number,
  shots?: number,
): Sample[] {
  const entries = labelEntries(train, shots);
  const index = KnowledgeIndex.build(entries);
  const out: Sample[] = [];
  for (const q of queries) {
    const sig = index.signals(q.text);
    if (!sig) continue;
    const ranked = index.rank(sig);
    const x = confidenceFeatures(index.evidence(sig, ranked));
    const isOos = !entries.some((e) => e.id === q.label);
    out.push({
      x,
      y: !isOos && entries[ranked[0].e].id === q.label ? 1 : 0,
      w: isOos ? oosWeight : 1,
    });
  }
  return out;
}

/** Weighted logistic regression by Newton's method (IRLS) with a small ridge penalty. */
export function fitLogistic(data: Sample[], iters = 30, ridge = 1e-3): number[] {
  const d = data[0].x.length;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < iters; it++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j ? ridge : 0)),
    );
    for (const s of data) {
      const p = 1 / (1 + Math.exp(-s.x.reduce((a, v, i) => a + v * w[i], 0)));
      const r = p * (1 - p) * s.w;
      for (let i = 0; i < d; i++) {
        g[i] += (p - s.y) * s.w * s.x[i];
        for (let j = 0; j < d; j++) H[i][j] += r * s.x[i] * s.x[j];
      }
    }
    for (let i = 1; i < d; i++) g[i] += ridge * w[i];
    const step = solve(H, g);
    w = w.map((v, i) => v - step[i]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting (tiny dense systems only). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

export function runCalibrate(opts: Map<string, string>): string {
  const train = loadRows(required(opts, "train"));
  const val = loadRows(required(opts, "val"));
  // Out-of-scope training queries (if given) are fair game: they are not test data.
  const oos = required(opts, "oos")
    .split(",")
    .flatMap((f) => loadRows(f));
  const oosWeight = Number(opts.get("oos-weight") ?? 10);
  const queries = [...val, ...oos];
  const data = [undefined, 20, 10, 3].flatMap((shots) => samples(train, queries, oosWeight, shots));
  const w = fitLogistic(data);
  const ll = data.reduce((a, s) => {
    const p = 1 / (1 + Math.exp(-s.x.reduce((t, v, i) => t + v * w[i], 0)));
    return a - s.w * Math.log(s.y ? p : 1 - p);
  }, 0);
  console.log(`  weighted log-loss per sample=${fmt(ll / data.length)}`);
  return `calibrate: n=${data.length} calib=[${w.map((v) => v.toFixed(3)).join(", ")}]`;
}
