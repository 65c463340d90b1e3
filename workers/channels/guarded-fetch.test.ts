import { describe, expect, it } from "vitest";
import { guardedGet, MAX_REDIRECTS } from "./guarded-fetch";
import { mockFetch } from "./testing/mock-fetch";

const redirect = (location: string, status = 302) =>
  new Response(null, { status, headers: { location } });
const WA = {
  headers: { authorization: "Bearer WA" },
  hosts: ["graph.facebook.com", "lookaside.fbsbx.com"],
};

describe("guardedGet", () => {
  it("should follow redirects by hand, resolving relative ones, and keep the credential on the platform's hosts", async () => {
    const fetch = mockFetch(
      redirect("https://lookaside.fbsbx.com/a"),
      redirect("/b", 307),
      new Response("ok"),
    );
    const got = await guardedGet(fetch, "https://graph.facebook.com/x", WA);
    expect(got.ok && (await got.res.text())).toBe("ok");
    expect(fetch.calls.map((c) => [c.url, c.headers.get("authorization")])).toEqual([
      ["https://graph.facebook.com/x", "Bearer WA"],
      ["https://lookaside.fbsbx.com/a", "Bearer WA"],
      ["https://lookaside.fbsbx.com/b", "Bearer WA"],
    ]);
  });

  it("should refuse a hop off the platform's hosts with a credential, and an unsafe hop without one, before asking for it", async () => {
    const off = mockFetch(redirect("https://lookaside.fbsbx.com.evil.example/a"));
    expect(await guardedGet(off, "https://lookaside.fbsbx.com/x", WA)).toMatchObject({
      ok: false,
      retryable: false,
      code: "MEDIA_REDIRECT_REFUSED",
    });
    expect(off.calls).toHaveLength(1);
    expect(await guardedGet(mockFetch(), "https://evil.example/x", WA)).toMatchObject({
      ok: false,
      code: "MEDIA_HOST_NOT_ALLOWED",
    });
    for (const target of [
      "http://cdn.example/a",
      "https://127.0.0.1/a",
      "https://[::1]/a",
      "https://cdn.example:8443/a",
      "https://user:pw@cdn.example/a",
      "file:///etc/passwd",
    ]) {
      const bare = mockFetch(redirect(target));
      expect(await guardedGet(bare, "https://cdn.example/x"), target).toMatchObject({
        ok: false,
        code: "MEDIA_URL_UNSAFE",
      });
      expect(bare.calls, target).toHaveLength(1);
    }
  });

  it("should give up after MAX_REDIRECTS hops", async () => {
    const loop = mockFetch(
      ...Array.from({ length: MAX_REDIRECTS + 1 }, (_, i) =>
        redirect(`https://cdn.example/${i + 1}`),
      ),
    );
    expect(await guardedGet(loop, "https://cdn.example/0")).toMatchObject({
      ok: false,
      code: "MEDIA_TOO_MANY_REDIRECTS",
    });
    expect(loop.calls).toHaveLength(MAX_REDIRECTS + 1);
  });
});
