import { describe, expect, it } from "vitest";
import type { Contact } from "../shared/api-types";
import { ApiFailure } from "../shared/http";
import { matchCanned } from "./composer";
import { isMasked } from "./contact-panel";
import { windowOpen } from "./conversation";
import { meansNoProvider } from "./translation";

const canned = [
  { id: "1", shortcut: "shipping", text: "Shipping takes 3 to 5 business days." },
  { id: "2", shortcut: "refund", text: "Refunds reach your card within 10 days." },
  { id: "3", shortcut: "hello", text: "Hi! How can I help?" },
];

describe("matchCanned", () => {
  it("should match on shortcut or text, case-insensitively", () => {
    expect(matchCanned(canned, "ship").map((c) => c.id)).toEqual(["1"]);
    expect(matchCanned(canned, "CARD").map((c) => c.id)).toEqual(["2"]);
    expect(matchCanned(canned, "").map((c) => c.id)).toEqual(["1", "2", "3"]);
    expect(matchCanned(canned, "zzz")).toEqual([]);
  });
});

const contact = (over: Partial<Contact>): Contact => ({
  id: "ct_1",
  name: "A",
  email: null,
  phone: null,
  masked: [],
  language: null,
  country: null,
  vip: false,
  tags: [],
  attributes: {},
  optOut: [],
  createdAt: 0,
  updatedAt: null,
  lastSeenAt: null,
  identities: [],
  conversations: [],
  optIns: [],
  ...over,
});

describe("isMasked", () => {
  it("should trust the server's list of masked fields", () => {
    expect(isMasked(contact({ phone: "+34 600 000 000", masked: ["phone"] }), "phone")).toBe(true);
    expect(isMasked(contact({ phone: "+34 6•• ••• •00", masked: [] }), "phone")).toBe(false);
  });
  it("should name masked attributes by their path, as the reveal endpoint does", () => {
    const c = contact({
      attributes: { card: "**** 4242", plan: "gold" },
      masked: ["attributes.card"],
    });
    expect(isMasked(c, "attributes.card")).toBe(true);
    expect(isMasked(c, "attributes.plan")).toBe(false);
  });
});

describe("meansNoProvider", () => {
  it("should read provider errors as 'translation unavailable' but not network errors", () => {
    expect(meansNoProvider(new ApiFailure(503, "UNAVAILABLE", "No AI provider"))).toBe(true);
    expect(meansNoProvider(new ApiFailure(422, "VALIDATION_FAILED", "x"))).toBe(true);
    expect(meansNoProvider(new ApiFailure(0, "NETWORK", "offline"))).toBe(false);
    expect(meansNoProvider(new Error("boom"))).toBe(false);
  });
});

describe("windowOpen", () => {
  it("should follow the server and close once closesAt has passed while the page was open", () => {
    expect(windowOpen({ open: true, closesAt: 2_000 }, 1_000)).toBe(true);
    expect(windowOpen({ open: true, closesAt: 2_000 }, 3_000)).toBe(false);
    expect(windowOpen({ open: false, closesAt: null }, 1_000)).toBe(false);
    expect(windowOpen({ open: true, closesAt: null }, 1_000)).toBe(true);
  });
});
