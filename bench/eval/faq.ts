/**
 * `eval faq`: retrieval quality on a FAQ knowledge base with gold paraphrase queries.
 * coverage/precision: share of queries answered at the product threshold, and the
 * share of those answered with the gold entry. Queries in another language than
 * `--kb-lang` (default en) go through the cross-lingual path unless `--xling off`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { KnowledgeIndex, decideAnswer, type KbEntry } from "../../workers/ai/engine";
import { DEFAULT_THRESHOLD } from "../../workers/ai/ai-settings";
import { searcherFor } from "./xling";
import { readCsvRecords } from "./csv";
import { fmt, required } from "./args";

const KbRow = z.object({ faq_id: z.string(), question: z.string(), answers: z.array(z.string()) });

export function loadFaqKb(path: string): KbEntry[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => KbRow.parse(JSON.parse(l)))
    .map((r) => ({
      id: r.faq_id,
      question: r.question,
      phrasings: [],
      answer: r.answers.join("\n\n"),
    }));
}

export function runFaq(opts: Map<string, string>): string {
  const entries = loadFaqKb(required(opts, "kb"));
  const index = KnowledgeIndex.build(entries);
  const queries = readCsvRecords(readFileSync(required(opts, "queries"), "utf8"));
  let top1 = 0;
  let r5 = 0;
  let mrr = 0;
  let answered = 0;
  let answeredOk = 0;
  const threshold = opts.has("threshold") ? Number(opts.get("threshold")) : DEFAULT_THRESHOLD;
  const search = searcherFor(index, opts.get("kb-lang") ?? "en", opts, entries);
  for (const q of queries) {
    const hits = search(q.query, 10);
    const rank = hits.findIndex((h) => h.id === q.gold_faq_id);
    if (hits[0] && decideAnswer(hits[0].confidence, threshold)) {
      answered++;
      if (rank === 0) answeredOk++;
    }
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 5) r5++;
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  const n = queries.length;
  return `faq: n=${n} acc@1=${fmt(top1 / n)} recall@5=${fmt(r5 / n)} mrr=${fmt(mrr / n)} coverage=${fmt(answered / n)} precision=${fmt(answered ? answeredOk / answered : 0)}`;
}
