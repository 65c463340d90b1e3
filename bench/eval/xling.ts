/**
 * The product's cross-lingual search path for the eval: detect the query's language,
 * and when it is not the knowledge base's, search with its gloss too. Lexicons are
 * read from data/lexicons (what the Worker serves as /lexicons/*.tsv).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { KbEntry, KnowledgeIndex, SearchHit } from "../../workers/ai/engine";
import { detectLanguage } from "../../workers/ai/language";
import { translatedIndex } from "./xling-entry";
import {
  Lexicon,
  glossQuery,
  hasLexicon,
  searchWithGloss,
  DEFAULT_FUSE,
  DEFAULT_GLOSS,
} from "../../workers/ai/xling";

const DIR = path.resolve(import.meta.dirname, "../../data/lexicons");
const lexicons = new Map<string, Lexicon | null>();

export function lexiconFromDisk(lang: string): Lexicon | null {
  if (!lexicons.has(lang)) {
    const file = path.join(DIR, `${lang}.tsv`);
    lexicons.set(
      lang,
      hasLexicon(lang) && existsSync(file) ? new Lexicon(readFileSync(file, "utf8")) : null,
    );
  }
  return lexicons.get(lang) ?? null;
}

export type Searcher = (query: string, k: number) => SearchHit[];

/** The better confidence of each entry over two result lists, best first. */
function fuseMax(a: SearchHit[], b: SearchHit[], k: number): SearchHit[] {
  const best = new Map<string, SearchHit>();
  for (const h of [...a, ...b])
    if ((best.get(h.id)?.confidence ?? -1) < h.confidence) best.set(h.id, h);
  return [...best.values()].sort((x, y) => y.confidence - x.confidence).slice(0, k);
}

/**
 * `--xling off` searches as before; otherwise the product path. `--senses`, `--answer-at` tune it.
 * `--approach entry` searches entries glossed into the query's language instead (needs `entries`),
 * `--approach both` takes the better of the two per entry.
 */
export function searcherFor(
  index: KnowledgeIndex,
  kbLang: string,
  opts: Map<string, string>,
  entries?: KbEntry[],
): Searcher {
  if (opts.get("xling") === "off") return (q, k) => index.search(q, k);
  const gloss = {
    ...DEFAULT_GLOSS,
    ...(opts.has("senses") ? { senses: Number(opts.get("senses")) } : {}),
  };
  const fuse = {
    ...DEFAULT_FUSE,
    ...(opts.has("answer-at") ? { answerAt: Number(opts.get("answer-at")) } : {}),
  };
  const forced = opts.get("query-lang");
  const approach = opts.get("approach") ?? "query";
  const translated = new Map<string, KnowledgeIndex>();
  return (q, k) => {
    const lang = forced ?? detectLanguage(q).language;
    const lex = lang !== kbLang ? lexiconFromDisk(lang) : null;
    const viaQuery = () =>
      searchWithGloss(index, q, lex ? glossQuery(q, lang, lex, gloss) : null, k, fuse);
    if (approach === "query" || !lex || !entries) return viaQuery();
    if (!translated.has(lang)) translated.set(lang, translatedIndex(entries, lang));
    const viaEntries = translated.get(lang)!.search(q, k);
    return approach === "entry" ? viaEntries : fuseMax(viaQuery(), viaEntries, k);
  };
}
