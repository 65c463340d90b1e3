/**
 * The builtin retrieval engine: a lexical index that needs no AI call and runs in
 * workerd, Node or a browser. Two channels are fused per phrasing — stemmed word
 * TF-IDF (precise on exact vocabulary) and character 3–5-gram TF-IDF (survives
 * typos, inflection and scripts without spaces) — then pooled per entry. Phrasings
 * and answer passages are separate fields with their own statistics (see `Field`).
 */
import { passages } from "./passages";
import type { RawFeature } from "./sparse";
import { Field } from "./field";
import { charNgrams, normalize, wordTerms } from "./text";
import { EntryModel } from "./entry-model";
import { LinearModel } from "./linear-model";
import { linearScale, maxExcept, topDocs } from "./rank-utils";
import { concepts } from "./synonyms";
import { stem } from "./stem";
import { type RankingEvidence, type ScoringParams, DEFAULT_PARAMS, confidenceOf } from "./scoring";

/** A knowledge-base entry: an FAQ (question + alternative phrasings) or a document section. */
export interface KbEntry {
  id: string;
  question: string;
  phrasings: string[];
  answer: string;
  language?: string | null;
  tags?: string[];
}

/** One ranked entry. `score` is the fused similarity; `confidence` a calibrated 0..1 estimate that the top hit is right. */
export interface SearchHit {
  id: string;
  score: number;
  confidence: number;
}

/** Features of one text, computed once and shared by all channels. */
interface Features {
  words: RawFeature[];
  chars: RawFeature[];
  lmWords: string[];
  lmChars: string[];
}

function featuresOf(norm: string, p: ScoringParams): Features {
  const { bigramWeight, synonymWeight, stopWeight } = p;
  const terms = wordTerms(norm);
  const words: RawFeature[] = terms.map((t) => ({ key: t.term, weight: t.stop ? stopWeight : 1 }));
  const lmWords = terms.map((t) => t.term);
  for (let i = 1; i < terms.length; i++) {
    const key = `${terms[i - 1].term}_${terms[i].term}`;
    if (bigramWeight > 0) words.push({ key, weight: bigramWeight });
    lmWords.push(key);
  }
  if (synonymWeight > 0) {
    for (const c of concepts(
      terms.map((t) => t.term),
      stem,
    )) {
      words.push({ key: `~${c}`, weight: synonymWeight });
      lmWords.push(`~${c}`);
    }
  }
  const grams = charNgrams(norm, p.charMin, p.charMax);
  return { words, chars: grams.map((key) => ({ key, weight: 1 })), lmWords, lmChars: grams };
}

/** Per-entry evidence arrays; see `KnowledgeIndex.signals`. */
export interface EntrySignals {
  /** Best fused (word + char) cosine over the entry's phrasings, and each channel alone. */
  phrase: Float32Array;
  phraseWord: Float32Array;
  phraseChar: Float32Array;
  /** Best fused cosine over the entry's answer passages. */
  answer: Float32Array;
  /** Share of the k nearest phrasings that belong to the entry. */
  vote: Float32Array;
  /** Entry language-model log-likelihood ratio per query feature: word terms, char n-grams. */
  lmWord: Float32Array;
  lmChar: Float32Array;
  /** Perceptron score (word channel), 0 when the linear model is off. */
  linear: Float32Array;
}

export class KnowledgeIndex {
  private readonly byId: Map<string, KbEntry>;

  private constructor(
    /** The indexed entries, as given to `build`. */
    readonly entries: readonly KbEntry[],
    private readonly entryIds: string[],
    private readonly phrasings: Field,
    private readonly answers: Field,
    private readonly lmWords: EntryModel,
    private readonly lmChars: EntryModel,
    private readonly linear: LinearModel | null,
    private readonly linearWeight: number,
    private readonly params: ScoringParams,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
  }

  /** The entry with this id, if indexed. */
  get(id: string): KbEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Index every phrasing (question + alternatives) and the answer's passages.
   * Cost is linear in the text size; 15k short phrasings build in about a second.
   */
  static build(entries: KbEntry[], params: Partial<ScoringParams> = {}): KnowledgeIndex {
    const p = { ...DEFAULT_PARAMS, ...params };
    const phrase: { entry: number; f: Features }[] = [];
    const answer: { entry: number; f: Features }[] = [];
    entries.forEach((e, i) => {
      const seen = new Set<string>();
      for (const text of [e.question, ...e.phrasings]) {
        const n = normalize(text).trim();
        if (!n || seen.has(n)) continue;
        seen.add(n);
        phrase.push({ entry: i, f: featuresOf(n, p) });
      }
      for (const text of passages(e.answer, p.passageChars))
        answer.push({ entry: i, f: featuresOf(normalize(text), p) });
    });
    const all = [...phrase, ...answer];
    const lmDocWeights = all.map((_, d) => (d < phrase.length ? 1 : p.answerLmWeight));
    const allEntries = all.map((d) => d.entry);
    const phrasings = Field.build(
      phrase.map((d) => d.f),
      phrase.map((d) => d.entry),
    );
    const scale = linearScale(p, phrase.length, entries.length);
    return new KnowledgeIndex(
      entries,
      entries.map((e) => e.id),
      phrasings,
      // Answer passages are weighed with collection-wide statistics (phrasings
      // included), as BM25F does; phrasing documents map to no entry here.
      answer.length
        ? Field.build(
            all.map((d) => d.f),
            all.map((d, i) => (i < phrase.length ? -1 : d.entry)),
          )
        : Field.build([], []),
      new EntryModel(
        all.map((d) => d.f.lmWords),
        lmDocWeights,
        allEntries,
        entries.length,
        p.muWords,
      ),
      new EntryModel(
        all.map((d) => d.f.lmChars),
        lmDocWeights,
        allEntries,
        entries.length,
        p.muChars,
      ),
      scale > 0
        ? LinearModel.train(
            phrasings.words.docVectors(),
            phrasings.docEntry,
            entries.length,
            p.linearEpochs,
          )
        : null,
      scale,
      p,
    );
  }

