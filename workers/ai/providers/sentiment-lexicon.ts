/**
 * Builtin multilingual sentiment: a lexicon of negative, angry and positive words
 * for the languages merchants use most, plus shouting (CAPS, "!!!"). Coarse by
 * design — it only has to notice an upset customer, not grade reviews.
 */
import { normalize } from "../engine/text";
import { matchedPatterns } from "../phrase-match";
import type { SentimentResult } from "./types";

const NEGATIVE = [
  "bad", "poor", "slow", "late", "broken", "damaged", "wrong", "problem", "issue", "disappoint*", "unhappy", "annoy*", "frustrat*", "upset", "not happy", "not working", "doesnt work", "still waiting", "no answer", "never arrived", "useless", "waste",
  "schlecht", "kaputt", "falsch", "enttausch*", "argerlich", "verargert", "funktioniert nicht", "immer noch",
  "mauvais", "casse", "decu", "decevant", "enerve", "probleme", "ne marche pas", "toujours pas",
  "malo", "roto", "decepcion*", "molesto", "no funciona", "todavia no",
  "cattivo", "rotto", "deluso", "non funziona",
  "slecht", "kapot", "teleurgesteld", "werkt niet",
  "ruim", "quebrado", "decepcionado", "nao funciona",
  "dårlig", "odelagt", "skuffet", "virker ikke", "fungerer ikke",
  "悪い", "壊れ", "残念", "坏了", "失望", "糟糕",
];
const ANGRY = [
  "unacceptable", "ridiculous", "outrageous", "furious", "angry", "scam", "worst", "terrible", "horrible", "awful", "disgusting", "pathetic", "incompetent", "fed up", "sick of", "joke", "wtf", "damn", "hell", "fuck*", "shit*", "crap",
  "unverschamt", "inakzeptabel", "frechheit", "wutend", "katastrophe", "scheiss*", "mist", "betrug",
  "inacceptable", "scandaleux", "furieux", "honteux", "merde", "arnaque",
  "inaceptable", "indignante", "furioso", "vergonzoso", "estafa", "mierda",
  "inaccettabile", "vergognoso", "schifo", "truffa",
  "onacceptabel", "belachelijk", "woedend", "schandalig", "oplichting",
  "inaceitavel", "absurdo", "vergonhoso",
  "uakseptabelt", "latterlig", "sint", "svindel",
  "ふざけ", "最悪", "ひどい", "太差", "垃圾", "骗子",
];
const POSITIVE = [
  "thank*", "great", "perfect", "awesome", "love", "happy", "excellent", "helpful", "danke", "super", "toll", "merci", "parfait", "genial", "gracias", "perfecto", "grazie", "perfetto", "bedankt", "obrigad*", "takk", "ありがとう", "谢谢",
];

/** Lexicon sentiment of a message. */
export function lexiconSentiment(text: string): SentimentResult {
  const norm = normalize(text);
  const neg = matchedPatterns(norm, NEGATIVE).length;
  const angryHits = matchedPatterns(norm, ANGRY).length;
  const pos = matchedPatterns(norm, POSITIVE).length;
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = text.match(/\p{Lu}/gu) ?? [];
  const shouting = letters.length >= 12 && upper.length / letters.length > 0.7;
  const bangs = /[!！]{2,}|[?？][!！]|[!！][?？]/.test(text);
  const raw = neg * 0.35 + angryHits * 0.6 + (shouting ? 0.35 : 0) + (bangs ? 0.2 : 0) - pos * 0.3;
  const negativity = Math.max(0, Math.min(1, raw));
  const angry = angryHits > 0 || (shouting && neg > 0);
  const label = negativity >= 0.3 ? "negative" : pos > 0 && raw < 0 ? "positive" : "neutral";
  return { label, negativity: Number(negativity.toFixed(3)), angry, source: "lexicon" };
}
