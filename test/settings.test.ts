import { describe, expect, it } from "vitest";
import { addMember, call, signupTenant } from "./helpers";

describe("settings", () => {
  it("should return widget defaults, save changes for admins, and refuse agents and bad colours", async () => {
    const owner = await signupTenant();
    const defaults = (
      (await (await call("GET", "/api/settings/widget", { cookie: owner.cookie })).json()) as {
        settings: {
          color: string;
          defaultLanguage: string;
          texts: Record<string, unknown>;
          identitySecret: string;
        };
      }
    ).settings;
    expect(defaults.identitySecret?.length).toBeGreaterThan(20);
    expect(defaults.color).toBe("#4f46e5");
    // Nothing worded yet: every text is the built-in one in the shopper's language.
    expect(defaults).toMatchObject({ defaultLanguage: "en", texts: {} });
    const put = await call("PUT", "/api/settings/widget", {
      cookie: owner.cookie,
      body: { color: "#ff0000", position: "left" },
    });
    expect(put.status).toBe(200);
    const after = (
      (await (await call("GET", "/api/settings/widget", { cookie: owner.cookie })).json()) as {
        settings: { color: string; position: string };
      }
    ).settings;
    expect(after).toMatchObject({ color: "#ff0000", position: "left" });
    expect(
      (await call("PUT", "/api/settings/widget", { cookie: owner.cookie, body: { color: "red" } }))
        .status,
    ).toBe(422);
    const agent = await addMember(owner, "agent");
    expect(
      (
        await call("PUT", "/api/settings/widget", {
          cookie: agent.cookie,
          body: { color: "#000000" },
        })
      ).status,
    ).toBe(403);
    const still = (
      (await (await call("GET", "/api/settings/widget", { cookie: agent.cookie })).json()) as {
        settings: { color: string; identitySecret?: string };
      }
    ).settings;
    expect(still.color).toBe("#ff0000");
    expect(still.identitySecret).toBeUndefined();
    const audit = (await (await call("GET", "/api/audit", { cookie: owner.cookie })).json()) as {
      entries: { action: string; targetId: string }[];
    };
    expect(
      audit.entries.some((e) => e.action === "settings.updated" && e.targetId === "widget"),
    ).toBe(true);
  });
});
