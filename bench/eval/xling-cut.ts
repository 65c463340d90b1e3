/**
 * Per-language answer cut for the gloss path: for each language, the lowest calibrated
 * probability at which the gloss's answers keep precision ≥ 0.9 on the even-numbered dev
 * queries of every data set the language has (xSID, XQuAD), then checked on the odd ones.
 *   npm run eval -- xling-cut --langs ar,tr,ja,lt,da,sr
 * Each query is searched once; its confidence at another cut follows searchWithGloss's rule
 * (the better of the direct search's confidence and the gloss's mapped probability).
 */
import { readFileSync } from "node:fs";
import { KnowledgeIndex, type KbEntry } from "../../workers/ai/engine";
import { DEFAULT_THRESHOLD } from "../../workers/ai/ai-settings";
import { detectLanguage } from "../../workers/ai/language";
import {
  DEFAULT_FUSE,
  glossProbability,
  glossQuery,
  productConfidence,
  searchWithGloss,
} from "../../workers/ai/xling";
import { required } from "./args";
import { readCsvRecords } from "./csv";
import { loadFaqKb } from "./faq";
import { labelEntries } from "./intents";
import { lexiconFromDisk } from "./xling";

interface Row {
  ok: boolean;
  /** Confidence reported at the cut `at`. */
  conf: (at: number) => number;
}

function xsid(lang: string): { kb: KbEntry[]; queries: { text: string; gold: string }[] } {
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
    queries: queries.map((q) => ({ text: q.text, gold: q.label })),
  };
}

function xquad(lang: string): { kb: KbEntry[]; queries: { text: string; gold: string }[] } | null {
  let text: string;
  try {
    text = readFileSync(`../shared/datasets/xquad/queries-dev-${lang}.csv`, "utf8");
  } catch {
    return null;
  }
  return {
    kb: loadFaqKb("../shared/datasets/xquad/kb_en.jsonl"),
    queries: readCsvRecords(text).map((q) => ({ text: q.query, gold: q.gold_faq_id })),
  };
}

function rowsOf(kb: KbEntry[], queries: { text: string; gold: string }[]): Row[] {
  const index = KnowledgeIndex.build(kb);
  return queries.map((q) => {
    const lang = detectLanguage(q.text).language;
    const lex = lang !== "en" ? lexiconFromDisk(lang) : null;
    const gloss = lex ? glossQuery(q.text, lang, lex) : null;
    const [top] = searchWithGloss(index, q.text, gloss, 1);
    if (!top) return { ok: false, conf: () => 0 };
    const ok = top.id === q.gold;
    if (!gloss || gloss.known === 0) return { ok, conf: () => top.confidence };
    const direct = index.search(q.text, 10);
    const glossHits = index.search(gloss.text, 10);
    const mine = glossHits.find((h) => h.id === top.id);
    if (!glossHits.length || !mine) return { ok, conf: () => top.confidence };
    const p = glossProbability(index, gloss, direct[0], glossHits[0].id);
    const ratio = glossHits[0].score > 0 ? Math.max(0, mine.score / glossHits[0].score) : 0;
    const directConf = direct.find((h) => h.id === top.id)?.confidence ?? 0;
    return { ok, conf: (at) => Math.max(directConf, productConfidence(p, at) * ratio) };
  });
}

function score(rows: Row[], at: number): { coverage: number; precision: number; n: number } {
  const answered = rows.filter((r) => r.conf(at) >= DEFAULT_THRESHOLD);
  const right = answered.filter((r) => r.ok).length;
  return {
    coverage: rows.length ? answered.length / rows.length : 0,
    precision: answered.length ? right / answered.length : 1,
    n: answered.length,
  };
}

const fmt = (s: { coverage: number; precision: number }) =>
  `${s.coverage.toFixed(3)}/${s.precision.toFixed(3)}`;
const CUTS = Array.from({ length: 23 }, (_, i) => 0.5 + i * 0.02);

/** xSID's languages with a lexicon (the cross-lingual split has no other). */
const XSID = new Set(["ar", "da", "de", "id", "it", "ja", "lt", "nl", "sr", "tr", "zh"]);

export function runXlingCut(opts: Map<string, string>): string {
  const out: string[] = [];
  for (const lang of required(opts, "langs").split(",")) out.push(...cutFor(lang));
  return out.join("\n");
}

function cutFor(lang: string): string[] {
  const out: string[] = [];
  const sets: [string, Row[]][] = [];
  if (XSID.has(lang)) {
    const x = xsid(lang);
    sets.push(["xsid", rowsOf(x.kb, x.queries)]);
  }
  const q = xquad(lang);
  if (q) sets.push(["xquad", rowsOf(q.kb, q.queries)]);
  const even = (rows: Row[]) => rows.filter((_, i) => i % 2 === 0);
  const odd = (rows: Row[]) => rows.filter((_, i) => i % 2 === 1);
  // The lowest cut whose even-row answers keep precision ≥ 0.9 in every data set.
  const fit =
    CUTS.find((at) => sets.every(([, rows]) => score(even(rows), at).precision >= 0.9)) ?? 1;
  for (const [name, rows] of sets) {
    const d = DEFAULT_FUSE.answerAt;
    out.push(
      `cut ${lang} ${name}: fit=${fit.toFixed(2)} | shared ${d}: even ${fmt(score(even(rows), d))} odd ${fmt(score(odd(rows), d))} all ${fmt(score(rows, d))} | fitted: even ${fmt(score(even(rows), fit))} odd ${fmt(score(odd(rows), fit))} all ${fmt(score(rows, fit))}`,
    );
  }
  return out;
}
