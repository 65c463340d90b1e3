/**
 * Cross-lingual retrieval by query translation: the query is searched as written
 * (names, numbers, cognates) and as its English gloss, and each entry keeps the
 * better of the two confidences, the gloss's discounted by how much of the query
 * the lexicon knew. The knowledge index is unchanged, so adding a language costs
 * one lexicon file and no re-indexing.
 */
import type { KnowledgeIndex, SearchHit } from "../engine";
import type { Gloss } from "./gloss";

export interface FuseParams {
  /** Confidence multiplier of a gloss hit when the lexicon knew every word. */
  glossTrust: number;
  /** Below this share of known words the gloss is not trusted at all. */
  minKnown: number;
}

/** A gloss is never as sure as the shopper's own words. */
const MAX_GLOSS_CONFIDENCE = 0.95;

export const DEFAULT_FUSE: FuseParams = { glossTrust: 2, minKnown: 0 };

export function searchWithGloss(index: KnowledgeIndex, query: string, gloss: Gloss | null, k = 5, p: FuseParams = DEFAULT_FUSE): SearchHit[] {
  const direct = index.search(query, Math.max(k, 10));
  if (!gloss || !gloss.text.trim() || gloss.known < p.minKnown) return direct.slice(0, k);
  const trust = p.glossTrust * (p.minKnown > 0 ? Math.min(1, gloss.known / p.minKnown) : 1);
  // Entries are ordered by the better of the two raw confidences; the reported one rescales
  // the gloss's, since the engine's confidence is calibrated on queries written in the
  // entries' language and a gloss scores lower for the same evidence (fitted on dev data).
  const best = new Map<string, { hit: SearchHit; rank: number }>();
  for (const h of direct) best.set(h.id, { hit: h, rank: h.confidence });
  for (const h of index.search(gloss.text, Math.max(k, 10))) {
    const cur = best.get(h.id);
    const conf = Math.max(cur?.hit.confidence ?? 0, Math.min(MAX_GLOSS_CONFIDENCE, h.confidence * trust));
    best.set(h.id, { hit: { id: h.id, score: Math.max(h.score, cur?.hit.score ?? 0), confidence: conf }, rank: Math.max(h.confidence, cur?.rank ?? 0) });
  }
  return [...best.values()].sort((a, b) => b.rank - a.rank).slice(0, k).map((b) => b.hit);
}
