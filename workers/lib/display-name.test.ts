import { describe, expect, it } from "vitest";
import { nameFromEmail, shopperFacingName } from "./display-name";

describe("nameFromEmail", () => {
  it("turns the local part into words", () => {
    expect(nameFromEmail("marta.garcia@shop.test")).toBe("Marta Garcia");
    expect(nameFromEmail("bo_lind@shop.test")).toBe("Bo Lind");
  });

  it("drops a sub-address tag, also one made only of letters", () => {
    expect(nameFromEmail("marta.garcia+mxdabhdw@e2e.test")).toBe("Marta Garcia");
    expect(nameFromEmail("bo.lind+mj3k2x1@e2e.test")).toBe("Bo Lind");
  });

  it("leaves out words with digits and empty input", () => {
    expect(nameFromEmail("sales2024@shop.test")).toBe("");
    expect(nameFromEmail("")).toBe("");
  });
});

describe("shopperFacingName", () => {
  it("never shows an email address to shoppers", () => {
    expect(shopperFacingName("marta@shop.test", "Aurora")).toBe("Aurora");
    expect(shopperFacingName(" Marta ", "Aurora")).toBe("Marta");
    expect(shopperFacingName(null, "Aurora")).toBe("Aurora");
  });
});
