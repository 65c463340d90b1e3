/**
 * `eval lang`: language identification on xSID-style CSV (`lang,id,text,...,dialect`).
 * Standard-language rows are scored on their own; dialect rows (de-ba, de-muc,
 * de-st, gsw, nap and Norwegian dialects other than Bokmål "B") are reported apart,
 * judged against their standard parent language.
 *   --candidates all | data | en,de,...   (default: data = the standard languages in the file,
 *                                          i.e. a tenant configured for exactly those languages)
 *   --detector ours | tinyld | eld | franc-min   (library baselines, for the comparison table)
 */
import { readFileSync } from "node:fs";
import { detectLanguage } from "../../workers/ai/language";
import { readCsvRecords } from "./csv";
import { fmt, required } from "./args";
import { baselineDetector } from "./lang-baselines";

const DIALECT_PARENT: Record<string, string> = {
  "de-ba": "de",
  "de-muc": "de",
  "de-st": "de",
  gsw: "de",
  nap: "it",
};

interface Row {
  gold: string;
  text: string;
  dialect: boolean;
}

function loadRows(path: string): Row[] {
  return readCsvRecords(readFileSync(path, "utf8")).map((r) => {
    const parent = DIALECT_PARENT[r.lang];
    const dialect = parent !== undefined || (r.lang === "no" && r.dialect !== "B");
    return { gold: parent ?? r.lang, text: r.text, dialect };
  });
}

function score(
  rows: Row[],
  detect: (t: string) => string,
): { acc: number; macro: number; confusions: string } {
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const conf = new Map<string, number>();
  let ok = 0;
  for (const r of rows) {
    const p = detect(r.text);
    if (p === r.gold) {
      ok++;
      tp.set(p, (tp.get(p) ?? 0) + 1);
    } else {
      fp.set(p, (fp.get(p) ?? 0) + 1);
      fn.set(r.gold, (fn.get(r.gold) ?? 0) + 1);
      conf.set(`${r.gold}>${p}`, (conf.get(`${r.gold}>${p}`) ?? 0) + 1);
    }
  }
  const langs = [...new Set(rows.map((r) => r.gold))];
  const f1 = langs.map((l) => {
    const t = tp.get(l) ?? 0;
    const denom = 2 * t + (fp.get(l) ?? 0) + (fn.get(l) ?? 0);
    return denom ? (2 * t) / denom : 0;
  });
  const top = [...conf].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return {
    acc: ok / rows.length,
    macro: f1.reduce((a, b) => a + b, 0) / f1.length,
    confusions: top.map(([k, v]) => `${k}:${v}`).join(" "),
  };
}

export function runLang(opts: Map<string, string>): string {
  const rows = loadRows(required(opts, "data"));
  const standard = rows.filter((r) => !r.dialect);
  const dialects = rows.filter((r) => r.dialect);
  const mode = opts.get("candidates") ?? "data";
  const candidates =
    mode === "all"
      ? undefined
      : mode === "data"
        ? [...new Set(standard.map((r) => r.gold))]
        : mode.split(",");
  const name = opts.get("detector") ?? "ours";
  const detect =
    name === "ours"
      ? (t: string) => detectLanguage(t, { candidates }).language
      : baselineDetector(name, candidates);
  const started = performance.now();
  const d = score(dialects, detect);
  console.log(`  detector=${name} candidates=${mode}${candidates ? `(${candidates.length})` : ""}`);
  console.log(`lang-dialects: n=${dialects.length} accuracy=${fmt(d.acc)} macro=${fmt(d.macro)}`);
  const s = score(standard, detect);
  const ms = (performance.now() - started) / (rows.length || 1);
  console.log(`  confusions: ${s.confusions}`);
  console.log(`  ${ms.toFixed(3)} ms/text`);
  return `lang: n=${standard.length} accuracy=${fmt(s.acc)} macro=${fmt(s.macro)}`;
}
