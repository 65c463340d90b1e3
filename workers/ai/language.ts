/**
 * Shopper-language detection. Two n-gram detectors vote (tinyld everywhere, eld on
 * Latin-script text, where it is the stronger of the two and the candidates are
 * most numerous; see lang/ensemble.ts and `eval lang --detector`); a light layer
 * around them makes short support messages work: the dominant script settles
 * single-script languages and restricts the rest, capitalised names ("play Hotel
 * California") are discounted, a tenant may restrict the candidates, function words
 * add a prior, and a small lexicon of distinctive words separates close neighbours
 * (Danish/Norwegian, Indonesian/Malay…).
 */
import { canon, eldKnows, eldScores, tinyldScores } from "./lang/ensemble";
import { SCRIPT_LANGUAGES, dominantScript, scriptProfile } from "./lang/scripts";
import { clusterOf, lexiconHits } from "./lang/lexicon";
import { functionWordShares } from "./lang/function-words";

export { loadLanguageProfiles, assetsProfileSource, type ProfileSource } from "./lang/profiles";

export interface DetectedLanguage {
  /** ISO 639-1 code, or "und" when the text has no letters to judge. */
  language: string;
  /** 0..1; short or mixed texts score lower. */
  confidence: number;
  /**
   * The second language of a mixed message ("Hola, my order… ¿cuánto tarda?"): the runner-up when it
   * has at least half the winner's evidence.
   */
  runnerUp?: string;
}

/** A runner-up with this share of the winner's score is a second language of the message. */
const RUNNER_UP_SHARE = 0.5;

export interface DetectOptions {
  /** Restrict the answer to these ISO 639-1 codes (e.g. the tenant's languages). */
  candidates?: string[];
}

/** How much a message made only of function words of a language adds to its score. */
const FUNCTION_WORD_WEIGHT = 1;

/**
 * Words that look like names: capitalised but not sentence-initial, or inside
 * brackets/quotes. Titles of songs, films and products are usually in English
 * whatever the language of the message, so they must not vote.
 */
export function maskNames(text: string): string {
  const noBrackets = text.replace(/\[[^\]]*\]|"[^"]*"|“[^”]*”|«[^»]*»/g, " ");
  const toks = noBrackets.split(/\s+/).filter(Boolean);
  const isCap = (i: number): boolean =>
    i > 0 && !/[.!?:]$/.test(toks[i - 1]) && /^[\p{Lu}\d]/u.test(toks[i]);
  const drop = new Set<number>();
  for (let i = 1; i < toks.length; i++) {
    if (!isCap(i) || /^\d+$/.test(toks[i])) continue;
    drop.add(i);
    // A title goes on through short connectors up to the next capitalised word ("Life and Death").
    let j = i + 1;
    while (j < toks.length && j - i <= 3 && toks[j].length <= 4 && !isCap(j)) j++;
    if (j < toks.length && j > i + 1 && isCap(j)) for (let k = i + 1; k < j; k++) drop.add(k);
  }
  return toks.filter((_, i) => !drop.has(i)).join(" ");
}

/**
 * Summed detector evidence per language: each detector's scores averaged over the
 * full text and the text without names. eld votes on Latin-script text only (its
 * n-grams skip the other scripts of mixed text, and script routing has already
 * narrowed non-Latin text to a few languages). For a language eld does not know,
 * its vote is missing rather than negative, so tinyld's counts twice instead.
 */
function detectorScores(
  text: string,
  masked: string,
  useEld: boolean,
  allowed: string[] | undefined,
): Map<string, number> {
  // Text without names equal to the text is the same evidence: judged once.
  const texts =
    masked !== text && masked.split(/\s+/).filter(Boolean).length >= 2 ? [text, masked] : [text];
  const out = new Map<string, number>();
  const add = (m: Map<string, number>): void => {
    for (const [l, v] of m) out.set(l, (out.get(l) ?? 0) + v / texts.length);
  };
  for (const t of texts) {
    const tiny = tinyldScores(t, allowed);
    add(tiny);
    if (!useEld) continue;
    add(eldScores(t, allowed));
    add(new Map([...tiny].filter(([l]) => !eldKnows(l))));
  }
  return out;
}

