import { describe, expect, it } from "vitest";
import { serial } from "./serial";

describe("serial", () => {
  it("should start each call only after the previous one settled, so the server sees them in order", async () => {
    const seen: string[] = [];
    const slow = (ms: number, v: string) =>
      new Promise<string>((r) => setTimeout(() => (seen.push(v), r(v)), ms));
    const send = serial((v: string) => slow(v === "online" ? 30 : 1, v));
    const a = send("online");
    const b = send("away");
    expect(await Promise.all([a, b])).toEqual(["online", "away"]);
    expect(seen).toEqual(["online", "away"]);
  });

  it("should go on after a failed call and still report the failure to its caller", async () => {
    const send = serial(async (v: string) => {
      if (v === "bad") throw new Error("refused");
      return v;
    });
    const bad = send("bad");
    const good = send("good");
    await expect(bad).rejects.toThrow("refused");
    await expect(good).resolves.toBe("good");
  });
});
