/**
 * How message text is indexed and searched (trigram full-text): one rule shared by the tenant's shard
 * object, which stores and matches, and the services that call it.
 */

/** Trigram tokens: shorter words cannot be matched through the index. */
export const MIN_TERM = 3;
const MAX_TERMS = 8;

export interface TextQuery {
  /** FTS5 query: each word of three characters or more a quoted phrase (quotes doubled), all required. */
  match: string;
  /** Shorter words (a two-character Chinese word, say), checked on the matched messages' text. */
  contains: string[];
}

/**
 * Text as it is indexed and searched: lower case, Latin accents dropped ("México" → "mexico"). Only the
 * combining accents of U+0300–U+036F go, so kana voicing marks and other scripts' letters stay intact.
 */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase();
}

const phrase = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** The user's words as a search; null when no word is long enough for the index. */
export function ftsQuery(text: string): TextQuery | null {
  const words = text.split(/\s+/).filter(Boolean).slice(0, MAX_TERMS);
  const long = words.filter((t) => [...t].length >= MIN_TERM);
  if (!long.length) return null;
  // Each word also as typed: rows indexed before texts were folded still hold their accents.
  const term = (t: string) =>
    foldText(t) === t ? phrase(t) : `(${phrase(t)} OR ${phrase(foldText(t))})`;
  return {
    match: long.map(term).join(" AND "),
    contains: words.filter((t) => [...t].length < MIN_TERM),
  };
}

/** A LIKE pattern finding `word` anywhere (escape character `\`). */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
