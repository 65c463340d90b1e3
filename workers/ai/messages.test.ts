import { describe, expect, it } from "vitest";
import { SHIPPED_LANGUAGES } from "../wire/widget-texts";
import { FIXED_REPLIES, hasMessages, isOfferText, type MessageKey, message } from "./messages";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const ADDED = ["ar", "ru", "ko", "th", "vi", "tr", "id", "pl", "hi", "el", "ro", "da", "sv", "lt"];

describe("fixed replies", () => {
  it("should have every key in every language, with the same placeholders as English", () => {
    const english = FIXED_REPLIES.en;
    const keys = Object.keys(english).sort();
    for (const [lang, table] of Object.entries(FIXED_REPLIES)) {
      expect(Object.keys(table).sort(), lang).toEqual(keys);
      for (const key of keys as MessageKey[]) {
        expect(table[key].trim(), `${lang}.${key}`).not.toBe("");
        expect(placeholders(table[key]), `${lang}.${key}`).toEqual(placeholders(english[key]));
      }
    }
  });

  it("should speak the same languages as the widget's built-in texts", () => {
    expect(Object.keys(FIXED_REPLIES).sort()).toEqual([...SHIPPED_LANGUAGES].sort());
  });

  it("should speak each added language in its own script, not fall back to English", () => {
    for (const lang of ADDED) {
      expect(hasMessages(lang), lang).toBe(true);
      expect(message("offer_handover", lang), lang).not.toBe(message("offer_handover", "en"));
      expect(isOfferText(message("offer_handover", lang)), lang).toBe(true);
    }
    expect(message("offer_handover", "th")).toMatch(/[\u0E00-\u0E7F]/);
    expect(message("offer_handover", "ko")).toMatch(/[\uAC00-\uD7AF]/);
    expect(message("offer_handover", "ru")).toMatch(/[\u0400-\u04FF]/);
  });

  it("should name the entry's language in the shopper's language in the notice", () => {
    for (const lang of ADDED) {
      const name = new Intl.DisplayNames([lang], { type: "language" }).of("en") ?? "";
      const notice = message("entry_language_notice", lang, { language: name });
      expect(notice, lang).toContain(name);
      expect(notice, lang).not.toContain("English");
    }
    expect(message("entry_language_notice", "th", { language: "อังกฤษ" })).toBe(
      "ขณะนี้เรามีคำตอบนี้เป็นภาษาอังกฤษเท่านั้น:",
    );
  });

  it("should fill an order's placeholders and leave no braces behind", () => {
    const text = message("otp_offer", "vi", { order: "#1042", mask: "a***@x.com" });
    expect(text).toContain("#1042");
    expect(text).toContain("a***@x.com");
    expect(text).not.toMatch(/[{}]/);
  });
});
