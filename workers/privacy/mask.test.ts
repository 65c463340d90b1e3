import { describe, expect, it } from "vitest";
import { maskAddress, maskAttributes, maskEmail, maskPayment, maskPhone } from "./mask";

describe("masking", () => {
  it("should mask emails to first letters and the top-level domain", () => {
    expect(maskEmail("john.doe@gmail.com")).toBe("j***@g***.com");
    expect(maskEmail("a@mail.example.co.uk")).toBe("a***@m***.uk");
    expect(maskEmail("broken")).toBe("***");
  });

  it("should mask phones keeping the country code and the last two digits", () => {
    expect(maskPhone("+34 612 345 612")).toBe("+34 *** *** 12");
    expect(maskPhone("+34612345612")).toBe("+34 *** *** 12");
    expect(maskPhone("+1 415 555 0199")).toBe("+1 *** *** 99");
    expect(maskPhone("0612 345 678")).toBe("*** *** 78");
  });

  it("should mask payment data to the last four characters", () => {
    expect(maskPayment("4242 4242 4242 4242")).toBe("**** 4242");
    expect(maskPayment("ES91 2100 0418 4502 0005 1332")).toBe("**** 1332");
  });

  it("should mask sensitive attributes by name or by value and leave the rest", () => {
    const { attributes, masked } = maskAttributes({
      plan: "gold",
      cardNumber: "4111111111111111",
      backupEmail: "x@y.com",
      note: "pay with 4000 0000 0000 0002",
      whatsapp: "+44 7700 900123",
      orders: 3,
    });
    expect(attributes).toEqual({
      plan: "gold",
      cardNumber: "**** 1111",
      backupEmail: "x***@y***.com",
      note: "pay with 4000 0000 0000 0002",
      whatsapp: "+44 *** *** 23",
      orders: 3,
    });
    expect(masked.sort()).toEqual([
      "attributes.backupEmail",
      "attributes.cardNumber",
      "attributes.whatsapp",
    ]);
  });

  it("should mask channel addresses of every kind", () => {
    expect(maskAddress("jane@shop.test")).toBe("j***@s***.test");
    expect(maskAddress("+34612345678")).toBe("+34 *** *** 78");
    expect(maskAddress("1234567890123")).toBe("*** *** 23");
    expect(maskAddress("U4af4980629abc")).toBe("U4***bc");
  });
});
