import { describe, expect, it } from "vitest";
import { lineAdapter } from "./line";
import { fixtureBytes, fixturePaths } from "./testing/fixtures";
import { jsonResponse, mockFetch } from "./testing/mock-fetch";
import { NormalizedEventSchema } from "./types";

const DIR = "webhooks/line/java-callback";
const U = "u206d25c2ea6bd87c17655609a1c37cb8";
const TS = 1462629479859;
const DEST = "Uab012345678901234567890123456789";
const token = { token: "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA", expiresAt: TS + 50_000 };
const creds = { channelSecret: "edgedesk-test-app-secret", channelAccessToken: "LINE_TOKEN" };
const msg = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  kind: "message",
  channel: "line",
  accountId: DEST,
  externalUserId: U,
  externalMessageId: "325708",
  timestamp: TS,
  contact: {},
  message,
  replyToken: token,
  ...extra,
});

const EXPECTED: Record<string, unknown[]> = {
  "text-user.json": [msg({ type: "text", text: "Hello, world" })],
  "text-emojis.json": [msg({ type: "text", text: "Hello, world" })],
  "text-mention.json": [msg({ type: "text", text: "Hello, world @Brown and @Cony" })],
  "text-group.json": [
    msg(
      { type: "text", text: "Hello, world" },
      { externalUserId: "u206d25c2ea6bd87c17655609a1c37cb8" },
    ),
  ],
  "image.json": [
    msg({
      type: "image",
      media: { platformId: "325708", url: "https://example.com/original.jpg" },
    }),
  ],
  "video.json": [
    msg(
      {
        type: "video",
        media: { platformId: "325708", url: "https://example.com/original.mp4", durationMs: 60000 },
      },
      { externalUserId: "U4af4980629..." },
    ),
  ],
  "file.json": [
    msg({ type: "document", media: { platformId: "325708", filename: "sample.pdf", size: 22016 } }),
  ],
  "location.json": [
    msg({
      type: "location",
      location: {
        latitude: 35.65910807942215,
        longitude: 139.70372892916203,
        name: "hello",
        address: "〒150-0002 東京都渋谷区渋谷２丁目２１−１",
      },
    }),
  ],
  "sticker.json": [msg({ type: "sticker", media: { platformId: "1/1" } })],
  "sticker-keywords-array.json": [msg({ type: "sticker", media: { platformId: "1/1" } })],
  "sticker-keywords-remove.json": [msg({ type: "sticker", media: { platformId: "1/1" } })],
  "sticker-with-text.json": [
    msg({ type: "sticker", text: "userEnteredText", media: { platformId: "1/1" } }),
  ],
  "webhook-redelivery.json": [msg({ type: "text", text: "Hello, world" }, { redelivered: true })],
  "postback.json": [
    {
      kind: "message",
      externalUserId: U,
      timestamp: TS,
      message: { type: "postback", payload: "action=buyItem&itemId=123123&color=red" },
      replyToken: token,
    },
  ],
  "message-edited.json": [
    {
      kind: "edit",
      externalUserId: "cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      externalMessageId: "325708",
      eventId: "01G2KZKG2DS765NMRH3GZFD8AP",
      timestamp: TS,
      text: "Hello, edited world",
    },
  ],
  "unsend.json": [
    { kind: "delete", externalUserId: U, externalMessageId: "325708", timestamp: TS },
  ],
  "follow.json": [{ kind: "lifecycle", event: "follow", externalUserId: U, timestamp: TS }],
  "unfollow.json": [{ kind: "lifecycle", event: "unfollow", externalUserId: U }],
  "join.json": [
    { kind: "lifecycle", event: "join", externalUserId: "cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
  ],
  "leave.json": [
    { kind: "lifecycle", event: "leave", externalUserId: "cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" },
  ],
  "member_joined.json": [
    {
      kind: "lifecycle",
      event: "member_joined",
      externalUserId: "C1234567890",
      timestamp: 1553506027708,
      data: { members: [{ userId: "U111111", type: "user" }] },
    },
  ],
  "member_left.json": [
    {
      kind: "lifecycle",
      event: "member_left",
      externalUserId: "C1234567890",
      data: { members: [{ userId: "U111111" }] },
    },
  ],
  "beacon.json": [
    {
      kind: "lifecycle",
      event: "beacon",
      externalUserId: "U012345678901234567890123456789ab",
      data: { hwid: "374591320", type: "enter" },
    },
  ],
  "beacon_with_dm.json": [
    {
      kind: "lifecycle",
      event: "beacon",
      timestamp: 1492992000000,
      data: { hwid: "374591320", dm: "1234567890abcdef" },
    },
  ],
  "account_link.json": [
    { kind: "lifecycle", event: "account_link", data: { result: "ok", nonce: "xxxxxxxxxxxxxxx" } },
  ],
  "video-play-complete.json": [
    {
      kind: "lifecycle",
      event: "video_play_complete",
      externalUserId: "U4af4980629...",
      data: { trackingId: "track_id" },
    },
  ],
  "unknown.json": [
    { kind: "unknown", rawType: "greatNewFeature", timestamp: TS },
    { kind: "unknown", rawType: "message:unknownunknownuknown", timestamp: TS },
  ],
};

describe("lineAdapter.parse", () => {
  const names = fixturePaths(DIR).map((p) => p.slice(DIR.length + 1));

  it("should have an expectation for all 27 fixtures", () => {
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(names)("should normalise %s", async (name) => {
    const res = await lineAdapter.parse(fixtureBytes(`${DIR}/${name}`), new Headers());
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    for (const e of res.events) expect(NormalizedEventSchema.safeParse(e).success).toBe(true);
    expect(res.events).toHaveLength(EXPECTED[name].length);
    expect(res.events).toMatchObject(EXPECTED[name]);
  });

  it("should key redeliveries like the original and use webhookEventId where LINE gives one", async () => {
    const first = await lineAdapter.parse(fixtureBytes(`${DIR}/text-user.json`), new Headers());
    const again = await lineAdapter.parse(
      fixtureBytes(`${DIR}/webhook-redelivery.json`),
      new Headers(),
    );
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.events[0]).toMatchObject({
      externalMessageId: (first.events[0] as { externalMessageId: string }).externalMessageId,
      redelivered: true,
    });
    const follow = await lineAdapter.parse(fixtureBytes(`${DIR}/follow.json`), new Headers());
    expect(follow.ok && follow.events[0]).toMatchObject({
      eventId: expect.stringMatching(/^line:h:[0-9a-f]{32}$/),
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
        message: { type: "audio", media: { platformId: "a1", durationMs: 4200 } },
      },
      {
        kind: "message",
        externalMessageId: "t2",
        message: { type: "text", text: "this one", replyToExternalMessageId: "a1" },
      },
      {
        kind: "message",
        externalMessageId: "x3",
        message: { type: "unsupported", rawType: "hologram" },
      },
    ]);
    expect(res.ok && res.events.every((e) => !("redelivered" in e))).toBe(true);
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
