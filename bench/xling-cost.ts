/**
 * Cost of the cross-lingual path: per-language lexicon load time (parse of the TSV as
 * the Worker does it after reading it from ASSETS), memory held, and time per query
 * (detect + gloss + two searches) on the XQuAD dev questions against the English KB.
 *   npx tsx bench/xling-cost.ts [langs]   (run with --expose-gc for steadier memory figures)
 */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { KnowledgeIndex } from "../workers/ai/engine";
import { Lexicon } from "../workers/ai/xling";
import { loadFaqKb } from "./eval/faq";
import { readCsvRecords } from "./eval/csv";
import { searcherFor } from "./eval/xling";

const langs = (process.argv[2] ?? "es,de,zh,ru,el,hi,ar,tr,ja").split(",");
const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed + process.memoryUsage().external;
};
const index = KnowledgeIndex.build(loadFaqKb("../shared/datasets/xquad/kb_en.jsonl"));
const search = searcherFor(index, "en", new Map());
for (const lang of langs) {
  const before = heap();
  const text = readFileSync(`data/lexicons/${lang}.tsv`, "utf8");
  const t0 = performance.now();
  const lex = new Lexicon(text);
  const loadMs = performance.now() - t0;
  const held = heap() - before;
  let perQuery = "";
  try {
    const qs = readCsvRecords(
      readFileSync(`../shared/datasets/xquad/queries-dev-${lang}.csv`, "utf8"),
    ).map((r) => r.query);
    search(qs[0], 5); // loads the eval's own copy of the lexicon
    const t1 = performance.now();
    for (const q of qs) search(q, 5);
    perQuery = ` per_query_ms=${((performance.now() - t1) / qs.length).toFixed(2)}`;
  } catch {
    perQuery = " per_query_ms=n/a";
  }
  console.log(
    `${lang}: headwords=${lex.size} file_mb=${(text.length && Buffer.byteLength(text) / 1e6).toFixed(2)} gzip_mb=${(gzipSync(text).length / 1e6).toFixed(2)} parse_ms=${loadMs.toFixed(1)} heap_mb=${(held / 1e6).toFixed(1)}${perQuery}`,
  );
}
