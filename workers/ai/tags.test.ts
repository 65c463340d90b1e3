import { describe, expect, it } from "vitest";
import { autoTag } from "./tags";
import { TagRule } from "./tags-rules";
import { lexiconSentiment } from "./providers/sentiment-lexicon";

describe("autoTag", () => {
  it("should pick the intent category and flags", () => {
    expect(autoTag("Where is my order? It has not arrived", null)).toMatchObject({
      intent: "order_status",
    });
    expect(autoTag("I want a refund, the item was broken", null).intent).toBe("complaint");
    expect(autoTag("Ich möchte die Rücksendung starten", null).intent).toBe("returns_refunds");
    const t = autoTag(
      "Do you have this in size M? Any discount code? I want to buy two",
      lexiconSentiment("ok"),
    );
    expect(t).toMatchObject({ intent: "pre_sales", purchaseIntent: true, priceSensitive: true });
    expect(t.tags).toEqual([
      "pre_sales",
      "purchase_intent",
      "price_sensitive",
      "sentiment:neutral",
    ]);
  });

  it("should find sensitive topics", () => {
    expect(
      autoTag("I will file a chargeback with my bank and call my lawyer", null).topics,
    ).toEqual(["chargeback", "legal"]);
  });

  it("should follow merchant-edited rules", () => {
    const rules = [
      TagRule.parse({ tag: "wholesale", kind: "intent", patterns: ["bulk order", "wholesale*"] }),
    ];
    expect(autoTag("Do you offer wholesale pricing?", null, rules).intent).toBe("wholesale");
    expect(autoTag("Where is my order?", null, rules).intent).toBeNull();
  });
});

describe("lexiconSentiment", () => {
  it("should notice upset customers in several languages", () => {
    expect(lexiconSentiment("This is UNACCEPTABLE, worst service ever!!!")).toMatchObject({
      label: "negative",
      angry: true,
    });
    expect(lexiconSentiment("Das ist eine Frechheit, das Paket ist kaputt").label).toBe("negative");
    expect(lexiconSentiment("C'est inacceptable").angry).toBe(true);
    expect(lexiconSentiment("Thanks, that's perfect").label).toBe("positive");
    expect(lexiconSentiment("When do you open tomorrow?")).toMatchObject({
      label: "neutral",
      negativity: 0,
    });
  });
});
