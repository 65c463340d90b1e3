import { describe, expect, it } from "vitest";
import { CHANNEL_FORMS } from "./pages/channel-forms";
import { snippet } from "./pages/widget";

describe("snippet", () => {
  it("should be one async script tag with the public key", () => {
    expect(snippet("https://desk.example", "pk_abc")).toBe('<script src="https://desk.example/widget/loader.js" data-key="pk_abc" async></script>');
  });
});

describe("CHANNEL_FORMS", () => {
  it("should ask every messaging channel for at least one secret and name a test recipient", () => {
    for (const [type, form] of Object.entries(CHANNEL_FORMS)) {
      if (type !== "email") expect(form.fields.some((f) => f.secret)).toBe(true);
      expect(form.testTo.length).toBeGreaterThan(0);
      expect(new Set(form.fields.map((f) => f.key)).size).toBe(form.fields.length);
    }
  });
});
