import { describe, expect, it } from "vitest";
import { lineAdapter } from "./line";
import { fixtureBytes } from "./testing/fixtures";
import { jsonResponse, mockFetch } from "./testing/mock-fetch";

const DIR = "webhooks/line/java-callback";
const U = "u206d25c2ea6bd87c17655609a1c37cb8";
const TS = 1462629479859;
const DEST = "Uab012345678901234567890123456789";
const token = { token: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA", expiresAt: TS + 50_000 };
const creds = { channelSecret: "edgedesk-test-app-secret", channelAccessToken: "LINE_TOKEN" };

describe("lineAdapter.parse", () => {
  it("should key redeliveries like the original, keep the reply token and hash events without an id", async () => {
    const first = await lineAdapter.parse(fixtureBytes(`${DIR}/text-user.json`), new Headers());
    const again = await lineAdapter.parse(
      fixtureBytes(`${DIR}/webhook-redelivery.json`),
      new Headers(),
    );
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(first.events[0]).toMatchObject({
      externalMessageId: "325708",
      message: {
        extra: {
          accountId: DEST,
          replyToken: token,
        },
      },
    });
    expect(again.events[0]).toMatchObject({ externalMessageId: "325708" });
    const follow = await lineAdapter.parse(fixtureBytes(`${DIR}/follow.json`), new Headers());
    expect(follow.ok && follow.events[0]).toMatchObject({
      data: { eventId: expect.stringMatching(/^line:h:[0-9a-f]{32}$/) },
    });
  });

  it("should map audio, quoted replies and unknown message types", async () => {
    const ev = (message: Record<string, unknown>) => ({
      type: "message",
      timestamp: TS,
      source: { type: "room", roomId: "R1", userId: U },
      webhookEventId: "E1",
      deliveryContext: { isRedelivery: false },
      message,
    });
    const body = new TextEncoder().encode(
      JSON.stringify({
        destination: DEST,
        events: [
          ev({ id: "a1", type: "audio", duration: 4200, contentProvider: { type: "line" } }),
          ev({ id: "t2", type: "text", text: "this one", quotedMessageId: "a1" }),
          ev({ id: "x3", type: "hologram" }),
        ],
      }),
    );
    const res = await lineAdapter.parse(body, new Headers());
    expect(res.ok && res.events).toMatchObject([
      {
        kind: "message",
        externalUserId: "R1",
        externalMessageId: "a1",
        message: { type: "audio", media: [{ id: "a1" }] },
      },
      {
        kind: "message",
        externalMessageId: "t2",
        message: { type: "text", text: "this one", replyToExternalId: "a1" },
      },
      {
        kind: "message",
        externalMessageId: "x3",
        message: { type: "unsupported", extra: { rawType: "hologram" } },
      },
    ]);
  });

  it("should accept the empty verification body and reject malformed ones", async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(await lineAdapter.parse(enc('{"destination":"U1","events":[]}'), new Headers())).toEqual(
      { ok: true, events: [] },
    );
    expect(
      await lineAdapter.parse(enc('{"destination":"U1","events":[{"type":"mess'), new Headers()),
    ).toMatchObject({ ok: false, code: "MALFORMED_PAYLOAD" });
    expect(await lineAdapter.parse(enc('{"destination":"U1"}'), new Headers())).toMatchObject({
      ok: false,
      code: "MALFORMED_PAYLOAD",
    });
  });
});

describe("lineAdapter.verify", () => {
  // openssl dgst -sha256 -hmac edgedesk-test-app-secret -binary < text-user.json | base64
  const SIG = "2rz/u05mFmvWZimC/InQtcsV3M63CTkzRWgsdg4/iAI=";
  const verify = (sig: string | null, raw = fixtureBytes(`${DIR}/text-user.json`)) =>
    lineAdapter.verify(
      { headers: new Headers(sig === null ? {} : { "X-Line-Signature": sig }), rawBody: raw },
      creds,
      { webhookSecret: "" },
    );

  it("should accept the base64 HMAC of the raw body and reject anything else", async () => {
    expect(await verify(SIG)).toBe(true);
    expect(await verify(SIG.replace("u05", "U05"))).toBe(false);
    expect(await verify(SIG.slice(0, -1))).toBe(false);
    expect(await verify("not base64!!")).toBe(false);
    expect(await verify(null)).toBe(false);
    expect(await verify(SIG, fixtureBytes(`${DIR}/text-group.json`))).toBe(false);
  });
});

