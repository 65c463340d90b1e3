import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { KnowledgeIndex } from "../engine";
import { DEFAULT_THRESHOLD } from "../ai-settings";
import { glossQuery } from "./gloss";
import { searchWithGloss } from "./search";
import { assetsLexiconSource, loadLexicon } from "./source";

// Everyday shop questions against an English knowledge base, glossed with the real lexicons the
// Worker serves (web/dist/lexicons, from data/lexicons): each must be answered, not handed over.
const KB = KnowledgeIndex.build([
  {
    id: "ship",
    question: "How long does shipping to Mexico take?",
    phrasings: [],
    answer: "Orders to Mexico arrive in 5 to 8 business days.",
  },
  {
    id: "return",
    question: "How do I return an item?",
    phrasings: [],
    answer: "You can return unworn items within 30 days for a full refund.",
  },
  {
    id: "pay",
    question: "Which payment methods do you accept?",
    phrasings: [],
    answer: "We accept Visa, Mastercard and PayPal.",
  },
  {
    id: "status",
    question: "Where is my order?",
    phrasings: [],
    answer: "Follow the tracking link in your confirmation email to see where your order is.",
  },
]);

const QUESTIONS: [lang: string, question: string, entry: string][] = [
  ["es", "¿Cuánto tarda el envío a México?", "ship"],
  ["es", "cuanto tarda el envio a mexico", "ship"],
  ["es", "¿Puedo devolver un artículo?", "return"],
  ["es", "¿Qué métodos de pago aceptan?", "pay"],
  ["es", "¿Dónde está mi pedido?", "status"],
  ["de", "Wie lange dauert der Versand nach Mexiko?", "ship"],
  ["de", "Welche Zahlungsmethoden akzeptieren Sie?", "pay"],
  ["de", "Wo ist meine Bestellung?", "status"],
  ["fr", "Combien de temps prend la livraison au Mexique ?", "ship"],
  ["fr", "Quels moyens de paiement acceptez-vous ?", "pay"],
  ["fr", "Où est ma commande ?", "status"],
  ["zh", "寄到墨西哥要多久？", "ship"],
  ["zh", "我怎么退货？", "return"],
  ["zh", "你们接受哪些付款方式？", "pay"],
  ["zh", "我的订单在哪里？", "status"],
  ["ja", "メキシコへの配送はどのくらいかかりますか？", "ship"],
  ["ja", "商品を返品するにはどうすればいいですか？", "return"],
  ["ja", "どの支払い方法が使えますか？", "pay"],
  ["ja", "私の注文はどこですか？", "status"],
  ["ru", "Сколько времени занимает доставка в Мексику?", "ship"],
  ["ru", "Как вернуть товар?", "return"],
  ["ru", "Какие способы оплаты вы принимаете?", "pay"],
  ["ru", "Где мой заказ?", "status"],
  ["ro", "Cât durează livrarea în Mexic?", "ship"],
  ["ro", "Cum returnez un produs?", "return"],
  ["ro", "Ce metode de plată acceptați?", "pay"],
  ["ro", "Unde este comanda mea?", "status"],
  ["vi", "Giao hàng đến Mexico mất bao lâu?", "ship"],
  ["vi", "Đơn hàng của tôi ở đâu?", "status"],
  ["ar", "كم يستغرق الشحن إلى المكسيك؟", "ship"],
  ["ar", "كيف أرجع المنتج؟", "return"],
  ["ar", "ما هي طرق الدفع المقبولة؟", "pay"],
  ["hi", "मेक्सिको में शिपिंग में कितना समय लगता है?", "ship"],
  ["th", "การจัดส่งไปเม็กซิโกใช้เวลานานเท่าไหร่", "ship"],
  ["th", "ส่งไปเม็กซิโกกี่วัน", "ship"],
];

describe("cross-lingual shop questions (real lexicons, English knowledge base)", () => {
  const source = assetsLexiconSource(env.ASSETS);

  it.each(QUESTIONS)("should answer the %s question %j from the entry %s", async (lang, q, id) => {
    const lex = await loadLexicon(lang, source);
    expect(lex, `lexicon ${lang}`).not.toBeNull();
    const gloss = glossQuery(q, lang, lex!);
    const [top] = searchWithGloss(KB, q, gloss, 3);
    expect({ id: top?.id, gloss: gloss.text }).toMatchObject({ id });
    expect(top.confidence, gloss.text).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it("should hand over a Thai returns question whose words the lexicon lacks, not answer it wrongly", async () => {
    const lex = await loadLexicon("th", source);
    const q = "ฉันจะคืนสินค้าได้อย่างไร";
    const [top] = searchWithGloss(KB, q, glossQuery(q, "th", lex!), 3);
    expect(top?.confidence ?? 0).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it("should gloss the Spanish shipping question with the verb's lemma, not a look-alike noun", async () => {
    const lex = await loadLexicon("es", source);
    const words = glossQuery("¿Cuánto tarda el envío a México?", "es", lex!).text.split(" ");
    expect(words).toEqual(expect.arrayContaining(["how", "take", "mexico"]));
    expect(words).not.toContain("afternoon");
    expect(words).toContain("sending");
  });
});
