/**
 * `eval intents`: one KB entry per label (its training texts are the phrasings);
 * test queries are answered or handed over by the same decision the agent makes.
 */
import { readFileSync } from "node:fs";
import { KnowledgeIndex, decideAnswer, type KbEntry } from "../../workers/ai/engine";
import { DEFAULT_THRESHOLD } from "../../workers/ai/ai-settings";
import { parseCsv } from "./csv";
import { fmt, required } from "./args";

type Row = { text: string; label: string };

export function loadRows(path: string): Row[] {
  const [, ...rows] = parseCsv(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  return rows.map((r) => ({ text: r[0], label: r[1] }));
}

export function labelEntries(rows: Row[], shots?: number): KbEntry[] {
  const by = new Map<string, string[]>();
  for (const r of rows) {
    const list = by.get(r.label) ?? [];
    if (shots === undefined || list.length < shots) list.push(r.text);
    by.set(r.label, list);
  }
  return [...by].map(([label, texts]) => ({
    id: label,
    question: texts[0],
    phrasings: texts.slice(1),
    answer: "",
  }));
}

/** Top hit and confidence per query, computed once so threshold sweeps are cheap. */
function score(index: KnowledgeIndex, rows: Row[]): { ok: boolean; conf: number }[] {
  return rows.map((r) => {
    const [top] = index.search(r.text, 1);
    return { ok: top?.id === r.label, conf: top?.confidence ?? 0 };
  });
}

export function metrics(
  ins: { ok: boolean; conf: number }[],
  oos: { conf: number }[],
  threshold: number,
) {
  const ansIn = ins.filter((q) => decideAnswer(q.conf, threshold));
  const ansOos = oos.filter((q) => decideAnswer(q.conf, threshold));
  const correct = ansIn.filter((q) => q.ok).length;
  const answered = ansIn.length + ansOos.length;
  return {
    coverage: ansIn.length / ins.length,
    precision: answered ? correct / answered : 0,
    oosAnswered: oos.length ? ansOos.length / oos.length : 0,
    acc: ins.filter((q) => q.ok).length / ins.length,
  };
}

export function runIntents(opts: Map<string, string>): string {
  const shots = opts.has("shots") ? Number(opts.get("shots")) : undefined;
  const index = KnowledgeIndex.build(labelEntries(loadRows(required(opts, "train")), shots));
  const ins = score(index, loadRows(required(opts, "test")));
  const oos = opts.has("oos") ? score(index, loadRows(required(opts, "oos"))) : [];
  if (opts.has("sweep")) {
    for (let t = 0.05; t < 0.96; t += 0.05) {
      const m = metrics(ins, oos, t);
      console.log(
        `  t=${t.toFixed(2)} coverage=${fmt(m.coverage)} precision=${fmt(m.precision)} oos_answered=${fmt(m.oosAnswered)}`,
      );
    }
  }
  const threshold = opts.has("threshold") ? Number(opts.get("threshold")) : DEFAULT_THRESHOLD;
  const m = metrics(ins, oos, threshold);
  console.log(`  in-scope top-1 accuracy=${fmt(m.acc)} threshold=${threshold}`);
  return `intents: n=${ins.length + oos.length} coverage=${fmt(m.coverage)} precision=${fmt(m.precision)} oos_answered=${fmt(m.oosAnswered)}`;
}