  /** Number of entries. */
  get size(): number {
    return this.entryIds.length;
  }

  /**
   * Per-entry evidence for a query, one array per signal (indexed like the entries
   * given to `build`). Exposed for explanation and offline tuning; `search` fuses it.
   */
  signals(query: string): EntrySignals | null {
    const norm = normalize(query);
    const p = this.params;
    if (this.phrasings.size + this.answers.size === 0 || !norm.trim()) return null;
    const qf = featuresOf(norm, p);
    const nE = this.entryIds.length;
    const out: EntrySignals = {
      phrase: new Float32Array(nE),
      phraseWord: new Float32Array(nE),
      phraseChar: new Float32Array(nE),
      answer: new Float32Array(nE),
      vote: new Float32Array(nE),
      lmWord: new Float32Array(nE),
      lmChar: new Float32Array(nE),
      linear: new Float32Array(nE),
    };
    this.linear?.score(this.phrasings.words.vector(qf.words), out.linear);
    this.lmWords.score(qf.lmWords, out.lmWord);
    this.lmChars.score(qf.lmChars, out.lmChar);
    const fuse = (s: { words: Float32Array; chars: Float32Array }): Float32Array =>
      s.words.map((w, d) => p.wordWeight * w + (1 - p.wordWeight) * s.chars[d]);
    const ph = this.phrasings.similarities(qf);
    const sim = fuse(ph);
    // Nearest phrasings vote for their entry: robust when an entry has many phrasings
    // and a single lucky neighbour of another entry sits on top.
    // The floor stands for "neighbours too weak to count": a lone faint match must
    // not win the whole vote.
    const phraseEntry = this.phrasings.docEntry;
    let voteTotal = p.knn * Math.pow(p.voteFloor, p.votePower);
    for (const d of topDocs(sim, p.knn)) {
      const w = Math.pow(sim[d], p.votePower);
      out.vote[phraseEntry[d]] += w;
      voteTotal += w;
    }
    if (voteTotal > 0) for (let e = 0; e < nE; e++) out.vote[e] /= voteTotal;
    for (let d = 0; d < sim.length; d++) {
      const e = phraseEntry[d];
      if (sim[d] > out.phrase[e]) out.phrase[e] = sim[d];
      if (ph.words[d] > out.phraseWord[e]) out.phraseWord[e] = ph.words[d];
      if (ph.chars[d] > out.phraseChar[e]) out.phraseChar[e] = ph.chars[d];
    }
    const ans = fuse(this.answers.similarities(qf));
    for (let d = 0; d < ans.length; d++) {
      const e = this.answers.docEntry[d];
      if (e >= 0 && ans[d] > out.answer[e]) out.answer[e] = ans[d];
    }
    return out;
  }

  /**
   * Rank entries for a query, best first. Every hit carries the confidence of the
   * top-ranked answer for this query scaled by how close the hit is to the top —
   * enough for thresholds and UI ordering.
   */
  search(query: string, k = 5): SearchHit[] {
    const sig = this.signals(query);
    if (!sig) return [];
    const p = this.params;
    const scored = this.rank(sig);
    if (scored.length === 0) return [];
    const s1 = scored[0].score;
    const conf = confidenceOf(p, this.evidence(sig, scored));
    return scored.slice(0, k).map(({ e, score }) => ({
      id: this.entryIds[e],
      score,
      confidence: conf * (s1 > 0 ? Math.max(0, score / s1) : 0),
    }));
  }

  /** Calibration inputs for a ranking (sorted best first, non-empty). */
  evidence(sig: EntrySignals, ranked: { e: number; score: number }[]): RankingEvidence {
    const t = ranked[0].e;
    return {
      top: ranked[0].score,
      second: ranked[1]?.score ?? 0,
      topPhrase: sig.phrase[t],
      topVote: sig.vote[t],
      topAnswer: sig.answer[t],
      topLmWord: sig.lmWord[t],
      topLmChar: sig.lmChar[t],
      linearMargin: this.linear ? sig.linear[t] - maxExcept(sig.linear, t) : 0,
    };
  }

  /** Fused score of every entry, best first (for search and offline calibration). */
  rank(sig: EntrySignals): { e: number; score: number }[] {
    const p = this.params;
    const scored: { e: number; score: number }[] = [];
    for (let e = 0; e < this.entryIds.length; e++) {
      const score =
        sig.phrase[e] +
        p.answerWeight * sig.answer[e] +
        p.voteWeight * sig.vote[e] +
        p.lmWordWeight * sig.lmWord[e] +
        p.lmCharWeight * sig.lmChar[e] +
        this.linearWeight * sig.linear[e];
      scored.push({ e, score });
    }
    return scored.sort((a, b) => b.score - a.score);
  }
}
