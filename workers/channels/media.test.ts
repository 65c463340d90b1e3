import { describe, expect, it } from "vitest";
import { checkMedia, MEDIA_LIMITS, mediaKindOf } from "./media";
import type { MediaRef } from "./adapter";
import { adapterFor } from "./registry";
import { signMediaUrl, verifyMediaUrl } from "./media-url";
import { jsonResponse, mockFetch } from "./testing/mock-fetch";

const MB = 1024 * 1024;
const bytesResponse = (n: number, type: string, extra: Record<string, string> = {}) =>
  new Response(new Uint8Array(n).fill(7), { headers: { "content-type": type, ...extra } });

describe("checkMedia", () => {
  it("should apply per-kind limits and the email cap", () => {
    expect(MEDIA_LIMITS).toEqual({
      image: 10 * MB,
      audio: 16 * MB,
      video: 16 * MB,
      document: 100 * MB,
    });
    expect(checkMedia({ mimeType: "image/jpeg", size: 10 * MB })).toMatchObject({
      ok: true,
      kind: "image",
    });
    expect(checkMedia({ mimeType: "image/jpeg", size: 10 * MB + 1 })).toMatchObject({
      ok: false,
      code: "MEDIA_TOO_LARGE",
    });
    expect(checkMedia({ mimeType: "audio/ogg; codecs=opus", size: 16 * MB })).toMatchObject({
      ok: true,
      kind: "audio",
      mimeType: "audio/ogg",
    });
    expect(checkMedia({ mimeType: "video/mp4", size: 17 * MB })).toMatchObject({
      ok: false,
      code: "MEDIA_TOO_LARGE",
    });
    expect(checkMedia({ mimeType: "application/pdf", size: 99 * MB })).toMatchObject({
      ok: true,
      kind: "document",
    });
    expect(
      checkMedia({ mimeType: "application/pdf", size: 26 * MB, source: "email" }),
    ).toMatchObject({ ok: false, code: "MEDIA_TOO_LARGE", limit: 25 * MB });
  });

  it("should reject types off the allow-list", () => {
    expect(checkMedia({ mimeType: "application/x-msdownload" })).toMatchObject({
      ok: false,
      code: "MEDIA_TYPE_NOT_ALLOWED",
    });
    expect(checkMedia({ mimeType: "image/svg+xml" })).toMatchObject({
      ok: false,
      code: "MEDIA_TYPE_NOT_ALLOWED",
    });
    expect(checkMedia({ mimeType: "text/html" })).toMatchObject({
      ok: false,
      code: "MEDIA_TYPE_NOT_ALLOWED",
    });
    expect(mediaKindOf("Video/MP4")).toBe("video");
  });
});

describe("signMediaUrl / verifyMediaUrl", () => {
  const KEY = "test-signing-key";
  const now = 1_700_000_000_000;

  it("should round-trip a key until it expires", async () => {
    const url = await signMediaUrl("t_1/conv 9/photo.jpg", now + 60_000, KEY);
    expect(url).toMatch(
      /^\/media\/t_1\/conv%209\/photo\.jpg\?exp=1700000060000&sig=[A-Za-z0-9_-]{43}$/,
    );
    expect(await verifyMediaUrl(url, KEY, now)).toEqual({
      ok: true,
      key: "t_1/conv 9/photo.jpg",
      expiresAt: now + 60_000,
    });
    expect(await verifyMediaUrl(url, KEY, now + 60_000)).toEqual({
      ok: false,
      code: "MEDIA_URL_EXPIRED",
    });
    const absolute = await signMediaUrl("a/b.png", now + 1000, KEY, "https://desk.example/media/");
    expect(await verifyMediaUrl(absolute, KEY, now, "https://desk.example/media/")).toMatchObject({
      ok: true,
      key: "a/b.png",
    });
  });

  it("should reject another key, a moved expiry or a wrong signing key", async () => {
    const url = new URL(await signMediaUrl("a/b.png", now + 60_000, KEY), "http://x");
    const swapped = new URL(url);
    swapped.pathname = "/media/a/c.png";
    expect(await verifyMediaUrl(swapped, KEY, now)).toEqual({
      ok: false,
      code: "MEDIA_URL_INVALID",
    });
    const later = new URL(url);
    later.searchParams.set("exp", String(now + 3_600_000));
    expect(await verifyMediaUrl(later, KEY, now)).toEqual({ ok: false, code: "MEDIA_URL_INVALID" });
    expect(await verifyMediaUrl(url, "other-key", now)).toEqual({
      ok: false,
      code: "MEDIA_URL_INVALID",
    });
    expect(await verifyMediaUrl("/media/a/b.png?exp=1", KEY, now)).toEqual({
      ok: false,
      code: "MEDIA_URL_INVALID",
    });
    expect(await verifyMediaUrl("/elsewhere/a/b.png", KEY, now)).toEqual({
      ok: false,
      code: "MEDIA_URL_INVALID",
    });
  });
});

/** A channel's media download, found the way the inbound path finds it: through the registry. */
function fetchPlatformMedia(
  source: { channel: string; creds?: unknown },
  media: MediaRef,
  ctx: { fetch: typeof fetch },
) {
  const fetchMedia = adapterFor(source.channel)?.fetchMedia;
  if (!fetchMedia) throw new Error(`${source.channel} has no media download`);
  return fetchMedia(media, source.creds, ctx);
}