/** Detections kept per isolate: each turn votes over the shopper's recent messages, most already judged. */
const MEMO_SIZE = 1000;
const MEMO_MAX_TEXT = 2000;
const memo = new Map<string, DetectedLanguage>();

/** Detect the language of a message; never throws once `loadLanguageProfiles()` has resolved in this isolate. */
export function detectLanguage(text: string, opts: DetectOptions = {}): DetectedLanguage {
  if (text.length > MEMO_MAX_TEXT) return detect(text, opts);
  const key = `${opts.candidates?.join(",") ?? ""}\u0000${text}`;
  const hit = memo.get(key);
  if (hit) return { ...hit };
  const out = detect(text, opts);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, out);
  return { ...out };
}

function detect(text: string, opts: DetectOptions): DetectedLanguage {
  const cands = opts.candidates?.length ? [...new Set(opts.candidates.map(canon))] : undefined;
  // Judge the letters that are not names; fall back to all of them.
  const masked = maskNames(text);
  const profile = scriptProfile(/\p{L}/u.test(masked) ? masked : text);
  const script = dominantScript(profile);
  if (!script) return { language: "und", confidence: 0 };
  let allowed = SCRIPT_LANGUAGES[script];
  if (script === "Latin") allowed = undefined;
  if (allowed && cands) {
    const both = allowed.filter((l) => cands.includes(l));
    allowed = both.length ? both : allowed;
  } else if (!allowed) allowed = cands;
  if (allowed?.length === 1) return { language: allowed[0], confidence: 0.95 };

  const useEld = script === "Latin" && profile.size === 1;
  const combined = detectorScores(text, masked, useEld, allowed);
  const tokens = masked
    .toLowerCase()
    .split(/[^\p{L}\p{M}']+/u)
    .filter(Boolean);
  for (const [l, share] of functionWordShares(tokens, allowed ?? combined.keys())) {
    combined.set(l, (combined.get(l) ?? 0) + FUNCTION_WORD_WEIGHT * share);
  }
  const ranked = [...combined].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return { language: allowed?.[0] ?? "und", confidence: 0.1 };

  let [language, top] = ranked[0];
  const cluster = clusterOf(language)?.filter((l) => !allowed || allowed.includes(l));
  if (cluster && cluster.length > 1) {
    const hits = lexiconHits(tokens, masked.toLowerCase(), cluster);
    const best = [...hits].sort((a, b) => b[1] - a[1]);
    if (best.length && best[0][1] > (hits.get(language) ?? 0)) {
      language = best[0][0];
      top = Math.max(top, combined.get(language) ?? 0);
    }
  }
  // Two detectors add up to twice the evidence of one: keep confidence on one scale.
  const votes = useEld ? 2 : 1;
  const second = (ranked.find(([l]) => l !== language)?.[1] ?? 0) / votes;
  top /= votes;
  const confidence = Math.max(0, Math.min(1, 0.5 * top + 0.5 * (top - second) + 0.2));
  const runnerUp = ranked.find(([l]) => l !== language);
  return {
    language,
    confidence: Number(confidence.toFixed(3)),
    ...(runnerUp && runnerUp[1] / votes >= RUNNER_UP_SHARE * top ? { runnerUp: runnerUp[0] } : {}),
  };
}

/** How many of the shopper's latest messages decide the conversation's language, and how fast older ones fade. */
const CONVERSATION_WINDOW = 6;
const RECENCY_DECAY = 0.8;

/**
 * The conversation's language — one rule for the conversation and its contact: each of the shopper's
 * recent messages (oldest first) votes for its detected language with its confidence, newer ones
 * counting more. One short message in another language does not outvote several clear ones.
 */
export function conversationLanguage(
  shopperTexts: string[],
  opts: DetectOptions = {},
): string | null {
  const scores = new Map<string, number>();
  const recent = shopperTexts.slice(-CONVERSATION_WINDOW);
  recent.forEach((text, i) => {
    const d = detectLanguage(text, opts);
    if (d.language === "und") return;
    const weight = d.confidence * RECENCY_DECAY ** (recent.length - 1 - i);
    scores.set(d.language, (scores.get(d.language) ?? 0) + weight);
  });
  let best: string | null = null;
  for (const [lang, score] of scores)
    if (best === null || score > (scores.get(best) ?? 0)) best = lang;
  return best;
}
