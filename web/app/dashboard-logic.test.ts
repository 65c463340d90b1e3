import { describe, expect, it } from "vitest";
import { snippet } from "./pages/widget";

describe("snippet", () => {
  it("should be one async script tag with the public key", () => {
    expect(snippet("https://desk.example", "pk_abc")).toBe(
      '<script src="https://desk.example/widget/loader.js" data-key="pk_abc" async></script>',
    );
  });
});
