import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, errorOf, signupTenant } from "./helpers";

describe("GET /demo/", () => {
  it("should answer 404 in the error shape while no demo tenant exists, and not pick another tenant", async () => {
    await signupTenant("Not the demo");
    const res = await call("GET", "/demo/");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("NOT_FOUND");
  });

  it("should redirect to the demo shop with the demo owner's widget key", async () => {
    const demo = await signupTenant("Aurora Outfitters (demo)", {
      email: "demo@edgedesk.dev",
      password: "edgedesk-demo-2026",
    });
    // Not followed: the redirect itself is what is under test.
    const res = await exports.default.fetch(
      new Request("https://edgedesk.test/demo/", { redirect: "manual" }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/demo-shop/?key=${demo.publicKey}`);
  });
});
