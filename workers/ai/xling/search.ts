/**
 * Cross-lingual retrieval by query translation: the query is searched as written
 * (names, numbers, cognates) and as its English gloss, and each entry keeps the
 * better of the two confidences. The knowledge index is unchanged, so adding a
 * language costs one lexicon file and no re-indexing.
 */
import type { KnowledgeIndex, SearchHit } from "../engine";
import { confidenceFeatures } from "../engine/scoring";
import type { Gloss } from "./gloss";

export interface FuseParams {
  /**
   * Calibrated probability of a gloss match that is reported as the product's answer
   * threshold (0.6): the cut at which the development languages' pooled precision is ≥ 0.9.
   */
  answerAt: number;
}

/** A gloss is never as sure as the shopper's own words. */
const MAX_GLOSS_CONFIDENCE = 0.95;
const PRODUCT_THRESHOLD = 0.6;

/**
 * Logistic weights over the engine's calibration features of the gloss search (bias, phrase
 * cosine, relative margin, vote, margin, answer, LM word, LM char, linear margin), then the
 * share of words the lexicon knew, whether the search as written has the same top entry, and
 * that agreement times its confidence, and three interactions (known × relative margin, known × vote,
relative margin × vote). Fitted on xSID and XQuAD development data by bench/eval/xling-fit.py:
 * a gloss scores lower than the shopper's own words would for the same evidence, so the
 * engine's monolingual calibration under-states it.
 */
const GLOSS_CALIB = [
  -1.814, -1.023, 0.642, 1.685, 1.452, 2.945, 1.222, 2.193, -0.974, 0.264, 1.11, 0.281, 1.601,
  1.118, 1.243,
];

/**
 * The lowest cut with precision ≥ 0.9 on both xSID and XQuAD development data (xling-fit.py),
 * refitted for the phrase gloss and the Wiktionary lexicons; the weights refitted with them
 * answered less at the same precision, so they are kept.
 */
export const DEFAULT_FUSE: FuseParams = { answerAt: 0.74 };

/** Probability that the gloss's top entry is right, from its ranking evidence. */
export function glossProbability(
  index: KnowledgeIndex,
  gloss: Gloss,
  direct: SearchHit | undefined,
  glossTop: string,
): number {
  const sig = index.signals(gloss.text);
  if (!sig) return 0;
  const ranked = index.rank(sig);
  if (!ranked.length) return 0;
  const agree = direct?.id === glossTop ? 1 : 0;
  const e = confidenceFeatures(index.evidence(sig, ranked));
  const f = [
    ...e,
    gloss.known,
    agree,
    agree * (direct?.confidence ?? 0),
    gloss.known * e[2],
    gloss.known * e[3],
    e[2] * e[3],
  ];
  let z = 0;
  for (let i = 0; i < f.length; i++) z += (GLOSS_CALIB[i] ?? 0) * f[i];
  return 1 / (1 + Math.exp(-z));
}

/** Maps a probability onto the product's confidence scale, `answerAt` landing on the threshold. */
export function productConfidence(p: number, answerAt: number): number {
  const c =
    p >= answerAt
      ? PRODUCT_THRESHOLD + ((p - answerAt) / (1 - answerAt)) * (1 - PRODUCT_THRESHOLD)
      : (PRODUCT_THRESHOLD * p) / answerAt;
  return Math.min(MAX_GLOSS_CONFIDENCE, c);
}

export function searchWithGloss(
  index: KnowledgeIndex,
  query: string,
  gloss: Gloss | null,
  k = 5,
  p: FuseParams = DEFAULT_FUSE,
): SearchHit[] {
  const direct = index.search(query, Math.max(k, 10));
  if (!gloss || !gloss.text.trim()) return direct.slice(0, k);
  const glossHits = index.search(gloss.text, Math.max(k, 10));
  if (!glossHits.length) return direct.slice(0, k);
  // A gloss that knew no word is the query romanised at most: it may still rank names right,
  // but it is no translation, so it keeps the engine's own (monolingual) confidence.
  const top =
    gloss.known === 0
      ? glossHits[0].confidence
      : productConfidence(glossProbability(index, gloss, direct[0], glossHits[0].id), p.answerAt);
  const s1 = glossHits[0].score;
  // Entries are ordered by the better of the two raw confidences; the reported one is the
  // gloss calibration's for the top entry, scaled by score for the others (as the engine does).
  const best = new Map<string, { hit: SearchHit; rank: number }>();
  for (const h of direct) best.set(h.id, { hit: h, rank: h.confidence });
  for (const h of glossHits) {
    const cur = best.get(h.id);
    const conf = Math.max(cur?.hit.confidence ?? 0, s1 > 0 ? top * Math.max(0, h.score / s1) : 0);
    best.set(h.id, {
      hit: { id: h.id, score: Math.max(h.score, cur?.hit.score ?? 0), confidence: conf },
      rank: Math.max(h.confidence, cur?.rank ?? 0),
    });
  }
  return [...best.values()]
    .sort((a, b) => b.rank - a.rank)
    .slice(0, k)
    .map((b) => b.hit);
}
