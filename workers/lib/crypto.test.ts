import { describe, expect, it } from "vitest";
import { timingSafeEqual } from "./crypto";

describe("timingSafeEqual", () => {
  it("should compare bytes and strings exactly, including length", () => {
    const a = new Uint8Array([1, 2, 3]);
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 4]))).toBe(false);
    expect(timingSafeEqual(a, new Uint8Array([1, 2, 3, 0]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array(), new Uint8Array())).toBe(true);
    expect(timingSafeEqual("sécret", "sécret")).toBe(true);
    expect(timingSafeEqual("sécret", "secret")).toBe(false);
    expect(timingSafeEqual("sécret", new TextEncoder().encode("sécret"))).toBe(true);
  });
});
