import { describe, expect, it } from "vitest";
import { redactPii, restorePii, createPiiRedactor } from "./pii";
import { ibanValid, luhnValid, verhoeffValid } from "./pii/checksums";

describe("checksums", () => {
  it("should validate Luhn numbers", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });
  it("should validate IBANs by mod 97 and country length", () => {
    expect(ibanValid("DE89 3704 0044 0532 0130 00")).toBe(true);
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
    expect(ibanValid("DE89 3704 0044 0532 0130 01")).toBe(false);
    expect(ibanValid("DE89 3704 0044 0532 0130")).toBe(false);
  });
  it("should validate Verhoeff numbers", () => {
    expect(verhoeffValid("2363")).toBe(true);
    expect(verhoeffValid("2364")).toBe(false);
  });
});

describe("redactPii", () => {
  it("should redact a Luhn-valid card but keep an order number of the same length", () => {
    const r = redactPii("Card 4111 1111 1111 1111, order 4111111111111112");
    expect(r.text).toBe("Card [CARD_1], order 4111111111111112");
    expect(r.found).toEqual([
      { type: "CARD", placeholder: "[CARD_1]", value: "4111 1111 1111 1111" },
    ]);
  });

  it("should redact IBANs, emails and phone numbers with typed, numbered placeholders", () => {
    const r = redactPii(
      "IBAN DE89370400440532013000, mail jo@example.com or ana.b@shop.co.uk, call +49 30 1234567",
    );
    expect(r.text).toBe("IBAN [IBAN_1], mail [EMAIL_1] or [EMAIL_2], call [PHONE_1]");
  });

  it("should reuse the placeholder for a repeated value", () => {
    const r = redactPii("jo@example.com again jo@example.com");
    expect(r.text).toBe("[EMAIL_1] again [EMAIL_1]");
    expect(r.found).toHaveLength(1);
  });

  it("should redact national ids only when their check digits hold", () => {
    expect(redactPii("DNI 12345678Z").text).toBe("DNI [ID_1]");
    expect(redactPii("DNI 12345678A").text).toBe("DNI 12345678A");
    expect(redactPii("CF RSSMRA85T10A562S").text).toBe("CF [ID_1]");
    expect(redactPii("CPF 111.444.777-35").text).toBe("CPF [ID_1]");
    expect(redactPii("CPF 111.444.777-36").text).toBe("CPF 111.444.777-36");
    expect(redactPii("personnummer 811218-9876").text).toBe("personnummer [ID_1]");
    expect(redactPii("HETU 131052-308T").text).toBe("HETU [ID_1]");
    expect(redactPii("SSN 123-45-6789").text).toBe("SSN [ID_1]");
    expect(redactPii("SSN 666-45-6789").text).toBe("SSN 666-45-6789");
    expect(redactPii("my BSN 111222333").text).toBe("my [ID_1]");
  });

  it("should leave ordinary numbers, prices and dates alone", () => {
    const t = "Order #100234 for 49.99 EUR on 2024-05-01, qty 3";
    expect(redactPii(t)).toEqual({ text: t, found: [] });
  });

  it("should restore placeholders in a reply", () => {
    const r = redactPii("Send it to jo@example.com please");
    expect(restorePii("We will write to [EMAIL_1] today.", r.found)).toBe(
      "We will write to jo@example.com today.",
    );
  });
});

describe("createPiiRedactor", () => {
  it("should number values once across texts: the same value keeps its placeholder, different ones never share", () => {
    const r = createPiiRedactor();
    expect(r.redact("mail me at a@shop.test").text).toBe("mail me at [EMAIL_1]");
    const second = r.redact("the order went to b@shop.test, not a@shop.test");
    expect(second.text).toBe("the order went to [EMAIL_2], not [EMAIL_1]");
    expect(second.found.map((f) => f.placeholder).sort()).toEqual(["[EMAIL_1]", "[EMAIL_2]"]);
    expect(r.found).toHaveLength(2);
  });
});
