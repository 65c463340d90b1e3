import { afterEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { askWidget as ask } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

// The AI's fixed replies in the shopper's own language, through the real conversation path with the
// builtin engine and no translator (lexicons from the Worker's ASSETS, built by `npm run build`).
afterEach(() => setAiResponder(null));

async function englishShop(): Promise<{ owner: Caller; ship: string }> {
  const owner = await signupTenant();
  const add = async (entry: Record<string, unknown>) => {
    const res = await call("POST", "/api/kb/entries", {
      cookie: owner.cookie,
      body: { ...entry, language: "en" },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { entry: { id: string } }).entry.id;
  };
  const ship = await add({
    question: "How long does shipping to Mexico take?",
    phrasings: ["delivery time to Mexico"],
    answer: "Orders to Mexico arrive in 5 to 8 business days.",
  });
  await add({
    question: "Which payment methods do you accept?",
    phrasings: ["can I pay with PayPal"],
    answer: "We accept Visa, Mastercard and PayPal.",
  });
  return { owner, ship };
}

describe("fixed replies in the shopper's language (builtin engine, English knowledge base)", () => {
  it("should offer a Thai shopper a person in Thai when the knowledge base cannot answer", async () => {
    const { owner } = await englishShop();
    // "Do you have it in red?": no entry says.
    const { reply, line } = await ask(owner, "มีสีแดงไหม");
    expect(reply.citations ?? []).toEqual([]);
    expect(line?.meta.aiKind).toBe("offer_handover");
    expect(reply.text).toBe(
      "ขออภัย เราอาจช่วยเรื่องนี้ได้ไม่ถูกต้องนัก ต้องการให้เราเชื่อมต่อคุณกับเจ้าหน้าที่ของเราไหม",
    );
    expect(reply.language).toBe("th");
  });

  it("should answer a Thai shopper from the English entry under a Thai notice", async () => {
    const { owner, ship } = await englishShop();
    const { reply, line } = await ask(owner, "ส่งไปเม็กซิโกใช้เวลากี่วัน");
    expect(reply.citations).toEqual([ship]);
    expect(reply.text).toMatch(
      /^\S.*ภาษาอังกฤษ.*:\n\nOrders to Mexico arrive in 5 to 8 business days\.$/s,
    );
    expect(line?.meta).toMatchObject({ entryLanguage: "en", shopperLanguage: "th" });
  });

  it("should answer a Russian shopper from the English entry under a Russian notice", async () => {
    const { owner, ship } = await englishShop();
    const { reply, line } = await ask(owner, "Сколько времени занимает доставка в Мексику?");
    expect(reply.citations).toEqual([ship]);
    expect(reply.text).toBe(
      "Пока этот ответ есть только на языке «английский»:\n\nOrders to Mexico arrive in 5 to 8 business days.",
    );
    expect(line?.meta).toMatchObject({ entryLanguage: "en", shopperLanguage: "ru" });
  });

  it("should answer a Vietnamese shopper from the English entry under a Vietnamese notice", async () => {
    const { owner, ship } = await englishShop();
    const { reply, line } = await ask(owner, "Giao hàng đến Mexico mất bao lâu?");
    expect(reply.citations).toEqual([ship]);
    expect(reply.text).toBe(
      "Hiện chúng tôi chỉ có câu trả lời này bằng Tiếng Anh:\n\nOrders to Mexico arrive in 5 to 8 business days.",
    );
    expect(line?.meta).toMatchObject({ entryLanguage: "en", shopperLanguage: "vi" });
  });
});