describe("lineAdapter.send", () => {
  const sent = (id = "5100") => jsonResponse({ sentMessages: [{ id, quoteToken: "q" }] });
  const now = () => TS + 10_000;

  it("should reply with a fresh reply token", async () => {
    const fetch = mockFetch(sent());
    const result = await lineAdapter.send(
      { to: U, text: "Hi!", replyToken: token, buttons: [{ id: "track", title: "Track order" }] },
      creds,
      { fetch, now },
    );
    expect(result).toEqual({ ok: true, externalMessageId: "5100" });
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0].url).toBe("https://api.line.me/v2/bot/message/reply");
    expect(fetch.calls[0].headers.get("authorization")).toBe("Bearer LINE_TOKEN");
    expect(fetch.calls[0].json).toEqual({
      replyToken: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
      messages: [
        {
          type: "text",
          text: "Hi!",
          quickReply: {
            items: [
              {
                type: "action",
                action: {
                  type: "postback",
                  label: "Track order",
                  data: "track",
                  displayText: "Track order",
                },
              },
            ],
          },
        },
      ],
    });
  });

  it("should push when the reply token is stale, with X-Line-Retry-Key", async () => {
    const fetch = mockFetch(sent("5200"));
    const key = "123e4567-e89b-12d3-a456-426614174000";
    const result = await lineAdapter.send(
      { to: U, text: "Later", replyToken: token, idempotencyKey: key },
      creds,
      { fetch, now: () => TS + 50_001 },
    );
    expect(result).toEqual({ ok: true, externalMessageId: "5200" });
    expect(fetch.calls[0].url).toBe("https://api.line.me/v2/bot/message/push");
    expect(fetch.calls[0].headers.get("x-line-retry-key")).toBe(key);
    expect(fetch.calls[0].json).toEqual({ to: U, messages: [{ type: "text", text: "Later" }] });
  });

  it("should fall back to push when LINE rejects the reply token", async () => {
    const fetch = mockFetch(jsonResponse({ message: "Invalid reply token" }, 400), sent("5300"));
    expect(
      await lineAdapter.send({ to: U, text: "x", replyToken: token }, creds, { fetch, now }),
    ).toEqual({ ok: true, externalMessageId: "5300" });
    expect(fetch.calls.map((c) => c.url)).toEqual([
      "https://api.line.me/v2/bot/message/reply",
      "https://api.line.me/v2/bot/message/push",
    ]);
  });

  it("should send images as image messages and other media as links", async () => {
    const img = mockFetch(sent());
    await lineAdapter.send(
      { to: U, text: "photo", media: { url: "https://cdn.test/p.jpg", mimeType: "image/jpeg" } },
      creds,
      { fetch: img },
    );
    expect(img.calls[0].json).toMatchObject({
      messages: [
        {
          type: "image",
          originalContentUrl: "https://cdn.test/p.jpg",
          previewImageUrl: "https://cdn.test/p.jpg",
        },
        { type: "text", text: "photo" },
      ],
    });
    const doc = mockFetch(sent());
    await lineAdapter.send(
      {
        to: U,
        media: {
          url: "https://cdn.test/i.pdf",
          mimeType: "application/pdf",
          filename: "invoice.pdf",
        },
      },
      creds,
      { fetch: doc },
    );
    expect(doc.calls[0].json).toMatchObject({
      messages: [{ type: "text", text: "https://cdn.test/i.pdf" }],
    });
  });

  it("should separate rate limits (retry) from the monthly quota (final)", async () => {
    const send = (res: Response) =>
      lineAdapter.send({ to: U, text: "x" }, creds, { fetch: mockFetch(res) });
    expect(
      await send(
        jsonResponse({ message: "The API rate limit has been exceeded. Try again later." }, 429, {
          "retry-after": "2",
        }),
      ),
    ).toMatchObject({
      ok: false,
      retryable: true,
      status: 429,
      code: "LINE_429",
      retryAfterMs: 2000,
    });
    expect(
      await send(jsonResponse({ message: "You have reached your monthly limit." }, 429)),
    ).toMatchObject({ ok: false, retryable: false, code: "QUOTA_EXCEEDED" });
    expect(await send(jsonResponse({ message: "Failed to send messages" }, 400))).toMatchObject({
      ok: false,
      retryable: false,
      code: "LINE_400",
    });
    expect(await send(new Response("oops", { status: 500 }))).toMatchObject({
      ok: false,
      retryable: true,
      status: 500,
    });
  });
});
