import { describe, expect, it } from "vitest";
import { FIXED_REPLIES, message } from "./messages";
import { wantsCode } from "./store-orders";

const LANGS = Object.keys(FIXED_REPLIES);
const CODE_KEYS = [
  "action_proposed_address",
  "action_done_address",
  "otp_offer",
  "otp_sent",
  "otp_verified",
  "otp_wrong",
  "otp_expired",
  "otp_locked",
  "otp_not_sent",
] as const;

describe("one-time code and address replies", () => {
  it("should be written in every language the engine answers in, not fall back to English", () => {
    for (const lang of LANGS.filter((l) => l !== "en"))
      for (const key of CODE_KEYS)
        expect(
          message(key, lang, { order: "1002", mask: "j***@m***.com", left: "3" }),
          `${lang} ${key}`,
        ).not.toBe(message(key, "en", { order: "1002", mask: "j***@m***.com", left: "3" }));
  });

  it("should keep the order, the masked address and the tries left in each language", () => {
    for (const lang of LANGS) {
      expect(message("otp_offer", lang, { order: "1002", mask: "j***@m***.com" })).toContain(
        "j***@m***.com",
      );
      expect(message("otp_offer", lang, { order: "1002", mask: "j***@m***.com" })).toContain(
        "1002",
      );
      expect(message("otp_wrong", lang, { left: "3" })).toContain("3");
    }
  });

  it("should take a short yes in Chinese and Japanese as asking for the code, and a no as not", () => {
    for (const yes of [
      "好的",
      "是的，请发送",
      "可以",
      "はい",
      "はい、お願いします",
      "sí",
      "oui",
      "ja bitte",
    ])
      expect(wantsCode(yes), yes).toBe(true);
    for (const no of ["不是", "不要", "いいえ", "不用了，谢谢", "我的订单在哪里"])
      expect(wantsCode(no), no).toBe(false);
  });

  it("should take the yes each fixed reply asks for in its own language, and a no as not", () => {
    for (const yes of [
      "Да",
      "да, отправьте",
      "ναι",
      "نعم",
      "네",
      "네, 보내 주세요",
      "ใช่",
      "ใช่ครับ",
      "हाँ",
      "evet",
      "tak",
      "ya",
      "có",
      "da",
      "ja tak",
      "taip",
    ])
      expect(wantsCode(yes), yes).toBe(true);
    for (const no of ["нет", "не надо", "όχι", "لا", "아니요", "ไม่ใช่", "ไม่ต้อง", "नहीं", "когда?"])
      expect(wantsCode(no), no).toBe(false);
  });
});
