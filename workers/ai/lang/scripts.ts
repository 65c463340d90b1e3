/**
 * Writing-system profile of a text. Scripts used by one language settle the
 * question outright (Hangul is Korean), and mixed text is judged by its dominant
 * script so a Latin band name inside a Chinese sentence does not make it English.
 */
export type Script =
  | "Latin"
  | "Cyrillic"
  | "Arabic"
  | "Han"
  | "Kana"
  | "Hangul"
  | "Thai"
  | "Greek"
  | "Hebrew"
  | "Devanagari"
  | "Bengali"
  | "Tamil"
  | "Telugu"
  | "Gujarati"
  | "Kannada"
  | "Malayalam"
  | "Gurmukhi"
  | "Georgian"
  | "Armenian"
  | "Ethiopic"
  | "Khmer"
  | "Lao"
  | "Myanmar"
  | "Sinhala";

const SCRIPTS: [Script, RegExp][] = (
  [
    "Latin",
    "Cyrillic",
    "Arabic",
    "Han",
    "Hangul",
    "Thai",
    "Greek",
    "Hebrew",
    "Devanagari",
    "Bengali",
    "Tamil",
    "Telugu",
    "Gujarati",
    "Kannada",
    "Malayalam",
    "Gurmukhi",
    "Georgian",
    "Armenian",
    "Ethiopic",
    "Khmer",
    "Lao",
    "Myanmar",
    "Sinhala",
  ] as Script[]
).map((s) => [s, new RegExp(`\\p{Script=${s}}`, "u")]);
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Letter counts per script. Han, Kana and Hangul characters weigh 2 because one
 * of them carries about as much as a short word does in alphabetic scripts.
 */
export function scriptProfile(text: string): Map<Script, number> {
  const out = new Map<Script, number>();
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    let s: Script | undefined;
    if (KANA.test(ch)) s = "Kana";
    else s = SCRIPTS.find(([, re]) => re.test(ch))?.[0];
    if (!s) continue;
    const w = s === "Han" || s === "Kana" || s === "Hangul" ? 2 : 1;
    out.set(s, (out.get(s) ?? 0) + w);
  }
  return out;
}

/** Languages (ISO 639-1) written in a script; a single entry means the script decides. */
export const SCRIPT_LANGUAGES: Partial<Record<Script, string[]>> = {
  Hangul: ["ko"],
  Kana: ["ja"],
  Thai: ["th"],
  Greek: ["el"],
  Hebrew: ["he", "yi"],
  Georgian: ["ka"],
  Armenian: ["hy"],
  Bengali: ["bn"],
  Tamil: ["ta"],
  Telugu: ["te"],
  Gujarati: ["gu"],
  Kannada: ["kn"],
  Malayalam: ["ml"],
  Gurmukhi: ["pa"],
  Ethiopic: ["am"],
  Khmer: ["km"],
  Lao: ["lo"],
  Myanmar: ["my"],
  Sinhala: ["si"],
  Han: ["zh", "ja"],
  Devanagari: ["hi", "mr", "ne"],
  Arabic: ["ar", "fa", "ur"],
  Cyrillic: ["ru", "uk", "bg", "be", "sr", "mk", "kk", "mn", "tt"],
};

/** The dominant script, treating Kana + Han together as Japanese when any Kana is present. */
export function dominantScript(profile: Map<Script, number>): Script | null {
  let best: Script | null = null;
  let max = 0;
  const kana = profile.get("Kana") ?? 0;
  for (const [s, n] of profile) {
    const v = s === "Kana" ? n + (profile.get("Han") ?? 0) : s === "Han" && kana > 0 ? 0 : n;
    if (v > max) {
      max = v;
      best = s;
    }
  }
  return best;
}
