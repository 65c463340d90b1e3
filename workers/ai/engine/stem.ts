/**
 * Porter (1980) stemmer for ASCII Latin tokens. Non-ASCII tokens only lose a plural
 * "s" — their language is unknown at this point and the character n-gram channel
 * already matches shared stems, so an aggressive guess would do more harm than good.
 */
const cache = new Map<string, string>();

/** Stem one lower-cased token; memoised because vocabularies repeat heavily. */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let out: string;
  if (word.length <= 2 || /\d/.test(word)) out = word;
  else if (/^[a-z]+$/.test(word)) out = porter(word);
  else
    out = word.length > 4 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
  if (cache.size > 50_000) cache.clear();
  cache.set(word, out);
  return out;
}

const isCons = (w: string, i: number): boolean => {
  const c = w[i];
  if ("aeiou".includes(c)) return false;
  if (c === "y") return i === 0 || !isCons(w, i - 1);
  return true;
};

/** m(): the number of VC sequences in the stem. */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  const n = w.length;
  while (i < n && isCons(w, i)) i++;
  while (i < n) {
    while (i < n && !isCons(w, i)) i++;
    if (i >= n) break;
    m++;
    while (i < n && isCons(w, i)) i++;
  }
  return m;
}

const hasVowel = (w: string): boolean => [...w].some((_, i) => !isCons(w, i));
const doubleCons = (w: string): boolean =>
  w.length > 1 && w[w.length - 1] === w[w.length - 2] && isCons(w, w.length - 1);
const cvc = (w: string): boolean => {
  const n = w.length;
  return (
    n >= 3 && isCons(w, n - 3) && !isCons(w, n - 2) && isCons(w, n - 1) && !"wxy".includes(w[n - 1])
  );
};

/** Replace suffix when the remaining stem has measure > minM; returns null if suffix absent. */
function swap(w: string, rules: [string, string][], minM: number): string | null {
  for (const [suf, rep] of rules) {
    if (w.endsWith(suf)) {
      const s = w.slice(0, -suf.length);
      return measure(s) > minM ? s + rep : w;
    }
  }
  return null;
}

const STEP2: [string, string][] = [
  ["ational", "ate"],
  ["tional", "tion"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["izer", "ize"],
  ["bli", "ble"],
  ["alli", "al"],
  ["entli", "ent"],
  ["eli", "e"],
  ["ousli", "ous"],
  ["ization", "ize"],
  ["ation", "ate"],
  ["ator", "ate"],
  ["alism", "al"],
  ["iveness", "ive"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["aliti", "al"],
  ["iviti", "ive"],
  ["biliti", "ble"],
  ["logi", "log"],
];
const STEP3: [string, string][] = [
  ["icate", "ic"],
  ["ative", ""],
  ["alize", "al"],
  ["iciti", "ic"],
  ["ical", "ic"],
  ["ful", ""],
  ["ness", ""],
];
const STEP4 = [
  "al",
  "ance",
  "ence",
  "er",
  "ic",
  "able",
  "ible",
  "ant",
  "ement",
  "ment",
  "ent",
  "ion",
  "ou",
  "ism",
  "ate",
  "iti",
  "ous",
  "ive",
  "ize",
];

function porter(input: string): string {
  let w = input;
  // Step 1a: plurals.
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  if (w.endsWith("eed")) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suf = w.endsWith("ed") ? "ed" : w.endsWith("ing") ? "ing" : null;
    if (suf && hasVowel(w.slice(0, -suf.length))) {
      w = w.slice(0, -suf.length);
      if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
      else if (doubleCons(w) && !"lsz".includes(w[w.length - 1])) w = w.slice(0, -1);
      else if (measure(w) === 1 && cvc(w)) w += "e";
    }
  }
  // Step 1c: y -> i when the stem has a vowel.
  if (w.endsWith("y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
  w = swap(w, STEP2, 0) ?? w;
  w = swap(w, STEP3, 0) ?? w;
  for (const suf of STEP4) {
    if (!w.endsWith(suf)) continue;
    const s = w.slice(0, -suf.length);
    const ok = suf === "ion" ? /[st]$/.test(s) : true;
    if (ok && measure(s) > 1) w = s;
    break;
  }
  // Step 5: final -e and -ll.
  if (w.endsWith("e")) {
    const s = w.slice(0, -1);
    const m = measure(s);
    if (m > 1 || (m === 1 && !cvc(s))) w = s;
  }
  if (measure(w) > 1 && doubleCons(w) && w.endsWith("l")) w = w.slice(0, -1);
  return w;
}
