import { describe, expect, it } from "vitest";
import { frameworkErrorCode, frameworkErrorResponse } from "./errors";

describe("frameworkErrorResponse", () => {
  it("should give every framework status a code from the table, in the one shape", async () => {
    const cases: [number, string, string, number][] = [
      [400, "Malformed JSON in request body", "INVALID_JSON", 400],
      [400, "Malformed FormData request. boundary", "BAD_REQUEST", 400],
      [401, "Unauthorized", "UNAUTHENTICATED", 401],
      [404, "Not Found", "NOT_FOUND", 404],
      [405, "Method Not Allowed", "METHOD_NOT_ALLOWED", 405],
      [413, "Payload Too Large", "PAYLOAD_TOO_LARGE", 413],
      [415, "Unsupported Media Type", "UNSUPPORTED_MEDIA_TYPE", 415],
      [418, "I'm a teapot", "BAD_REQUEST", 400],
      [429, "Too Many Requests", "RATE_LIMITED", 429],
    ];
    for (const [status, message, code, answered] of cases) {
      const res = frameworkErrorResponse(status, message);
      expect(
        [res.status, ((await res.json()) as { error: { code: string } }).error.code],
        `${status} ${message}`,
      ).toEqual([answered, code]);
    }
  });

  it("should keep server statuses server errors", () => {
    expect(frameworkErrorCode(500, "boom")).toBe("INTERNAL");
    expect(frameworkErrorCode(502, "")).toBe("UPSTREAM_ERROR");
    expect(frameworkErrorCode(503, "")).toBe("UNAVAILABLE");
    expect(frameworkErrorCode(504, "")).toBe("INTERNAL");
  });
});
