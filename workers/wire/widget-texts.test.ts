import { describe, expect, it } from "vitest";
import {
  BUILTIN_WIDGET_TEXTS,
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
    expect(widgetTextsFor({ defaultLanguage: "de", texts: {} }, "it").title).toBe(
      BUILTIN_WIDGET_TEXTS.de.title,
    );
    expect(widgetTextsFor({ defaultLanguage: "it", texts: {} }, null)).toEqual(
      BUILTIN_WIDGET_TEXTS.en,
    );
  });

  it("should ship every text in every language, naming the agent in the joined line", () => {
    for (const lang of SHIPPED_LANGUAGES) {
      const t = BUILTIN_WIDGET_TEXTS[lang];
      expect(t.title && t.greeting && t.quickReplies.length, lang).toBeTruthy();
      for (const key of STATUS_LINE_KEYS) expect(t[key], `${lang}.${key}`).toBeTruthy();
      expect(t.joined, lang).toContain("{name}");
    }
  });
});
