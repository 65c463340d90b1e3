/**
 * Where lexicons come from, once per isolate: the Worker reads `/lexicons/<lang>.tsv`
 * through its ASSETS binding (static assets cost no Worker size and are cached at the
 * edge); the eval reads the same files from disk. Loading is lazy: only the first
 * query that needs a language pays for it.
 */
import { Lexicon } from "./lexicon";

/** The raw TSV text of a language's lexicon, or null when there is none. */
export type LexiconSource = (lang: string) => Promise<string | null>;

const cache = new Map<string, Promise<Lexicon | null>>();

/** Languages with a lexicon in data/lexicons (built by scripts/build-lexicons.mjs). */
export const LEXICON_LANGUAGES = [
  "ar",
  "da",
  "de",
  "el",
  "es",
  "fr",
  "hi",
  "id",
  "it",
  "ja",
  "lt",
  "nl",
  "ro",
  "ru",
  "sr",
  "th",
  "tr",
  "vi",
  "zh",
] as const;

export function hasLexicon(lang: string): boolean {
  return (LEXICON_LANGUAGES as readonly string[]).includes(lang);
}

/** The lexicon of a language, loaded at most once per isolate; null when it has none or loading failed. */
export function loadLexicon(lang: string, source: LexiconSource): Promise<Lexicon | null> {
  if (!hasLexicon(lang)) return Promise.resolve(null);
  let p = cache.get(lang);
  if (!p) {
    p = source(lang)
      .then((text) => (text ? new Lexicon(text) : null))
      .catch(() => null);
    // A failed load is retried on a later query rather than remembered.
    p.then((lex) => lex ?? cache.delete(lang));
    cache.set(lang, p);
  }
  return p;
}

/** ASSETS-backed source for the Worker. */
export function assetsLexiconSource(assets: Fetcher): LexiconSource {
  return async (lang) => {
    const res = await assets.fetch(`https://assets.local/lexicons/${lang}.tsv`);
    return res.ok ? res.text() : null;
  };
}
