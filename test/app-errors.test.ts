/**
 * The app's edges through the real Worker: framework exceptions in the one error shape, the 500 that
 * shows nothing internal, the body limits (1 MB for API bodies, 26 MB for uploads).
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { widgetSession } from "./engine-helpers";
import { call, errorOf, signupTenant } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const MB = 1024 * 1024;

function pngForm(size: number): FormData {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const f = new FormData();
  f.append("file", new File([bytes], "big.png", { type: "image/png" }));
  return f;
}

describe("framework errors in the one error shape", () => {
  it("should answer a JSON route sent text/plain with 415 UNSUPPORTED_MEDIA_TYPE and change nothing", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/kb/entries", {
      cookie: owner.cookie,
      rawBody: JSON.stringify({ question: "Q?", answer: "A." }),
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const list = (await (
      await call("GET", "/api/kb/entries", { cookie: owner.cookie })
    ).json()) as { entries: unknown[] };
    expect(list.entries).toHaveLength(0);
  });

  it("should answer malformed JSON with 400 INVALID_JSON", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/kb/entries", {
      cookie: owner.cookie,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("INVALID_JSON");
  });
});

describe("an unexpected failure", () => {
  it("should answer 500 INTERNAL with the request id only, and log the cause under that id", async () => {
    const owner = await signupTenant();
    const internal = "D1_ERROR: no such column: secret_internal_detail";
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation(
      (line: unknown) => void errors.push(String(line)),
    );
    vi.spyOn(env.DB, "prepare").mockImplementation(() => {
      throw new Error(internal);
    });
    const res = await call("GET", "/api/kb/entries", {
      cookie: owner.cookie,
      headers: { "x-request-id": "req-test-500-abc" },
    });
    vi.mocked(env.DB.prepare).mockRestore();
    expect(res.status).toBe(500);
    expect(res.headers.get("x-request-id")).toBe("req-test-500-abc");
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "INTERNAL",
        message: expect.any(String),
        details: { requestId: "req-test-500-abc" },
      },
    });
    expect(text).not.toContain("secret_internal_detail");
    expect(text).not.toMatch(/\.ts:\d+|at \w+ \(/);
    const logged = errors
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === "unhandled");
    expect(logged).toMatchObject({
      level: "error",
      requestId: "req-test-500-abc",
      path: "/api/kb/entries",
    });
    expect(String(logged?.error)).toContain("secret_internal_detail");
  });
});

describe("body limits", () => {
  it("should refuse an API body over 1 MB with 413 and store nothing", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/kb/entries", {
      cookie: owner.cookie,
      body: { question: "Big?", answer: "x".repeat(MB) },
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
    expect(
      (
        (await (await call("GET", "/api/kb/entries", { cookie: owner.cookie })).json()) as {
          entries: unknown[];
        }
      ).entries,
    ).toHaveLength(0);
  });

  it("should take a widget upload over 1 MB and refuse one over 26 MB with 413, storing nothing", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const auth = { authorization: `Bearer ${visitorToken}` };
    const ok = await call("POST", "/api/widget/upload", {
      rawBody: pngForm(3 * MB),
      headers: auth,
    });
    expect(ok.status).toBe(201);
    const before = (await env.MEDIA.list({ prefix: `media/${owner.tenantId}/` })).objects.length;
    expect(before).toBe(1);
    const big = await call("POST", "/api/widget/upload", {
      rawBody: pngForm(26 * MB + 1),
      headers: auth,
    });
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe("PAYLOAD_TOO_LARGE");
    // Without a declared length the limit counts the bytes as they stream in.
    const bytes = new Uint8Array(26 * MB + 1024);
    const stream = new ReadableStream<Uint8Array>({
      start(ctrl) {
        for (let at = 0; at < bytes.byteLength; at += MB) ctrl.enqueue(bytes.subarray(at, at + MB));
        ctrl.close();
      },
    });
    const streamed = await call("POST", "/api/widget/upload", {
      rawBody: stream,
      headers: { ...auth, "content-type": "multipart/form-data; boundary=x" },
    });
    expect(streamed.status).toBe(413);
    expect((await env.MEDIA.list({ prefix: `media/${owner.tenantId}/` })).objects.length).toBe(
      before,
    );
  });

  it("should hold an agent's attachment upload to 26 MB too", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/conversations/cnv_any/attachments", {
      cookie: owner.cookie,
      rawBody: pngForm(26 * MB + 1),
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
  });
});
