import { describe, expect, it } from "vitest";
import { toBase64Url } from "../lib/crypto";
import { signVisitorToken, verifyVisitorToken } from "./widget";

const claims = { t: "ten_1", c: "chn_1", x: "v:abc", iat: 1, exp: Date.now() + 60_000 };

describe("visitor tokens", () => {
  it("should verify a token it signed and nothing else", async () => {
    const token = await signVisitorToken("key-1", claims);
    expect(await verifyVisitorToken("key-1", token)).toEqual(claims);
    expect(await verifyVisitorToken("key-2", token)).toBeNull();
    const [v, payload, sig] = token.split(".");
    const forged = toBase64Url(
      new TextEncoder().encode(JSON.stringify({ ...claims, x: "u:admin" })),
    );
    expect(await verifyVisitorToken("key-1", `${v}.${forged}.${sig}`)).toBeNull();
    expect(await verifyVisitorToken("key-1", `${v}.${payload}`)).toBeNull();
  });

  it("should refuse an expired token", async () => {
    const token = await signVisitorToken("key-1", { ...claims, exp: 10 });
    expect(await verifyVisitorToken("key-1", token)).toBeNull();
  });
});
