/**
 * CPU of the built-in AI turn's pure parts, per message, on the fanout's shopper texts: a conversation
 * of 20 shopper messages, each answered with the history before it (as ConversationDO's turn does).
 * Parts timed apart: detecting the new message's language (timed first, so the turn after it reuses the
 * isolate's memo where there is one), the turn (`runAiTurn`: detection, sentiment and tags, gloss, retrieval,
 * policy, reply), retrieval alone (part of the turn), the conversation-language vote the service runs after
 * the turn, and building the knowledge index once per knowledge-base version.
 *   npx tsx bench/ai-turn-parts.ts [rounds]
 * Run `npm run build` first (the detectors' profiles are read from web/dist/lang).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { SHOP_KB } from "../test/ai-fakes";
import { runAiTurn } from "../workers/ai/agent";
import { AiSettings } from "../workers/ai/ai-settings";
import { KnowledgeIndex } from "../workers/ai/engine";
import { conversationLanguage, detectLanguage, loadLanguageProfiles } from "../workers/ai/language";
import { PROFILE_FILES } from "../workers/ai/lang/profiles";
import { createProviders } from "../workers/ai/providers";
import { retrieve } from "../workers/ai/retrieve";

const ROOT = path.resolve(import.meta.dirname, "..");
const TEXTS = [
  "Hi, where is my order? It was supposed to arrive yesterday.",
  "Can I change the delivery address for order 4417?",
  "Do you ship to Canada, and how long does it take?",
  "The jacket I received is too small, how do I return it?",
  "Is the blue version back in stock soon?",
  "I was charged twice for the same order, please help.",
  "What is your refund policy for sale items?",
  "Can I pay with PayPal?",
];
const MESSAGES = 20;
const rounds = Number(process.argv[2] ?? 10);

const profiles = (name: keyof typeof PROFILE_FILES) =>
  Promise.resolve(readFileSync(path.join(ROOT, "web/dist/lang", PROFILE_FILES[name]), "utf8"));
const lexicons = async (lang: string) => {
  try {
    return readFileSync(path.join(ROOT, "data/lexicons", `${lang}.tsv`), "utf8");
  } catch {
    return null;
  }
};

await loadLanguageProfiles(profiles);
const settings = AiSettings.parse({});
const providers = createProviders({}, settings);
const totals = { turn: 0, vote: 0, detect: 0, retrieve: 0, build: 0 };
let n = 0;
const time = async <T>(part: keyof typeof totals, f: () => T | Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const out = await f();
  totals[part] += performance.now() - t0;
  return out;
};

for (let r = 0; r < rounds + 1; r++) {
  if (r === 1) {
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] = 0;
    n = 0;
  }
  const index = await time("build", () => KnowledgeIndex.build(SHOP_KB));
  const shopper: string[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const message = `${TEXTS[(i + r) % TEXTS.length]} (${r}.${i})`;
    await time("detect", () => detectLanguage(message, { candidates: settings.languages }));
    await time("turn", () =>
      runAiTurn({
        tenantId: "t_bench",
        settings,
        entries: index,
        history: shopper.slice(-20).map((text) => ({ role: "shopper" as const, text })),
        message,
        contact: { vip: false },
        now: new Date(),
        providers,
        signal: new AbortController().signal,
        lexicons,
        languageProfiles: profiles,
      }),
    );
    await time("retrieve", () =>
      retrieve({ tenantId: "t_bench", index, query: message, providers, gloss: null }),
    );
    shopper.push(message);
    await time("vote", () => conversationLanguage(shopper, { candidates: settings.languages }));
    n++;
  }
}
const per = (v: number) => (v / n).toFixed(3);
console.log(
  `ai-turn-parts: messages=${n} detect_ms=${per(totals.detect)} turn_ms=${per(totals.turn)} retrieve_ms=${per(totals.retrieve)} language_vote_ms=${per(totals.vote)} index_build_ms_per_kb=${(totals.build / rounds).toFixed(3)}`,
);
