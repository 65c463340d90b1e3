"""Fits the gloss-match calibration of workers/ai/xling/search.ts (logistic regression, numpy only)
on the development dumps of bench/eval/xling-features.ts, each data set weighted equally, and
prints per language the coverage/precision at the product threshold 0.6.
   OLD_WEIGHTS=<GLOSS_CALIB of search.ts, comma-separated> python3 bench/eval/xling-fit.py /tmp/xsid.jsonl /tmp/xquad.jsonl"""
import json, sys
import numpy as np

rows = [json.loads(l) for f in sys.argv[1:] if not f[0].isdigit() for l in open(f)]

def feats(r):
    f = r["f"]
    # engine features (bias, phrase cosine, relative margin, vote, margin, answer, lm word, lm char, linear),
    # plus the gloss's known share and agreement with the direct search.
    return f + [r["known"], r["agree"], r["agree"] * r["directConf"], r["known"] * f[2], r["known"] * f[3], f[2] * f[3]]

X = np.array([feats(r) for r in rows]); y = np.array([r["ok"] for r in rows], float)
sets = sorted({r["set"] for r in rows})
w_s = np.array([1.0 / sum(1 for q in rows if q["set"] == r["set"]) for r in rows]); w_s /= w_s.mean()
w = np.zeros(X.shape[1]); lam = 1e-3
for it in range(20000):
    p = 1 / (1 + np.exp(-X @ w))
    g = X.T @ ((p - y) * w_s) / len(y) + lam * w
    w -= 0.5 * g
p = 1 / (1 + np.exp(-X @ w))
print("weights", [round(v, 3) for v in w])
for thr in [float(a) for a in (sys.argv[-1].split(",") if sys.argv[-1][0].isdigit() else ["0.6"])]:
    for s in sets:
        for lang in sorted({r["lang"] for r in rows if r["set"] == s}):
            m = np.array([r["set"] == s and r["lang"] == lang for r in rows])
            ans = m & (p >= thr)
            print(f"{s} {lang} n={m.sum()} acc={y[m].mean():.3f} coverage={ans.sum()/m.sum():.3f} precision={(y[ans].mean() if ans.any() else 0):.3f} old_cov={(np.array([min(.95, r['conf']*2) for r in rows])[m] >= thr).mean():.3f}")

# The product answers at confidence 0.6; the gloss calibration maps probability t* to 0.6, with t*
# the lowest cut whose pooled precision (each data set weighted equally) is at least 0.9.
for t in np.arange(0.6, 0.96, 0.025):
    ans = p >= t
    prec = np.mean([y[ans & np.array([r["set"] == s for r in rows])].mean() for s in sets if (ans & np.array([r["set"] == s for r in rows])).any()])
    print(f"t*={t:.3f} pooled coverage={ans.mean():.3f} precision={prec:.3f} min-lang-precision={min((y[ans & np.array([r['lang']==l and r['set']==s for r in rows])].mean() if (ans & np.array([r['lang']==l and r['set']==s for r in rows])).any() else 1) for s in sets for l in {r['lang'] for r in rows if r['set']==s}):.3f}")

# Chosen cut: the lowest whose precision is ≥ 0.9 in each data set (pooled over its languages).
for t in np.arange(0.6, 0.99, 0.01):
    ans = p >= t
    per = {s: y[ans & np.array([r["set"] == s for r in rows])].mean() for s in sets}
    if min(per.values()) >= 0.9:
        cov = {s: (ans & np.array([r["set"] == s for r in rows])).sum() / sum(r["set"] == s for r in rows) for s in sets}
        print(f"answerAt={t:.2f} precision={ {s: round(v, 3) for s, v in per.items()} } coverage={ {s: round(v, 3) for s, v in cov.items()} }")
        break

# Per language: the largest share of queries answered by any single cut with precision >= 0.9
# (the "coverage at precision >= 0.9"), under the weights in search.ts (OLD_WEIGHTS,
# passed as a comma list in the environment) and under the new fit.
import os
def best_cov(prob, m):
    order = np.argsort(-prob[m]); ok = y[m][order]
    prec = np.cumsum(ok) / np.arange(1, len(ok) + 1)
    good = np.where(prec >= 0.9)[0]
    return (good.max() + 1) / m.sum() if len(good) else 0.0
old = [float(v) for v in os.environ.get("OLD_WEIGHTS", "").split(",") if v]
p_old = 1 / (1 + np.exp(-X @ np.array(old))) if len(old) == X.shape[1] else None
for s in sets:
    for lang in sorted({r["lang"] for r in rows if r["set"] == s}):
        m = np.array([r["set"] == s and r["lang"] == lang for r in rows])
        before = f"{best_cov(p_old, m):.3f}" if p_old is not None else "-"
        print(f"cov@prec0.9 {s} {lang} before={before} after={best_cov(p, m):.3f}")

# The same cut rule under the weights in search.ts: refits the cut alone when the new weights
# answer no more at the same precision.
if p_old is not None:
    for t in np.arange(0.6, 0.99, 0.01):
        ans = p_old >= t
        per = {s: y[ans & np.array([r["set"] == s for r in rows])].mean() for s in sets}
        if min(per.values()) >= 0.9:
            cov = {s: (ans & np.array([r["set"] == s for r in rows])).sum() / sum(r["set"] == s for r in rows) for s in sets}
            print(f"current weights: answerAt={t:.2f} precision={ {s: round(v, 3) for s, v in per.items()} } coverage={ {s: round(v, 3) for s, v in cov.items()} }")
            break
