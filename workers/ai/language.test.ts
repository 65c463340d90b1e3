import { beforeAll, describe, expect, it, vi } from "vitest";
import { detectLanguage, loadLanguageProfiles, maskNames } from "./language";

// The detectors' profiles are static assets (web/dist/lang, written by `npm run build`), read through ASSETS.
beforeAll(() => loadLanguageProfiles());

describe("loadLanguageProfiles", () => {
  it("should load both detectors once per isolate", async () => {
    const first = await loadLanguageProfiles();
    expect(await loadLanguageProfiles()).toBe(first);
    expect(first.eldLanguages).toContain("de");
    expect(first.tinyld.detect("Wo ist meine Bestellung?")).toBe("de");
  });
});

describe("detectLanguage", () => {
  it("should judge a text once per isolate and answer a repeat with the same result, unchanged by callers", async () => {
    const { tinyld } = await loadLanguageProfiles();
    const spy = vi.spyOn(tinyld, "detectAll");
    try {
      const text = `Wo ist meine Bestellung ${crypto.randomUUID()}? Ich warte seit zwei Wochen.`;
      const first = detectLanguage(text);
      const runs = spy.mock.calls.length;
      expect(runs).toBeGreaterThan(0);
      first.language = "xx";
      const again = detectLanguage(text);
      expect(again.language).toBe("de");
      expect(spy.mock.calls.length).toBe(runs);
      // Other candidates are another question: judged afresh.
      expect(detectLanguage(text, { candidates: ["de", "nl"] }).language).toBe("de");
      expect(spy.mock.calls.length).toBeGreaterThan(runs);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ["Where is my order? I ordered it two weeks ago and nothing has arrived.", "en"],
    ["Wo ist meine Bestellung? Ich habe sie vor zwei Wochen aufgegeben.", "de"],
    ["Où est ma commande ? Je l'ai passée il y a deux semaines.", "fr"],
    ["¿Dónde está mi pedido? Lo hice hace dos semanas.", "es"],
    ["Dov'è il mio ordine? L'ho fatto due settimane fa.", "it"],
    ["Waar is mijn bestelling? Ik heb twee weken geleden besteld.", "nl"],
    ["Hvor er bestillingen min? Jeg bestilte den for to uker siden.", "no"],
    ["我的订单在哪里？我两周前下的单。", "zh"],
    ["注文した商品はいつ届きますか？", "ja"],
    ["제 주문은 어디에 있나요?", "ko"],
    ["أين طلبي؟ لقد طلبته منذ أسبوعين", "ar"],
    ["Где мой заказ? Я заказал его две недели назад.", "ru"],
    ["Siparişim nerede? İki hafta önce sipariş verdim.", "tr"],
  ])("should detect %s as %s", (text, lang) => {
    expect(detectLanguage(text).language).toBe(lang);
  });

  it("should not let an English title decide a Danish sentence", () => {
    expect(
      detectLanguage("Jeg vil gerne se The Lord of the Rings i biografen", {
        candidates: ["da", "en", "de"],
      }).language,
    ).toBe("da");
  });

  it("should let a second detector outvote an unsure one on short Latin-script text", () => {
    // tinyld alone answers Latin here; eld and the Turkish letters agree on Turkish.
    expect(detectLanguage("Tüm siparişlerimi iptal et").language).toBe("tr");
  });

  it("should not count a language against itself when one detector does not know it", () => {
    // eld has Malay but no Indonesian: its vote goes to the pair, the lexicon decides.
    expect(detectLanguage("Dimana paket saya sekarang?").language).toBe("id");
  });

  it("should keep Latin-only n-grams from outvoting the script of mixed text", () => {
    expect(detectLanguage("我想听 the music of my favourite band").language).toBe("zh");
  });

  it("should name the second language of a mixed message, and none for a plain one", () => {
    const mixed = detectLanguage("Hola, my order is going to Mexico, ¿cuánto tarda la entrega?");
    expect(mixed).toMatchObject({ language: "en", runnerUp: "es" });
    expect(detectLanguage("How long does shipping to Mexico take?").runnerUp).toBeUndefined();
  });

  it("should judge mixed-script text by its dominant script", () => {
    expect(detectLanguage("播放 Taylor Swift 的歌").language).toBe("zh");
  });

  it("should respect the tenant's candidate languages", () => {
    const r = detectLanguage("Hvor er pakken min?", { candidates: ["no", "en"] });
    expect(r.language).toBe("no");
    expect(["no", "en"]).toContain(detectLanguage("ok", { candidates: ["no", "en"] }).language);
  });

  it("should return und with zero confidence when there is nothing to judge", () => {
    expect(detectLanguage("12345 !!!")).toEqual({ language: "und", confidence: 0 });
  });

  it("should give higher confidence to long clear text than to one word", () => {
    const long = detectLanguage(
      "Could you please tell me when my parcel will be delivered to my home address?",
    );
    const short = detectLanguage("ok");
    expect(long.confidence).toBeGreaterThan(short.confidence);
  });
});

describe("maskNames", () => {
  it("should drop capitalised titles with their connectors but keep the sentence start", () => {
    expect(maskNames("Find a cinema showing Life and Death tonight")).toBe(
      "Find a cinema showing tonight",
    );
    expect(maskNames("spil albummet [Lee Aaron] nu")).toBe("spil albummet nu");
  });
});
