import { describe, expect, it } from "vitest";
import { isRtl, localized, pickLanguage } from "./languages";

describe("pickLanguage", () => {
  it("should map regional tags to their supported language", () => {
    expect(pickLanguage(["pt-BR", "en"])).toBe("pt");
    expect(pickLanguage(["zh-Hant-TW"])).toBe("zh");
  });
  it("should pick Thai, Korean, Russian and Vietnamese from the browser's locale", () => {
    expect(pickLanguage([undefined, "th-TH", "en-US"])).toBe("th");
    expect(pickLanguage(["ko-KR", "es-MX"])).toBe("ko");
    expect(pickLanguage(["ru-RU"])).toBe("ru");
    expect(pickLanguage(["vi-VN"])).toBe("vi");
  });
  it("should skip unsupported languages and fall back to English", () => {
    expect(pickLanguage(["fi-FI", "es-MX"])).toBe("es");
    expect(pickLanguage(["fi", undefined, null])).toBe("en");
  });
});

describe("isRtl", () => {
  it("should flip Arabic and not Spanish", () => {
    expect(isRtl("ar")).toBe(true);
    expect(isRtl("ar-EG")).toBe(true);
    expect(isRtl("es")).toBe(false);
    expect(isRtl("th")).toBe(false);
  });
});

describe("localized", () => {
  it("should prefer the exact language, then English", () => {
    const g = { en: "Hi", es: "Hola" };
    expect(localized(g, "es")).toBe("Hola");
    expect(localized(g, "es-MX")).toBe("Hola");
    expect(localized(g, "ja")).toBe("Hi");
    expect(localized("Hello", "ja")).toBe("Hello");
    expect(localized(null, "en")).toBeNull();
  });
});
