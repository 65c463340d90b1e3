import { describe, expect, it } from "vitest";
import { toBase64Url } from "../lib/crypto";
import { base64ToBytes, base64UrlToBytes, hexToBytes } from "./crypto";

describe("crypto helpers", () => {
  it("should decode hex and base64 strictly", () => {
    expect(Array.from(hexToBytes("00ffA0")!)).toEqual([0, 255, 160]);
    expect(hexToBytes("abc")).toBeNull();
    expect(hexToBytes("zz")).toBeNull();
    expect(Array.from(base64ToBytes("AQID")!)).toEqual([1, 2, 3]);
    expect(base64ToBytes("AQI")).toBeNull();
    expect(base64ToBytes("AQ-D")).toBeNull();
    const bytes = new Uint8Array([251, 255, 190, 0]);
    expect(toBase64Url(bytes)).toBe("-_--AA");
    expect(Array.from(base64UrlToBytes("-_--AA")!)).toEqual(Array.from(bytes));
  });
});
