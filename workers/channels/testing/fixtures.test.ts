import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../lib/crypto";
import { fixtureBytes, fixturePaths } from "./fixtures";

// `sha256sum` of the files in ../shared/fixtures. The messenger files (BOM/CRLF) are checked the same
// way in messenger.test.ts.
const SUMS: Record<string, string> = {
  "email/arf.eml": "0317b826707aaec39e1e30e66cb6cbf69c61f26cad383efbf131b1c497a0e315",
  "email/bounce.eml": "56e1ccd277f74cbac89285187956af05b30cf75f86362b5e20a6a5196755a3a6",
  "email/calendar-event.eml": "9da5d31bd3aedfcab68797a0416713f6a45e81aabc0d76b735393874fe38b1a7",
  "email/mixed.eml": "3ede490b79dc9de4e52ac67cbbfdc43269125561a18623898bbd9cc104fd8bf6",
  "webhooks/signature-vectors.json":
    "2cf174c7df33d1f33f30a4015b594a673f2106ef1a789738c097987554a0138a",
};

describe("fixture loading", () => {
  it("should see every fixture folder", () => {
    expect(fixturePaths("email")).toHaveLength(4);
    expect(fixturePaths("webhooks/whatsapp/flat")).toHaveLength(74);
    expect(fixturePaths("webhooks/line/java-callback")).toHaveLength(27);
    expect(fixturePaths("webhooks/telegram")).toHaveLength(14);
    expect(fixturePaths("webhooks/messenger")).toHaveLength(8);
  });

  it.each(Object.entries(SUMS))("should return %s byte for byte (CRLF kept)", async (path, sum) => {
    expect(await sha256Hex(fixtureBytes(path))).toBe(sum);
  });
});
