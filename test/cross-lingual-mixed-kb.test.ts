import { describe, expect, it } from "vitest";
import { call, signupTenant } from "./helpers";

// A knowledge base mostly in English with a few entries translated: a shopper whose language has
// *some* entries must still reach the English ones through the gloss (the demo shop has one
// Chinese entry, and every other Chinese question went to a person).
describe("cross-lingual answers when the shopper's language has only some entries", () => {
  it("should answer a Chinese question from the English entry and keep preferring a matching Chinese entry", async () => {
    const owner = await signupTenant();
    const add = async (entry: Record<string, unknown>) => {
      const res = await call("POST", "/api/kb/entries", { cookie: owner.cookie, body: entry });
      expect(res.status).toBe(201);
      return ((await res.json()) as { entry: { id: string } }).entry.id;
    };
    const pay = await add({
      language: "en",
      question: "Which payment methods do you accept?",
      phrasings: ["can I pay with PayPal"],
      answer: "We accept Visa, Mastercard and PayPal.",
    });
    await add({
      language: "en",
      question: "What is your return policy?",
      answer: "You can return unworn items within 30 days.",
    });
    const shipZh = await add({
      language: "zh",
      question: "发货需要多长时间？",
      answer: "订单在1个工作日内发出。",
    });
    const tryIt = async (message: string) => {
      const res = await call("POST", "/api/ai/try", { cookie: owner.cookie, body: { message } });
      expect(res.status).toBe(200);
      return (await res.json()) as {
        decision: string;
        result: { citations?: string[]; language: string };
      };
    };
    const payment = await tryIt("你们接受哪些付款方式？");
    expect(payment.decision).toBe("answer");
    expect(payment.result.citations).toEqual([pay]);
    const shipping = await tryIt("发货需要多长时间？");
    expect(shipping.result.citations).toEqual([shipZh]);
  });
});
