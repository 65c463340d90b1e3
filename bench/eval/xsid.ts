/**
 * `eval xsid --lang de [--mono]`: xSID's 15 intents answered across languages. The
 * knowledge base is the English phrasings at even positions (one entry per intent);
 * the queries are the language's utterances at odd positions whose English source is
 * not a knowledge-base phrasing, so no query is the translation of an entry. `--mono`
 * uses the language's own even rows as the knowledge base instead (the monolingual
 * figure). Answered or handed over by the product's decision, as in `eval intents`.
 */
import { readFileSync } from "node:fs";
import { KnowledgeIndex } from "../../workers/ai/engine";
import { DEFAULT_THRESHOLD } from "../../workers/ai/ai-settings";
import { readCsvRecords } from "./csv";
import { fmt, required } from "./args";
import { labelEntries, metrics } from "./intents";
import { searcherFor } from "./xling";

export function runXsid(opts: Map<string, string>): string {
  const lang = required(opts, "lang");
  const mono = opts.has("mono") || lang === "en";
  const rows = readCsvRecords(
    readFileSync(opts.get("data") ?? "../shared/datasets/xsid/xsid07_valid.csv", "utf8"),
  );
  const of = (l: string) =>
    rows
      .filter((r) => r.lang === l)
      .map((r) => ({ text: r.text, label: r.intent, en: r.text_en || r.text }));
  const kbRows = of(mono ? lang : "en").filter((_, i) => i % 2 === 0);
  const kbEnglish = new Set(kbRows.map((r) => r.en.trim().toLowerCase()));
  const queries = of(lang).filter(
    (r, i) => i % 2 === 1 && (mono || !kbEnglish.has(r.en.trim().toLowerCase())),
  );
  const entries = labelEntries(kbRows);
  const index = KnowledgeIndex.build(entries);
  const search = searcherFor(index, mono ? lang : "en", opts, entries);
  const ins = queries.map((q) => {
    const [top] = search(q.text, 1);
    return { ok: top?.id === q.label, conf: top?.confidence ?? 0 };
  });
  const threshold = opts.has("threshold") ? Number(opts.get("threshold")) : DEFAULT_THRESHOLD;
  const m = metrics(ins, [], threshold);
  return `xsid ${lang}${mono ? " (mono)" : " (kb=en)"}: n=${ins.length} acc@1=${fmt(m.acc)} coverage=${fmt(m.coverage)} precision=${fmt(m.precision)}`;
}
