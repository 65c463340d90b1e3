// node --test test/e2e/unit-report.test.mjs
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { unitResults } from "./unit-report.mjs";

const passing = {
  name: "/r/web/a.test.ts",
  status: "passed",
  assertionResults: [{ fullName: "a works", status: "passed" }],
};

describe("unitResults", () => {
  it("should count a file that threw while loading as a failure", () => {
    const report = {
      testResults: [
        passing,
        {
          name: "/r/web/b.test.ts",
          status: "failed",
          message: "boom while loading",
          assertionResults: [],
        },
      ],
    };
    const out = unitResults(report, 1, "/r");
    assert.deepEqual(
      out.map((r) => [r.name, r.status]),
      [
        ["unit: web/a.test.ts > a works", "passed"],
        ["unit: web/b.test.ts (file)", "failed"],
      ],
    );
    assert.match(out[1].error ?? "", /boom while loading/);
  });

  it("should not add a file failure when its tests already failed", () => {
    const report = {
      testResults: [
        {
          name: "/r/web/c.test.ts",
          status: "failed",
          assertionResults: [{ fullName: "c", status: "failed", failureMessages: ["expected 1"] }],
        },
      ],
    };
    assert.deepEqual(
      unitResults(report, 1, "/r").map((r) => r.status),
      ["failed"],
    );
  });

  it("should fail a run whose exit status says failed when the report names nothing", () => {
    assert.deepEqual(
      unitResults({ testResults: [passing] }, 1, "/r").map((r) => r.status),
      ["passed", "failed"],
    );
    assert.deepEqual(
      unitResults({ testResults: [passing] }, 0, "/r").map((r) => r.status),
      ["passed"],
    );
    assert.equal(unitResults(null, 1, "/r")[0].status, "failed");
  });
});
