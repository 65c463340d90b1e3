import { describe, expect, it } from "vitest";
import { KnowledgeIndex } from "../engine";
import { Lexicon, foldAccents } from "./lexicon";
import { glossQuery } from "./gloss";
import { stemmerFor } from "./stemmers";
import { searchWithGloss } from "./search";
import { loadLexicon } from "./source";

// Small lexicons in the build script's format (sorted by code unit), so these tests do not
// depend on the generated data files.
const tsv = (translit: Record<number, string>, rows: [string, string][]) =>
  [
    `#translit\t${JSON.stringify(translit)}`,
    ...rows.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}\t${v}`),
  ].join("\n") + "\n";

const ES = new Lexicon(
  tsv({}, [
    ["cuánto", "how"],
    ["entrega", "delivery"],
    ["méxico", "mexico"],
    ["pagar", "pay"],
    ["puedo", "can"],
    ["tardar", "take|last"],
    ["devolver", "return"],
  ]),
);
const ZH = new Lexicon(
  tsv({}, [
    ["墨西哥", "mexico"],
    ["多久", "how long"],
    ["送到", "deliver"],
    ["付款", "payment|pay"],
    ["方式", "method|way"],
    ["接受", "accept"],
  ]),
);
const ROMAN: Record<string, string> = {
  М: "M",
  м: "m",
  е: "e",
  к: "k",
  с: "s",
  и: "i",
  а: "a",
  у: "u",
  в: "v",
};
const CYRILLIC = Array.from(
  { length: 256 },
  (_, lo) => ROMAN[String.fromCodePoint(0x400 + lo)] ?? "",
).join("\t");
const RU = new Lexicon(tsv({ 4: CYRILLIC }, [["доставка", "delivery"]]));

const KB = KnowledgeIndex.build([
  {
    id: "ship",
    question: "How long does shipping to Mexico take?",
    phrasings: ["delivery time to Mexico"],
    answer: "Orders to Mexico arrive in 5 to 8 business days.",
    language: "en",
  },
  {
    id: "pay",
    question: "Which payment methods do you accept?",
    phrasings: ["can I pay with PayPal"],
    answer: "We accept Visa, Mastercard and PayPal.",
    language: "en",
  },
  {
    id: "ret",
    question: "What is your return policy?",
    phrasings: ["how do I return an item"],
    answer: "You can return unworn items within 30 days.",
    language: "en",
  },
]);

describe("Lexicon", () => {
  it("should find exact headwords and none that are absent", () => {
    expect(ES.lookup("entrega")).toEqual(["delivery"]);
    expect(ES.lookup("entregas")).toBeNull();
    expect(ES.size).toBe(7);
  });

  it("should find an inflected form through its dictionary stem, but not a short unrelated word", () => {
    expect(ES.lookupInflected("tarda")).toEqual(["take", "last"]);
    expect(ES.lookupInflected("entregas")).toEqual(["delivery"]);
    expect(ES.lookupInflected("tal")).toBeNull();
  });

  it("should find a word typed without its accents, and one typed with accents the headword lacks", () => {
    const lex = new Lexicon(
      tsv({}, [
        ["envío", "sending"],
        ["mexico", "mexico"],
      ]),
    );
    expect(lex.lookupFolded("envio")).toEqual(["sending"]);
    expect(lex.lookupFolded("méxico")).toEqual(["mexico"]);
    expect(lex.lookupFolded("enviado")).toBeNull();
    expect(foldAccents("доставка")).toBe("доставка");
  });

  it("should take the lemma with the word's stem that shares most of its beginning", () => {
    const lex = new Lexicon(
      tsv({}, [
        ["tarde", "afternoon|late"],
        ["tardar", "take|last"],
        ["método", "method"],
        ["kanne", "jug"],
        ["número", "number"],
        ["numeroso", "numerous"],
      ]),
    );
    const es = stemmerFor("es")!;
    expect(lex.lookupLemma("tarda", es)).toEqual(["take", "last"]);
    expect(lex.lookupLemma("tardes", es)).toEqual(["afternoon", "late"]);
    expect(lex.lookupLemma("métodos", es)).toEqual(["method"]);
    expect(lex.lookupLemma("números", es)).toEqual(["number"]);
    expect(lex.lookupLemma("tal", es)).toBeNull();
    expect(lex.lookupLemma("kann", stemmerFor("de")!)).toBeNull();
  });

  it("should romanise only the scripts it has tables for", () => {
    expect(RU.romanize("Мексика")).toBe("meksika");
    expect(ES.romanize("Ñandú")).toBe("Ñandú");
  });
});

describe("glossQuery", () => {
  it("should gloss known words and keep names and unknown words", () => {
    const g = glossQuery("¿Cuánto tarda la entrega a Monterrey?", "es", ES);
    expect(g.text.split(" ")).toEqual(
      expect.arrayContaining(["how", "take", "delivery", "monterrey"]),
    );
    expect(g.known).toBeCloseTo(3 / 6);
  });

  it("should segment Chinese into dictionary words", () => {
    const g = glossQuery("订单多久能送到墨西哥？", "zh", ZH);
    expect(g.text).toContain("how long");
    expect(g.text).toContain("deliver");
    expect(g.text).toContain("mexico");
  });

  it("should skip Japanese particles and keep unknown kana together", () => {
    const JA = new Lexicon(
      tsv({}, [
        ["配送", "delivery"],
        ["の", "possessive"],
        ["コ", "counter"],
      ]),
    );
    expect(glossQuery("メキシコへの配送", "ja", JA).text).toBe("メキシコ delivery");
  });

  it("should romanise unknown words of another script so names still match", () => {
    expect(glossQuery("доставка в Мексику", "ru", RU).text).toBe("delivery v meksiku");
  });

  it("should match a dictionary phrase before its words", () => {
    const LEX = new Lexicon(
      tsv({}, [
        ["de", "of|from"],
        ["número", "number"],
        ["número de seguimiento", "tracking number"],
        ["parcial", "biased|partial"],
        ["reembolso", "repayment"],
        ["reembolso parcial", "partial refund"],
        ["seguimiento", "follow-up"],
      ]),
    );
    const g = glossQuery("¿Dónde está mi numero de seguimiento?", "es", LEX);
    expect(g.text).toBe("dónde está mi tracking number");
    expect(g.known).toBeCloseTo(3 / 6);
    expect(glossQuery("un reembolso parcial", "es", LEX).text).toBe("un partial refund");
    expect(glossQuery("seguimiento de número", "es", LEX).text).toBe("follow-up of from number");
  });

  it("should gloss Vietnamese syllables through the phrase they form", () => {
    const VI = new Lexicon(
      tsv({}, [
        ["bao", "cover|wrap"],
        ["bao lâu", "how long"],
        ["lâu", "long time"],
      ]),
    );
    expect(glossQuery("mất bao lâu", "vi", VI).text).toBe("mất how long");
  });

  it("should find an Arabic word behind its proclitics through the stemmer", () => {
    const AR = new Lexicon(
      tsv({}, [
        ["شحن", "shipping"],
        ["طلب", "order|request"],
      ]),
    );
    expect(glossQuery("للطلب الشحن", "ar", AR)).toEqual({
      text: "order request shipping",
      known: 1,
    });
  });

  it("should re-join a Thai loanword that the segmenter cuts apart", () => {
    // Intl.Segmenter cuts the unknown loanword: ทีม|แพน|เธอ|ร์ส|ชนะ.
    const TH = new Lexicon(
      tsv({}, [
        ["ชนะ", "win"],
        ["ทีม", "team"],
        ["เธอ", "you"],
        ["แพน", "pan"],
        ["แพนเธอร์ส", "panthers"],
      ]),
    );
    const g = glossQuery("ทีมแพนเธอร์สชนะ", "th", TH);
    expect(g.text).toBe("team panthers win");
    expect(g.known).toBe(1);
  });

  it("should return an empty gloss for emoji-only text", () => {
    expect(glossQuery("😀😀😀", "es", ES)).toEqual({ text: "", known: 0 });
  });
});

describe("searchWithGloss", () => {
  it("should answer a Spanish question from an English entry that the untranslated query misses", () => {
    const q = "¿Cuánto tarda la entrega a México?";
    const [plain] = searchWithGloss(KB, q, null, 3);
    expect(plain.confidence).toBeLessThan(0.6);
    const [top] = searchWithGloss(KB, q, glossQuery(q, "es", ES), 3);
    expect(top).toMatchObject({ id: "ship" });
    expect(top.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it("should answer a Chinese question from an English entry", () => {
    const q = "你们接受哪些付款方式？";
    const [top] = searchWithGloss(KB, q, glossQuery(q, "zh", ZH), 3);
    expect(top).toMatchObject({ id: "pay" });
    expect(top.confidence).toBeGreaterThanOrEqual(0.6);
  });

  it("should stay below the answer threshold when the lexicon knows nothing of the query", () => {
    const q = "Bawo ni gbigbe si Mexico ṣe pẹ to?";
    const [top] = searchWithGloss(KB, q, glossQuery(q, "es", ES), 3);
    expect(top?.confidence ?? 0).toBeLessThan(0.6);
  });

  it("should search a 4,000-character message in bounded time", () => {
    const q = "¿Cuánto tarda la entrega a México? ".repeat(115).slice(0, 4000);
    const started = Date.now();
    const [top] = searchWithGloss(KB, q, glossQuery(q, "es", ES), 3);
    expect(top.id).toBe("ship");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("loadLexicon", () => {
  it("should read a language once per isolate and not at all for a language without a lexicon", async () => {
    const asked: string[] = [];
    const source = async (lang: string) => {
      asked.push(lang);
      return tsv({}, [["hola", "hello"]]);
    };
    const a = await loadLexicon("it", source);
    const b = await loadLexicon("it", source);
    expect(a).toBe(b);
    expect(a?.lookup("hola")).toEqual(["hello"]);
    expect(await loadLexicon("xx", source)).toBeNull();
    expect(asked).toEqual(["it"]);
  });

  it("should retry a language whose load failed", async () => {
    expect(await loadLexicon("nl", async () => null)).toBeNull();
    const lex = await loadLexicon("nl", async () => tsv({}, [["hoe", "how"]]));
    expect(lex?.lookup("hoe")).toEqual(["how"]);
  });
});
