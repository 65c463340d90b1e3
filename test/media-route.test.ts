import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signMediaUrl } from "../workers/channels/media-url";
import { call, errorOf } from "./helpers";

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function stored(key: string): Promise<void> {
  await env.MEDIA.put(key, png, { httpMetadata: { contentType: "image/png" } });
}

describe("GET /media/*", () => {
  it("should serve a stored object through a valid signed URL", async () => {
    const key = `media/ten_a/cnv_a/${crypto.randomUUID()}`;
    await stored(key);
    const res = await call("GET", await signMediaUrl(key, Date.now() + 60_000, env.SIGNING_KEY));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toMatch(/^private, max-age=\d+$/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);
  });

  it("should answer 403 for a missing, tampered, foreign-key or expired signature", async () => {
    const key = `media/ten_b/cnv_b/${crypto.randomUUID()}`;
    await stored(key);
    const good = await signMediaUrl(key, Date.now() + 60_000, env.SIGNING_KEY);
    expect((await call("GET", `/media/${key}`)).status).toBe(403);
    // Tamper with the first signature character (always to a different one).
    expect(
      (
        await call(
          "GET",
          good.replace(/sig=(.)/, (_m, c: string) => `sig=${c === "A" ? "B" : "A"}`),
        )
      ).status,
    ).toBe(403);
    expect((await call("GET", good.replace("cnv_b", "cnv_c"))).status).toBe(403);
    expect(
      (await call("GET", await signMediaUrl(key, Date.now() + 60_000, "another-key"))).status,
    ).toBe(403);
    const expired = await call("GET", await signMediaUrl(key, Date.now() - 1, env.SIGNING_KEY));
    expect(expired.status).toBe(403);
    expect((await errorOf(expired)).message).toMatch(/expired/);
  });

  it("should never serve queued webhook bodies, even with a valid signature", async () => {
    const key = `inbound/ten_c/${crypto.randomUUID()}`;
    await env.MEDIA.put(key, "secret webhook body");
    expect(
      (await call("GET", await signMediaUrl(key, Date.now() + 60_000, env.SIGNING_KEY))).status,
    ).toBe(403);
  });

  it("should answer 404 for a signed URL whose object is gone", async () => {
    expect(
      (
        await call(
          "GET",
          await signMediaUrl(
            `media/ten_d/cnv_d/${crypto.randomUUID()}`,
            Date.now() + 60_000,
            env.SIGNING_KEY,
          ),
        )
      ).status,
    ).toBe(404);
  });
});
