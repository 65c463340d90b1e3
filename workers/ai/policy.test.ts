import { describe, expect, it } from "vitest";
import { evaluateHandover, type HandoverInput } from "./policy";
import { message } from "./messages";
import { HandoverPolicy } from "./ai-settings";
import { isOpen } from "../lib/business-hours";

const policy = HandoverPolicy.parse({});
const calm = { label: "neutral" as const, negativity: 0, angry: false, source: "lexicon" as const };
const base: HandoverInput = {
  message: "How long does shipping take?",
  sentiment: calm,
  confidence: 0.9,
  answerable: true,
  topics: [],
  contact: { vip: false },
  history: [],
  now: new Date("2025-03-05T10:00:00Z"), // a Wednesday
  businessHours: null,
};
const decide = (over: Partial<HandoverInput>, p = policy) =>
  evaluateHandover({ ...base, ...over }, p);

describe("evaluateHandover", () => {
  it("should let the AI answer a confident, calm question", () => {
    expect(decide({})).toMatchObject({ handover: false, offer: false, rule: null });
  });

  it.each([
    "I want to talk to a human",
    "Kann ich bitte mit einem Mitarbeiter sprechen?",
    "je veux parler à un conseiller",
    "转人工",
    "quiero hablar con una persona",
  ])("should hand over at once on an explicit request: %s", (msg) => {
    expect(decide({ message: msg })).toMatchObject({
      handover: true,
      offer: false,
      rule: "explicit_request",
    });
  });

  it("should not treat a request as explicit when the rule is off", () => {
    expect(
      decide({ message: "talk to a human" }, { ...policy, explicitRequest: false }).rule,
    ).toBeNull();
  });

  it("should offer once on negative sentiment, then hand over", () => {
    const upset = {
      label: "negative" as const,
      negativity: 0.9,
      angry: true,
      source: "lexicon" as const,
    };
    const first = decide({ sentiment: upset });
    expect(first).toMatchObject({ handover: false, offer: true, rule: "negative_sentiment" });
    const history = [
      {
        role: "ai" as const,
        text: message("offer_handover", "en"),
        kind: "offer_handover" as const,
      },
    ];
    expect(decide({ sentiment: upset, history })).toMatchObject({
      handover: true,
      rule: "negative_sentiment",
    });
  });

  it("should recognise a stored offer by its text when the kind is missing", () => {
    const history = [{ role: "ai" as const, text: message("offer_handover", "de") }];
    expect(decide({ answerable: false, confidence: 0.1, history })).toMatchObject({
      handover: true,
      rule: "low_confidence",
    });
  });

  it("should hand over when the shopper accepts the offer", () => {
    const history = [
      { role: "shopper" as const, text: "what is the meaning of life" },
      { role: "ai" as const, text: "…", kind: "offer_handover" as const },
    ];
    expect(decide({ message: "yes please", history })).toMatchObject({
      handover: true,
      rule: "accepted_offer",
    });
    expect(decide({ message: "no thanks", history }).rule).toBeNull();
  });

  it("should offer on low confidence, and skip the offer when offerFirst is off", () => {
    expect(decide({ answerable: false, confidence: 0.2 })).toMatchObject({
      offer: true,
      rule: "low_confidence",
    });
    expect(
      decide({ answerable: false, confidence: 0.2 }, { ...policy, offerFirst: false }),
    ).toMatchObject({ handover: true, rule: "low_confidence" });
  });

  it("should hand over when the same question fails twice", () => {
    const history = [
      { role: "shopper" as const, text: "Where is my parcel number 5512?" },
      { role: "ai" as const, text: "It ships in 2 days.", kind: "answer" as const },
    ];
    expect(decide({ message: "where is my parcel number 5512??", history })).toMatchObject({
      handover: true,
      rule: "repeated_failure",
    });
    expect(decide({ message: "do you sell gift cards", history }).rule).toBeNull();
  });

  it("should send VIP contacts to a person", () => {
    expect(decide({ contact: { vip: true } })).toMatchObject({ handover: true, rule: "vip" });
    expect(decide({ contact: { vip: true } }, { ...policy, vip: false }).rule).toBeNull();
  });

  it("should hand over merchant-chosen sensitive topics only", () => {
    expect(decide({ topics: ["chargeback"] })).toMatchObject({
      handover: true,
      rule: "sensitive_topic",
    });
    expect(decide({ topics: ["safety"] }).rule).toBeNull();
    expect(decide({ topics: ["safety"] }, { ...policy, sensitiveTopics: ["safety"] }).rule).toBe(
      "sensitive_topic",
    );
  });

  it("should hand over when a tool failed", () => {
    expect(decide({ toolFailed: true })).toMatchObject({ handover: true, rule: "tool_failure" });
  });

  it("should collect contact details instead of queueing outside business hours", () => {
    const businessHours = {
      timezone: "Europe/Berlin",
      days: { wed: [["09:00", "17:00"]] as [string, string][] },
    };
    const open = decide({ message: "talk to a human", businessHours });
    expect(open).toMatchObject({ handover: true, collectContact: false });
    const closed = decide({
      message: "talk to a human",
      businessHours,
      now: new Date("2025-03-05T20:00:00Z"),
    });
    expect(closed).toMatchObject({
      handover: true,
      collectContact: true,
      rule: "explicit_request",
    });
    expect(closed.reason).toContain("outside business hours");
  });
});

describe("isOpen", () => {
  it("should honour the time zone and overnight intervals", () => {
    const hours = {
      timezone: "America/New_York",
      days: { fri: [["22:00", "02:00"]] as [string, string][] },
    };
    expect(isOpen(hours, new Date("2025-03-08T03:30:00Z"))).toBe(true); // Fri 22:30 in New York
    expect(isOpen(hours, new Date("2025-03-07T15:00:00Z"))).toBe(false);
    expect(isOpen(null, new Date())).toBe(true);
  });
});
