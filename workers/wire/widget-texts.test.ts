import { describe, expect, it } from "vitest";
import {
  BUILTIN_WIDGET_TEXTS,
  HEADER_LINE_KEYS,
  languageTagOf,
  REQUIRED_PLACEHOLDERS,
  SHIPPED_LANGUAGES,
  STATUS_LINE_KEYS,
  widgetTextsFor,
} from "./widget-texts";

describe("widgetTextsFor", () => {
  it("should prefer the exact regional tag, then the primary language, then the default language, then the built-in translation", () => {
    const settings = {
      defaultLanguage: "en",
      texts: {
        "pt-BR": { title: "Fale com a gente" },
        pt: { title: "Fale connosco", greeting: "Olá!" },
        en: { waiting: "Hang on" },
      },
    };
    expect(widgetTextsFor(settings, "pt-BR")).toMatchObject({
      title: "Fale com a gente",
      greeting: "Olá!",
      waiting: "Hang on",
      resolved: BUILTIN_WIDGET_TEXTS.pt.resolved,
    });
    expect(widgetTextsFor(settings, "pt-PT").title).toBe("Fale connosco");
    expect(widgetTextsFor(settings, "ja")).toMatchObject({
      title: BUILTIN_WIDGET_TEXTS.ja.title,
      waiting: "Hang on",
    });
  });

  it("should fall back to the default language's built-in texts for a language the product does not ship, and to English without a language", () => {
    expect(widgetTextsFor({ defaultLanguage: "de", texts: {} }, "fi").title).toBe(
      BUILTIN_WIDGET_TEXTS.de.title,
    );
    expect(widgetTextsFor({ defaultLanguage: "fi", texts: {} }, null)).toEqual(
      BUILTIN_WIDGET_TEXTS.en,
    );
  });

  it("should show a shopper in th-TH, ko-KR, ru-RU or vi-VN the title and greeting in their language", () => {
    const none = { defaultLanguage: "en", texts: {} };
    expect(widgetTextsFor(none, "th-TH")).toMatchObject({
      title: "แชทกับเรา",
      greeting: "สวัสดี! วันนี้มีอะไรให้เราช่วยไหม",
    });
    expect(widgetTextsFor(none, "ko-KR")).toMatchObject({
      title: "채팅 상담",
      greeting: "안녕하세요! 무엇을 도와드릴까요?",
    });
    expect(widgetTextsFor(none, "ru-RU").title).toBe("Напишите нам");
    expect(widgetTextsFor(none, "vi-VN").title).toBe("Trò chuyện với chúng tôi");
  });

  it("should ship every text in every language, naming the agent in the joined line", () => {
    for (const lang of SHIPPED_LANGUAGES) {
      const t = BUILTIN_WIDGET_TEXTS[lang];
      expect(t.title && t.greeting && t.quickReplies.length, lang).toBeTruthy();
      for (const key of STATUS_LINE_KEYS) expect(t[key], `${lang}.${key}`).toBeTruthy();
      expect(t.joined, lang).toContain("{name}");
      for (const key of HEADER_LINE_KEYS) expect(t[key], `${lang}.${key}`).toBeTruthy();
      expect(t.chattingWith, lang).toContain("{name}");
      expect(t.queuePosition, lang).toContain("{position}");
    }
    expect(REQUIRED_PLACEHOLDERS).toEqual({ chattingWith: "{name}", queuePosition: "{position}" });
  });

  it("should let the merchant's header lines win in the shopper's language, with the built-in ones behind", () => {
    const settings = {
      defaultLanguage: "en",
      texts: {
        es: { chattingWith: "Te atiende {name}" },
        fi: { queuePosition: "Numero {position}" },
      },
    };
    expect(widgetTextsFor(settings, "es")).toMatchObject({
      chattingWith: "Te atiende {name}",
      queuePosition: BUILTIN_WIDGET_TEXTS.es.queuePosition,
    });
    expect(widgetTextsFor(settings, "fi")).toMatchObject({
      chattingWith: BUILTIN_WIDGET_TEXTS.en.chattingWith,
      queuePosition: "Numero {position}",
    });
  });
});

describe("languageTagOf", () => {
  it("should take a BCP-47 language code in canonical form and refuse anything else", () => {
    expect(languageTagOf("it")).toBe("it");
    expect(languageTagOf(" PT-br ")).toBe("pt-BR");
    expect(languageTagOf("nl")).toBe("nl");
    for (const bad of ["", "Italian", "x", "en_US!", "123", "zh-Hant-TW"])
      expect(languageTagOf(bad), bad).toBeNull();
  });
});
