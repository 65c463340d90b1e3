import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
describe("smoke", () => {
  it("should answer", async () => {
    const res = await exports.default.fetch("http://x/healthz");
    expect(await res.text()).toBe("ok");
  });
});
