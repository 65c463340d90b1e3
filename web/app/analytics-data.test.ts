import { describe, expect, it } from "vitest";
import { dayRange, perDaySeries } from "./analytics-data";

describe("dayRange", () => {
  it("should include both ends and cross month boundaries", () => {
    expect(dayRange("2025-01-30", "2025-02-02")).toEqual([
      "2025-01-30",
      "2025-01-31",
      "2025-02-01",
      "2025-02-02",
    ]);
  });
});

describe("perDaySeries", () => {
  it("should fill missing days with zeros and total across channels", () => {
    const { days, series } = perDaySeries({
      from: "2025-03-01",
      to: "2025-03-03",
      perDay: [
        { day: "2025-03-01", channel: "widget", count: 2 },
        { day: "2025-03-03", channel: "whatsapp", count: 5 },
        { day: "2025-03-03", channel: "widget", count: 1 },
        { day: "2024-01-01", channel: "widget", count: 99 },
      ],
    });
    expect(days).toHaveLength(3);
    expect(series.map((s) => s.label)).toEqual(["all channels", "whatsapp", "widget"]);
    expect(series[0].values).toEqual([2, 0, 6]);
    expect(series[2].values).toEqual([2, 0, 1]);
  });
});
