import { describe, expect, it } from "vitest";
import { KnowledgeIndex, type KbEntry, decideAnswer } from "./index";

const entries: KbEntry[] = [
  {
    id: "shipping-time",
    question: "How long does shipping take?",
    phrasings: ["When will my order arrive?", "delivery time", "how many days for delivery"],
    answer: "Orders ship within 24 hours and arrive in 2-4 business days.",
  },
  {
    id: "returns",
    question: "How do I return an item?",
    phrasings: ["return policy", "can I send it back", "I want a refund"],
    answer: "You can return unused items within 30 days for a full refund.",
  },
  {
    id: "delete-account",
    question: "How do I delete my account?",
    phrasings: ["close my account"],
    answer: "Go to Settings, then Privacy, then Delete account.",
  },
  {
    id: "ja-shipping",
    question: "配送にはどのくらい時間がかかりますか",
    phrasings: ["いつ届きますか"],
    answer: "2〜4営業日でお届けします。",
    language: "ja",
  },
];

describe("KnowledgeIndex", () => {
  const index = KnowledgeIndex.build(entries);

  it("should report its size", () => {
    expect(index.size).toBe(4);
    expect(KnowledgeIndex.build([]).search("anything")).toEqual([]);
  });

  it("should rank the matching entry first for a paraphrase", () => {
    expect(index.search("when does my package get delivered")[0].id).toBe("shipping-time");
    expect(index.search("I'd like my money back for this")[0].id).toBe("returns");
  });

  it("should survive typos through character n-grams", () => {
    expect(index.search("how lnog dose shiping tkae")[0].id).toBe("shipping-time");
  });

  it("should match synonyms through the thesaurus", () => {
    expect(index.search("remove my profile")[0].id).toBe("delete-account");
  });

  it("should match text in scripts without spaces", () => {
    expect(index.search("配送はいつ届きますか")[0].id).toBe("ja-shipping");
  });

  it("should use answer passages as evidence", () => {
    expect(index.search("within 30 days unused")[0].id).toBe("returns");
  });

  it("should return calibrated confidences in 0..1, best first", () => {
    const hits = index.search("how long does shipping take", 3);
    expect(hits).toHaveLength(3);
    for (const h of hits) expect(h.confidence).toBeGreaterThanOrEqual(0);
    expect(hits[0].confidence).toBeLessThanOrEqual(1);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    expect(hits[0].confidence).toBeGreaterThan(hits[1].confidence);
  });

  it("should be less confident for an unrelated question than for an exact one", () => {
    const exact = index.search("How do I return an item?")[0].confidence;
    const unrelated = index.search("what is the capital of mongolia")[0]?.confidence ?? 0;
    expect(exact).toBeGreaterThan(unrelated);
    expect(decideAnswer(unrelated, 0.6)).toBe(false);
  });

  it("should learn separating words when entries have many phrasings", () => {
    const many: KbEntry[] = [
      {
        id: "balance",
        question: "what is my balance",
        phrasings: [
          "how much money do i have",
          "account balance please",
          "show my balance",
          "balance on my checking account",
          "what's left in my account",
          "current balance",
          "tell me my balance",
          "how much is in savings",
          "check balance",
          "balance inquiry",
        ],
        answer: "",
      },
      {
        id: "transfer",
        question: "transfer money",
        phrasings: [
          "move money to savings",
          "send money to my checking account",
          "transfer funds",
          "make a transfer",
          "wire money to my account",
          "move 100 dollars",
          "transfer from checking to savings",
          "send funds",
          "initiate a transfer",
          "money transfer please",
        ],
        answer: "",
      },
    ];
    const idx = KnowledgeIndex.build(many);
    expect(idx.search("please move some money into my savings account")[0].id).toBe("transfer");
    expect(idx.search("how much money is in my checking account")[0].id).toBe("balance");
  });
  it("should weigh phrasings with their own statistics, not the answers'", () => {
    // "inbox" is in every answer but in one question only: among the questions it is
    // telling, so the phrasing similarity must not depend on what the answers say.
    const kb: KbEntry[] = [
      { id: "primary", question: "search only the primary inbox", phrasings: [], answer: "" },
      { id: "date", question: "search messages on a particular date", phrasings: [], answer: "" },
    ];
    const wordy = kb.map((e) => ({
      ...e,
      answer: "Open the inbox. The inbox shows mail. Inbox inbox inbox.",
    }));
    const plain = KnowledgeIndex.build(kb).signals("search a particular inbox");
    const withAnswers = KnowledgeIndex.build(wordy).signals("search a particular inbox");
    expect(plain && withAnswers).toBeTruthy();
    expect(Array.from(withAnswers?.phrase ?? [])).toEqual(Array.from(plain?.phrase ?? []));
  });

  it("should count query words the index has never seen against the similarity", () => {
    const idx = KnowledgeIndex.build(entries);
    const short = idx.signals("delivery time")?.phraseWord ?? new Float32Array(0);
    const padded = idx.signals("delivery time zorblax quuxify")?.phraseWord ?? new Float32Array(0);
    expect(short[0]).toBeCloseTo(1, 5);
    expect(padded[0]).toBeLessThan(0.8);
    expect(padded[0]).toBeGreaterThan(0);
  });
});
