import { describe, expect, it } from "vitest";
import {
  base64ToBytes,
  base64UrlToBytes,
  bytesToBase64Url,
  hexToBytes,
  timingSafeEqual,
  timingSafeEqualStrings,
} from "./crypto";

describe("crypto helpers", () => {
  it("should compare bytes exactly, including length", () => {
    const a = new Uint8Array([1, 2, 3]);
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3, 0]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array(), new Uint8Array())).toBe(true);
    expect(timingSafeEqualStrings("sécret", "sécret")).toBe(true);
    expect(timingSafeEqualStrings("sécret", "secret")).toBe(false);
  });

  it("should decode hex and base64 strictly", () => {
    expect(Array.from(hexToBytes("00ffA0")!)).toEqual([0, 255, 160]);
    expect(hexToBytes("abc")).toBeNull();
    expect(hexToBytes("zz")).toBeNull();
    expect(Array.from(base64ToBytes("AQID")!)).toEqual([1, 2, 3]);
    expect(base64ToBytes("AQI")).toBeNull();
    expect(base64ToBytes("AQ-D")).toBeNull();
    const bytes = new Uint8Array([251, 255, 190, 0]);
    expect(bytesToBase64Url(bytes)).toBe("-_--AA");
    expect(Array.from(base64UrlToBytes("-_--AA")!)).toEqual(Array.from(bytes));
  });
});
