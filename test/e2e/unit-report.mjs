/**
 * The web unit tests' vitest JSON report as suite results. Counting only per-test results would lose
 * a file that throws while loading (it has no tests, so nothing failed); such a file is a failure of
 * its own, and a vitest run that failed with nothing in the report to say why is one too.
 */
import path from "node:path";

/**
 * @param {{ testResults?: { name: string, status: string, message?: string, assertionResults: { fullName: string, status: string, failureMessages?: string[] }[] }[] } | null} report
 * @param {number | null} exitStatus vitest's exit status
 * @param {string} root paths are shown relative to it
 * @returns {{ name: string, status: "passed" | "failed", error?: string }[]}
 */
export function unitResults(report, exitStatus, root) {
  if (!report || !Array.isArray(report.testResults))
    return [
      {
        name: "unit: web/vitest.config.ts",
        status: "failed",
        error: `no report (vitest exited with ${exitStatus})`,
      },
    ];
  /** @type {{ name: string, status: "passed" | "failed", error?: string }[]} */
  const out = [];
  for (const file of report.testResults) {
    const rel = path.relative(root, file.name);
    for (const a of file.assertionResults)
      out.push({
        name: `unit: ${rel} > ${a.fullName}`,
        status: a.status === "passed" ? "passed" : "failed",
        ...(a.status === "passed" ? {} : { error: a.failureMessages?.join("\n") || a.status }),
      });
    const testFailed = file.assertionResults.some((a) => a.status === "failed");
    if (file.status === "failed" && !testFailed)
      out.push({
        name: `unit: ${rel} (file)`,
        status: "failed",
        error: `failed outside its tests (e.g. while loading): ${file.message || "no message"}`,
      });
  }
  if (exitStatus !== 0 && !out.some((r) => r.status === "failed"))
    out.push({
      name: "unit: web/vitest.config.ts",
      status: "failed",
      error: `vitest exited with ${exitStatus} and the report names no failure`,
    });
  return out;
}
