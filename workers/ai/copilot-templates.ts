/**
 * Builtin wording helpers for the copilot: tone greetings/closers and a rule-based
 * polish (capitalisation, shouting, blunt phrases → courteous ones).
 */
import type { Tone } from "./messages";

export function toneGreeting(tone: Tone): string {
  return tone === "premium" ? "Thank you for reaching out. " : tone === "friendly" ? "Hi there! " : "Hello, ";
}

export function toneCloser(tone: Tone): string {
  return tone === "premium" ? "It is our pleasure to assist you." : tone === "friendly" ? "Let me know if there's anything else I can do!" : "Kind regards.";
}

/** Blunt phrasing and its courteous counterpart (English). */
const SOFTEN: [RegExp, string][] = [
  [/\byou must\b/gi, "could you please"],
  [/\byou have to\b/gi, "could you please"],
  [/\byou need to\b/gi, "could you please"],
  [/\bwe can'?t\b/gi, "unfortunately we are not able to"],
  [/\bwe won'?t\b/gi, "unfortunately we will not"],
  [/\bthat'?s wrong\b/gi, "I think there may be a misunderstanding"],
  [/\bno\.\s*/gi, "Unfortunately not. "],
  [/(?<!please )\bsend me\b/gi, "could you please send me"],
  [/(?<!please )\bgive me\b/gi, "could you please give me"],
  [/\bwait\b/gi, "please allow a moment"],
  [/\basap\b/gi, "as soon as possible"],
  [/\bthx\b|\bthnx\b/gi, "thank you"],
  [/\bpls\b|\bplz\b/gi, "please"],
  [/\bu\b/gi, "you"],
];

/** Tidy a draft; with `soften`, also replace blunt phrases. */
export function polishDraft(draft: string, soften = false): string {
  let t = draft.trim().replace(/\s+/g, " ");
  // Shouting: words in capitals (4+ letters) become lower case.
  t = t.replace(/\b\p{Lu}{4,}\b/gu, (w) => w.toLowerCase());
  t = t.replace(/([!?])\1+/g, "$1").replace(/!/g, ".");
  if (soften) for (const [re, rep] of SOFTEN) t = t.replace(re, rep);
  t = t.replace(/(^|[.?]\s+)(\p{Ll})/gu, (_, p: string, c: string) => p + c.toUpperCase());
  if (t && !/[.?。？]$/.test(t)) t += ".";
  return t;
}
