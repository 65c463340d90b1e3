/**
 * Offline evaluation of the builtin AI engine on public datasets (see /shared/README.md).
 *   npm run eval -- faq --kb kb.jsonl --queries queries.csv
 *   npm run eval -- intents --train a.csv --test b.csv [--oos c.csv] [--shots K] [--threshold T] [--sweep]
 *   npm run eval -- lang --data xsid.csv [--candidates all|data|en,de] [--detector ours|tinyld|eld|franc-min]
 *   npm run eval -- calibrate --train train.csv --val val.csv --oos oos_val.csv
 *   npm run eval -- xsid --lang de [--mono] [--xling off]   (English KB, other-language queries)
 *   npm run eval -- xling-cut --langs ar,tr   (per-language gloss answer cut: fit on even dev rows, check on odd)
 *   npm run eval -- actions   (scripted shopper dialogues against the fixture stores; see eval/actions.ts)
 *   npm run eval -- leads [--verbose]   (scripted purchase-intent dialogues; see eval/leads.ts)
 * Runs the same engine modules the conversations use; prints one summary line last.
 */
import { parseArgs } from "./eval/args";
import { loadLanguageProfiles } from "../workers/ai/language";
import { profileTexts } from "../scripts/lang-profiles.mjs";

const { positional, opts } = parseArgs(process.argv.slice(2));
const started = performance.now();
type Runner = (o: Map<string, string>) => string | Promise<string>;
// Loaded on demand: a runner pulls in only its own modules.
const runners: Record<string, () => Promise<Runner>> = {
  faq: async () => (await import("./eval/faq")).runFaq,
  intents: async () => (await import("./eval/intents")).runIntents,
  calibrate: async () => (await import("./eval/calibrate")).runCalibrate,
  lang: async () => (await import("./eval/lang")).runLang,
  xsid: async () => (await import("./eval/xsid")).runXsid,
  "xling-cut": async () => (await import("./eval/xling-cut")).runXlingCut,
  actions: async () => (await import("./eval/actions")).runActions,
  leads: async () => (await import("./eval/leads")).runLeads,
};
const load = runners[positional[0] ?? ""];
if (!load) {
  console.error(`usage: eval <${Object.keys(runners).join("|")}> [options]`);
  process.exit(2);
}
// The Worker reads the detectors' profiles through ASSETS; here, the same data from the installed packages.
const profiles = await profileTexts();
await loadLanguageProfiles(async (name) => profiles[name]);
const line = await (await load())(opts);
console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
console.log(line);
