/**
 * Every rate limit counts and checks in one statement: of N concurrent requests at most the limit gets
 * through, whatever the interleaving. Each limit is driven through its real route.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PNG_BYTES } from "./channel-fixture-helpers";
import { widgetSession } from "./engine-helpers";
import { call, errorOf, signupTenant } from "./helpers";

function imageForm(type = "image/png"): FormData {
  const f = new FormData();
  f.append("file", new File([PNG_BYTES], "photo.png", { type }));
  return f;
}

const upload = (token: string, type?: string) =>
  call("POST", "/api/widget/upload", {
    rawBody: imageForm(type),
    headers: { authorization: `Bearer ${token}` },
  });

describe("rate limits under concurrency", () => {
  it("should let exactly 30 widget uploads an hour through when they arrive together, and store only those", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    // The first upload opens the visitor's conversation; the rest race for the remaining 29.
    expect((await upload(visitorToken)).status).toBe(201);
    // A refused file does not use up the visitor's uploads.
    expect((await upload(visitorToken, "text/html")).status).toBe(415);
    const results = await Promise.all(Array.from({ length: 35 }, () => upload(visitorToken)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(29);
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(6);
    expect(Number(limited[0].headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await errorOf(limited[0])).toMatchObject({ code: "RATE_LIMITED" });
    const stored = await env.MEDIA.list({ prefix: `media/${owner.tenantId}/` });
    expect(stored.objects).toHaveLength(30);
  });

  it("should queue exactly three search back-fills an hour when eight are asked for at once", async () => {
    const owner = await signupTenant();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        call("POST", "/api/search/reindex", { cookie: owner.cookie }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 202, 429, 429, 429, 429, 429]);
    const limited = results.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await errorOf(limited)).toMatchObject({ code: "RATE_LIMITED" });
  });
});
