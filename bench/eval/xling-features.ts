/**
 * Dumps, for the cross-lingual calibration, one JSON line per development query that goes
 * through the gloss path: the ranking evidence of the gloss search (the engine's own
 * calibration features), the share of words the lexicon knew, whether the direct search
 * agrees, and whether the gloss's top entry is the gold one. Fitted by bench/eval/xling-fit.py.
 *   node --import tsx bench/eval/xling-features.ts xsid de zh … > /tmp/xsid.jsonl
 *   node --import tsx bench/eval/xling-features.ts xquad es de … > /tmp/xquad.jsonl
 */
import { readFileSync } from "node:fs";
import { KnowledgeIndex, type KbEntry } from "../../workers/ai/engine";
import { confidenceFeatures } from "../../workers/ai/engine/scoring";
import { glossQuery } from "../../workers/ai/xling";
import { readCsvRecords } from "./csv";
import { loadFaqKb } from "./faq";
import { labelEntries } from "./intents";
import { lexiconFromDisk } from "./xling";

interface Query {
  text: string;
  gold: string;
  lang: string;
}

function xsid(lang: string): { kb: KbEntry[]; queries: Query[] } {
  const rows = readCsvRecords(readFileSync("../shared/datasets/xsid/xsid07_valid.csv", "utf8"));
  const of = (l: string) =>
    rows
      .filter((r) => r.lang === l)
      .map((r) => ({ text: r.text, label: r.intent, en: r.text_en || r.text }));
  const kbRows = of("en").filter((_, i) => i % 2 === 0);
  const kbEnglish = new Set(kbRows.map((r) => r.en.trim().toLowerCase()));
  const queries = of(lang).filter(
    (r, i) => i % 2 === 1 && !kbEnglish.has(r.en.trim().toLowerCase()),
  );
  return {
    kb: labelEntries(kbRows),
    queries: queries.map((q) => ({ text: q.text, gold: q.label, lang })),
  };
}

function xquad(lang: string): { kb: KbEntry[]; queries: Query[] } {
  const queries = readCsvRecords(
    readFileSync(`../shared/datasets/xquad/queries-dev-${lang}.csv`, "utf8"),
  );
  return {
    kb: loadFaqKb("../shared/datasets/xquad/kb_en.jsonl"),
    queries: queries.map((q) => ({ text: q.query, gold: q.gold_faq_id, lang })),
  };
}

const [set, ...langs] = process.argv.slice(2);
for (const lang of langs) {
  const { kb, queries } = set === "xsid" ? xsid(lang) : xquad(lang);
  const index = KnowledgeIndex.build(kb);
  const lex = lexiconFromDisk(lang);
  if (!lex) continue;
  for (const q of queries) {
    const g = glossQuery(q.text, lang, lex);
    const sig = index.signals(g.text);
    const direct = index.search(q.text, 1)[0];
    if (!sig) continue;
    const ranked = index.rank(sig);
    if (!ranked.length) continue;
    const top = index.search(g.text, 1)[0];
    const f = confidenceFeatures(index.evidence(sig, ranked));
    console.log(
      JSON.stringify({
        set,
        lang,
        f,
        conf: top.confidence,
        known: g.known,
        agree: direct?.id === top.id ? 1 : 0,
        directConf: direct?.confidence ?? 0,
        ok: top.id === q.gold ? 1 : 0,
      }),
    );
  }
}
