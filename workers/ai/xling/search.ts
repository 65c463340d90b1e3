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

export const DEFAULT_FUSE: FuseParams = { glossTrust: 1, minKnown: 0 };

export function searchWithGloss(index: KnowledgeIndex, query: string, gloss: Gloss | null, k = 5, p: FuseParams = DEFAULT_FUSE): SearchHit[] {
  const direct = index.search(query, Math.max(k, 10));
  if (!gloss || !gloss.text.trim() || gloss.known < p.minKnown) return direct.slice(0, k);
  const trust = p.glossTrust * Math.min(1, gloss.known / Math.max(p.minKnown, 1e-9));
  const best = new Map<string, SearchHit>();
  for (const h of direct) best.set(h.id, h);
  for (const h of index.search(gloss.text, Math.max(k, 10))) {
    const conf = h.confidence * Math.min(1, trust);
    const cur = best.get(h.id);
    if (!cur || conf > cur.confidence) best.set(h.id, { id: h.id, score: h.score, confidence: conf });
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence).slice(0, k);
}
