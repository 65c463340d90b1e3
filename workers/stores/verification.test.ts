import { describe, expect, it } from "vitest";
import { newAddress } from "../ai/store-orders";
import { checkCode, hashCode, maskEmail, newCode, type CodeRow } from "./verification";

const KEY = "test-signing-key";

async function sentRow(code: string, expiresAt: number): Promise<CodeRow> {
  return {
    id: "ver_1",
    state: "sent",
    codeHash: await hashCode(KEY, "ver_1", code),
    expiresAt,
    attempts: 0,
  };
}

describe("one-time code rules", () => {
  it("should mask an address to its first letters and top-level domain", () => {
    expect(maskEmail("jane.smith@mail.example.com")).toBe("j***@m***.com");
    expect(maskEmail("lucia.garcia@example.com")).toBe("l***@e***.com");
  });

  it("should make 6-digit codes", () => {
    for (let i = 0; i < 50; i++) expect(newCode()).toMatch(/^\d{6}$/);
  });

  it("should verify the right code before expiry, refuse a late or wrong one, and lock after five tries", async () => {
    const row = await sentRow("123456", 1_000);
    expect((await checkCode(KEY, row, "123456", 999)).result).toEqual({ kind: "verified" });
    expect((await checkCode(KEY, row, "123456", 1_001)).result).toEqual({ kind: "expired" });
    expect((await checkCode(KEY, row, "654321", 999)).result).toEqual({
      kind: "wrong",
      attemptsLeft: 4,
    });
    // The hash is bound to the row: the same code under another row's id does not match.
    expect((await checkCode(KEY, { ...row, id: "ver_2" }, "123456", 999)).result.kind).toBe(
      "wrong",
    );
    const last = await checkCode(KEY, { ...row, attempts: 4 }, "654321", 999);
    expect(last).toMatchObject({ result: { kind: "locked" }, attempts: 5, state: "locked" });
    expect((await checkCode(KEY, { ...row, attempts: 5 }, "123456", 999)).result.kind).toBe(
      "locked",
    );
  });
});

describe("newAddress", () => {
  it("should read street, postcode and city in either order, and an optional country code", () => {
    expect(
      newAddress("change the address of order #1002 to 55 Elm Street, 10001 New York, US", "1002"),
    ).toEqual({
      address1: "55 Elm Street",
      city: "New York",
      zip: "10001",
      country: "US",
    });
    expect(
      newAddress("address of order #727 to 12 Main Street, San Francisco 94107?", "727"),
    ).toEqual({
      address1: "12 Main Street",
      city: "San Francisco",
      zip: "94107",
      country: null,
    });
  });

  it("should find no address where the message has none in that shape", () => {
    expect(newAddress("Can you change the address of order #727? I moved.", "727")).toBeNull();
    expect(newAddress("change order #727 to somewhere nice", "727")).toBeNull();
  });
});