describe("each adapter's fetchMedia", () => {
  const wa = {
    channel: "whatsapp" as const,
    creds: { accessToken: "WA", phoneNumberId: "PN1", appSecret: "s" },
  };

  it("should resolve a WhatsApp media id to its URL and download it with the token", async () => {
    const fetch = mockFetch(
      jsonResponse({
        messaging_product: "whatsapp",
        url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=65463453",
        mime_type: "image/jpeg",
        sha256: "x",
        file_size: 1234,
        id: "65463453",
      }),
      bytesResponse(1234, "image/jpeg"),
    );
    const res = await fetchPlatformMedia(
      wa,
      { platformId: "65463453", mimeType: "image/jpeg" },
      { fetch },
    );
    expect(res).toMatchObject({ ok: true, mimeType: "image/jpeg", size: 1234 });
    expect(fetch.calls.map((c) => [c.method, c.url, c.headers.get("authorization")])).toEqual([
      ["GET", "https://graph.facebook.com/v21.0/65463453?phone_number_id=PN1", "Bearer WA"],
      [
        "GET",
        "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=65463453",
        "Bearer WA",
      ],
    ]);
  });

  it("should refuse oversize media from the declared size without downloading, and stop streaming past the limit", async () => {
    const declared = mockFetch(
      jsonResponse({
        url: "https://lookaside.fbsbx.com/x",
        mime_type: "video/mp4",
        file_size: 17 * MB,
      }),
      bytesResponse(10, "video/mp4"),
    );
    expect(await fetchPlatformMedia(wa, { platformId: "v1" }, { fetch: declared })).toMatchObject({
      ok: false,
      retryable: false,
      code: "MEDIA_TOO_LARGE",
    });
    // No content-length: the limit has to be enforced while reading, and reading must stop early.
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 50) controller.close();
        else controller.enqueue(new Uint8Array(MB));
      },
    });
    const streamed = mockFetch(new Response(body, { headers: { "content-type": "image/png" } }));
    expect(
      await fetchPlatformMedia(
        { channel: "messenger" },
        { url: "https://cdn.fbsbx.test/a.png" },
        { fetch: streamed },
      ),
    ).toMatchObject({ ok: false, code: "MEDIA_TOO_LARGE" });
    expect(pulled).toBeLessThan(15);
  });

  it("should use getFile and the file endpoint for Telegram", async () => {
    const tg = { channel: "telegram" as const, creds: { botToken: "1:AAA" } };
    const fetch = mockFetch(
      jsonResponse({
        ok: true,
        result: { file_id: "F", file_size: 3, file_path: "voice/file_7.oga" },
      }),
      bytesResponse(3, "application/octet-stream"),
    );
    expect(await fetchPlatformMedia(tg, { platformId: "F" }, { fetch })).toMatchObject({
      ok: true,
      mimeType: "audio/ogg",
      size: 3,
    });
    expect(fetch.calls.map((c) => c.url)).toEqual([
      "https://api.telegram.org/bot1:AAA/getFile?file_id=F",
      "https://api.telegram.org/file/bot1:AAA/voice/file_7.oga",
    ]);
    const tooBig = mockFetch(
      jsonResponse(
        { ok: false, error_code: 400, description: "Bad Request: file is too big" },
        400,
      ),
    );
    expect(await fetchPlatformMedia(tg, { platformId: "F" }, { fetch: tooBig })).toMatchObject({
      ok: false,
      retryable: false,
      code: "MEDIA_UNAVAILABLE",
    });
  });

  it("should use the LINE content API and retry while content is being prepared", async () => {
    const line = {
      channel: "line" as const,
      creds: { channelSecret: "s", channelAccessToken: "LT" },
    };
    const fetch = mockFetch(new Response(null, { status: 202 }), bytesResponse(5, "video/mp4"));
    expect(await fetchPlatformMedia(line, { platformId: "325708" }, { fetch })).toMatchObject({
      ok: false,
      retryable: true,
      code: "MEDIA_NOT_READY",
    });
    expect(await fetchPlatformMedia(line, { platformId: "325708" }, { fetch })).toMatchObject({
      ok: true,
      mimeType: "video/mp4",
      size: 5,
    });
    expect(fetch.calls[1].url).toBe("https://api-data.line.me/v2/bot/message/325708/content");
    expect(fetch.calls[1].headers.get("authorization")).toBe("Bearer LT");
  });

  it("should report missing media, server errors and disallowed types", async () => {
    expect(
      await fetchPlatformMedia(
        { channel: "instagram" },
        { url: "https://cdn.test/x" },
        { fetch: mockFetch(new Response("", { status: 404 })) },
      ),
    ).toMatchObject({ ok: false, retryable: false, code: "MEDIA_NOT_FOUND" });
    expect(
      await fetchPlatformMedia(
        { channel: "instagram" },
        { url: "https://cdn.test/x" },
        { fetch: mockFetch(new Response("", { status: 503 })) },
      ),
    ).toMatchObject({ ok: false, retryable: true });
    expect(
      await fetchPlatformMedia(
        { channel: "messenger" },
        { url: "https://cdn.test/x.exe" },
        { fetch: mockFetch(bytesResponse(5, "application/x-msdownload")) },
      ),
    ).toMatchObject({ ok: false, code: "MEDIA_TYPE_NOT_ALLOWED" });
    expect(
      await fetchPlatformMedia({ channel: "messenger" }, {}, { fetch: mockFetch() }),
    ).toMatchObject({ ok: false, code: "MEDIA_REF_INVALID" });
  });
});
