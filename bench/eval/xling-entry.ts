/**
 * Entry translation at index time, for comparison with query translation (CROSS-LINGUAL.md):
 * every English entry glossed word by word into the shopper's language through the same
 * lexicon read backwards (English gloss → the first headword giving it as its first sense),
 * indexed once per language, and searched with the query as written.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { KnowledgeIndex, type KbEntry } from "../../workers/ai/engine";

const DIR = path.resolve(import.meta.dirname, "../../data/lexicons");

/** English word → a word of `lang` that the lexicon glosses with it first. */
export function reverseLexicon(lang: string): Map<string, string> {
  const rev = new Map<string, string>();
  for (const line of readFileSync(path.join(DIR, `${lang}.tsv`), "utf8").split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const [head, glosses] = line.split("\t");
    const first = glosses?.split("|")[0];
    if (first && !first.includes(" ") && (!rev.has(first) || head.length < rev.get(first)!.length))
      rev.set(first, head);
  }
  return rev;
}

const ENGLISH_SUFFIXES = ["ing", "ed", "es", "s"];

function glossEnglish(text: string, rev: Map<string, string>): string {
  return text.replace(/\p{L}+/gu, (w) => {
    const l = w.toLowerCase();
    const hit =
      rev.get(l) ??
      ENGLISH_SUFFIXES.map((s) =>
        l.endsWith(s) ? rev.get(l.slice(0, -s.length)) : undefined,
      ).find(Boolean);
    return hit ?? w;
  });
}

export function translatedIndex(entries: KbEntry[], lang: string): KnowledgeIndex {
  const rev = reverseLexicon(lang);
  return KnowledgeIndex.build(
    entries.map((e) => ({
      ...e,
      question: glossEnglish(e.question, rev),
      phrasings: e.phrasings.map((p) => glossEnglish(p, rev)),
      answer: glossEnglish(e.answer, rev),
      language: lang,
    })),
  );
}
