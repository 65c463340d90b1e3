/**
 * Every platform fixture, parsed the way the inbound consumer parses it, against the recorded events
 * the engine receives (`__snapshots__/inbound-events.test.ts.snap`).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseInbound } from "./connection";
import { fixtureBytes, fixturePaths } from "./testing/fixtures";

const FOLDERS: [type: string, folder: string][] = [
  ["whatsapp", "webhooks/whatsapp/flat"],
  ["messenger", "webhooks/messenger"],
  ["telegram", "webhooks/telegram"],
  ["line", "webhooks/line/java-callback"],
];
const envelope = { "x-envelope-from": "env@example.org", "x-envelope-to": "help@shop.test" };
const cases = [
  ...FOLDERS.flatMap(([type, folder]) =>
    fixturePaths(folder)
      .filter((p) => p.endsWith(".json"))
      .map((path) => ({ type, path, headers: {} })),
  ),
  ...fixturePaths("email").map((path) => ({ type: "email", path, headers: envelope })),
];

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-01-02T03:04:05Z"));
});
afterAll(() => vi.useRealTimers());

describe("parseInbound", () => {
  it("should cover every fixture", () => {
    const count = (type: string) => cases.filter((c) => c.type === type).length;
    expect(["whatsapp", "messenger", "telegram", "line", "email"].map(count)).toEqual([
      74, 8, 14, 27, 4,
    ]);
  });

  it.each(cases)("should give the engine's events for $path", async ({ type, path, headers }) => {
    const { events, inline } = await parseInbound(type, fixtureBytes(path), headers, "platform");
    // As the queue and the object's log keep them: JSON, where an undefined field is no field.
    const kept = JSON.parse(JSON.stringify({ events, inline: [...inline.keys()] }));
    expect(kept).toMatchSnapshot();
  });
});
