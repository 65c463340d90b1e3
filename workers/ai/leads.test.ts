import { describe, expect, it } from "vitest";
import { HIGH_INTENT, intentScore, leadFacts, mergeLead, startsLead } from "./leads";

describe("leadFacts", () => {
  it("should read product, quantity and size from a Spanish purchase", () => {
    const f = leadFacts("Hola, quiero comprar 2 zapatillas Aurora en talla 40");
    expect(f).toMatchObject({
      product: "zapatillas Aurora",
      quantity: 2,
      variant: "talla 40",
      purchase: true,
    });
    expect(intentScore(f)).toBeGreaterThanOrEqual(HIGH_INTENT);
  });

  it("should read a German verb-final order and an English price question for 3", () => {
    expect(leadFacts("Ich möchte zwei Laufschuhe Aurora kaufen")).toMatchObject({
      product: "Laufschuhe Aurora",
      quantity: 2,
      purchase: true,
    });
    const en = leadFacts("What's the price for 3 linen shirts in blue?");
    expect(en).toMatchObject({
      product: "linen shirts",
      quantity: 3,
      price: true,
      variant: "blue",
    });
    expect(startsLead(en)).toBe(true);
  });

  it("should read a Chinese and a Japanese purchase: counter quantities, colour, size and price", () => {
    const zh = leadFacts("我想买三件蓝色的T恤，M码，多少钱？");
    expect(zh).toMatchObject({
      product: "T恤",
      quantity: 3,
      variant: "蓝色, M码",
      purchase: true,
      price: true,
    });
    expect(intentScore(zh)).toBeGreaterThanOrEqual(HIGH_INTENT);
    expect(leadFacts("我要订购2双跑鞋")).toMatchObject({
      product: "跑鞋",
      quantity: 2,
      purchase: true,
    });
    const ja = leadFacts("スニーカーを2足買いたいです。サイズは27です。いくらですか？");
    expect(ja).toMatchObject({ product: "スニーカー", quantity: 2, purchase: true, price: true });
    expect(ja.variant).toBe("サイズ 27");
    for (const text of ["我的订单在哪里？", "我怎么退货？", "注文はいつ届きますか？"])
      expect(startsLead(leadFacts(text)), text).toBe(false);
  });

  it("should take a pre-sales size question as a low-intent lead", () => {
    const f = leadFacts("Do you have the Aurora sneakers in size 40?");
    expect(f).toMatchObject({ product: "Aurora sneakers", variant: "size 40", purchase: false });
    expect(startsLead(f)).toBe(true);
    expect(intentScore(f)).toBeLessThan(HIGH_INTENT);
  });

  it("should not start a lead on order-status, return or greeting messages", () => {
    for (const text of [
      "Where is my order AO-1234?",
      "I want to return the shoes I bought, they are too small",
      "Hola, buenos días",
      "Mi pedido no ha llegado todavía",
    ])
      expect(startsLead(leadFacts(text)), text).toBe(false);
  });

  it("should keep contact details apart from the quantity and merge them into the lead", () => {
    const first = leadFacts("Je voudrais acheter deux chemises en lin");
    const second = leadFacts("Mon email est marie@example.fr, tél +33 6 12 34 56 78, budget 120 €");
    expect(second).toMatchObject({
      email: "marie@example.fr",
      phone: "+33 6 12 34 56 78",
      budget: "120 €",
      quantity: null,
    });
    const lead = mergeLead(mergeLead(null, first), second);
    expect(lead).toMatchObject({ product: "chemises", quantity: 2, email: "marie@example.fr" });
    expect(intentScore(lead)).toBeGreaterThan(intentScore(first));
  });

  it("should keep the product when a later question names something else without buying it", () => {
    const lead = mergeLead(
      mergeLead(null, leadFacts("Quero comprar 2 mochilas Trail")),
      leadFacts("Quanto custa o envio?"),
    );
    expect(lead).toMatchObject({ product: "mochilas Trail", quantity: 2, price: true });
    expect(leadFacts("Perfecto, quiero pedir dos")).toMatchObject({ product: null, quantity: 2 });
  });
});
