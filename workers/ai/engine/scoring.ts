/**
 * Tunable knobs of the builtin index and its confidence calibration. Defaults were
 * chosen offline with `npm run eval` on CLINC150 train/val + oos_val and the
 * StackFAQ knowledge base; the calibration weights come from `eval calibrate`
 * (logistic regression on CLINC150 val + oos_val, never on test).
 */
export interface ScoringParams {
  /** Share of the word channel in the fused phrasing similarity (rest: char n-grams). */
  wordWeight: number;
  /** Weight of the best answer passage next to the best phrasing. */
  answerWeight: number;
  /** Number of nearest phrasings that vote, weight of the vote share, sharpening power. */
  knn: number;
  voteWeight: number;
  votePower: number;
  voteFloor: number;
  /** Weight of word bigrams in the word channel. */
  bigramWeight: number;
  /** Weight of thesaurus concept features (0 turns the thesaurus off). */
  synonymWeight: number;
  /** Character n-gram lengths. */
  charMin: number;
  charMax: number;
  /** Weight of function words relative to content words. */
  stopWeight: number;
  /** Target passage length when splitting answers. */
  passageChars: number;
  /** Entry language models: weights in the fused score and Dirichlet priors. */
  lmWordWeight: number;
  lmCharWeight: number;
  muWords: number;
  muChars: number;
  /** Averaged-perceptron channel: weight in the fused score (0 = not trained) and epochs. */
  linearWeight: number;
  linearEpochs: number;
  /** How much answer text counts in the entry language models, relative to a phrasing. */
  answerLmWeight: number;
  /** Logistic calibration weights over `confidenceFeatures` (first is the bias). */
  calib: number[];
}

export const DEFAULT_PARAMS: ScoringParams = {
  wordWeight: 0.5,
  answerWeight: 1,
  knn: 10,
  voteWeight: 0.3,
  votePower: 2,
  voteFloor: 0.15,
  bigramWeight: 0.5,
  synonymWeight: 1,
  charMin: 3,
  charMax: 5,
  stopWeight: 0.35,
  passageChars: 400,
  lmWordWeight: 0.5,
  lmCharWeight: 0.5,
  muWords: 2000,
  muChars: 1500,
  answerLmWeight: 0.3,
  linearWeight: 2,
  linearEpochs: 6,
  calib: [-3.843, 2.971, 1.195, 1.236, -0.228, 0, -0.263, 2.062, 3.173],
};

/** What the calibration sees about one query's ranking. */
export interface RankingEvidence {
  /** Fused scores of the top two entries. */
  top: number;
  second: number;
  /** Best phrasing cosine (0..1) and vote share (0..1) of the top entry. */
  topPhrase: number;
  topVote: number;
  /** Best answer-passage cosine of the top entry. */
  topAnswer: number;
  /** Entry language-model evidence of the top entry (mean log-likelihood ratio per query feature). */
  topLmWord: number;
  topLmChar: number;
  /** Perceptron score of the top entry minus the best other entry (0 without the model). */
  linearMargin: number;
}

/**
 * Scale-light features: cosines and vote shares are in 0..1 whatever the knowledge
 * base, and the margin is taken relative to the top score, so one calibration
 * serves FAQ-style entries (one phrasing) and intent-style entries (hundreds).
 */
export function confidenceFeatures(ev: RankingEvidence): number[] {
  const rel = ev.top > 0 ? (ev.top - ev.second) / ev.top : 0;
  return [
    1,
    ev.topPhrase,
    rel,
    ev.topVote,
    ev.top - ev.second,
    ev.topAnswer,
    ev.topLmWord,
    ev.topLmChar,
    ev.linearMargin,
  ];
}

/** Probability-like confidence that the top entry is the right one. */
export function confidenceOf(p: ScoringParams, ev: RankingEvidence): number {
  const f = confidenceFeatures(ev);
  let z = 0;
  for (let i = 0; i < f.length; i++) z += (p.calib[i] ?? 0) * f[i];
  return 1 / (1 + Math.exp(-z));
}
