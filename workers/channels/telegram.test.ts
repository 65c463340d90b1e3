import { describe, expect, it } from "vitest";
import { answerTelegramCallbackQuery, registerTelegramWebhook, telegramAdapter } from "./telegram";
import { fixtureBytes } from "./testing/fixtures";
import { jsonResponse, mockFetch } from "./testing/mock-fetch";
import { NormalizedEvent as NormalizedEventSchema } from "../wire/queue";

const DIR = "webhooks/telegram";
const creds = { botToken: "123456:ABC-def_ghi", webhookSecret: "s3cr3t-Token_1" };
const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
const BOT = "https://api.telegram.org/bot123456:ABC-def_ghi";

describe("telegramAdapter.parse (message kinds)", () => {
  const chat = { id: 42, type: "private", first_name: "Ada" };
  const from = {
    id: 42,
    is_bot: false,
    first_name: "Ada",
    last_name: "L",
    username: "ada",
    language_code: "de",
  };
  const parseMsg = async (fields: Record<string, unknown>, key = "message") => {
    const res = await telegramAdapter.parse(
      enc({ update_id: 9, [key]: { message_id: 7, date: 1700000000, chat, from, ...fields } }),
      new Headers(),
    );
    if (!res.ok) throw new Error(res.message);
    expect(NormalizedEventSchema.safeParse(res.events[0]).success).toBe(true);
    return res.events[0];
  };

  it("should map photo (largest size), voice, document, location, venue and contact", async () => {
    expect(
      await parseMsg({
        caption: "receipt",
        photo: [
          { file_id: "small", file_size: 10, width: 90, height: 90 },
          { file_id: "big", file_size: 999, width: 1280, height: 1280 },
        ],
      }),
    ).toMatchObject({
      externalMessageId: "42:7",
      contact: { name: "Ada L", username: "ada", language: "de" },
      message: {
        type: "image",
        text: "receipt",
        media: [{ id: "big", size: 999, mimeType: "image/jpeg" }],
      },
    });
    expect(
      await parseMsg({
        voice: { file_id: "v1", duration: 3, mime_type: "audio/ogg", file_size: 5000 },
      }),
    ).toMatchObject({
      message: {
        type: "voice",
        media: [{ id: "v1", mimeType: "audio/ogg", size: 5000 }],
      },
    });
    expect(
      await parseMsg({
        document: {
          file_id: "d1",
          file_name: "order.pdf",
          mime_type: "application/pdf",
          file_size: 1234,
        },
      }),
    ).toMatchObject({
      message: {
        type: "document",
        media: [{ id: "d1", name: "order.pdf", mimeType: "application/pdf" }],
      },
    });
    expect(await parseMsg({ location: { latitude: 52.52, longitude: 13.405 } })).toMatchObject({
      message: {
        type: "location",
        text: "📍 52.52, 13.405",
        extra: { location: { latitude: 52.52, longitude: 13.405 } },
      },
    });
    expect(
      await parseMsg({
        location: { latitude: 1, longitude: 2 },
        venue: { location: { latitude: 1, longitude: 2 }, title: "Shop", address: "Main St 1" },
      }),
    ).toMatchObject({
      message: {
        type: "location",
        text: "Shop — Main St 1 — 📍 1, 2",
        extra: { location: { latitude: 1, longitude: 2, name: "Shop", address: "Main St 1" } },
      },
    });
    expect(
      await parseMsg({
        contact: { phone_number: "+4915112345678", first_name: "Bob", last_name: "B" },
      }),
    ).toMatchObject({
      message: {
        type: "contacts",
        text: "Bob B +4915112345678",
        extra: { contacts: [{ name: "Bob B", phones: [{ phone: "+4915112345678" }] }] },
      },
    });
    expect(
      await parseMsg({
        animation: { file_id: "gif", mime_type: "video/mp4" },
        document: { file_id: "gif" },
      }),
    ).toMatchObject({ message: { type: "video", extra: { rawType: "animation" } } });
    expect(
      await parseMsg({ text: "fwd", forward_origin: { type: "user", date: 1 } }),
    ).toMatchObject({ message: { type: "text", extra: { forwarded: true } } });
  });

  it("should map edited messages to edit events", async () => {
    expect(await parseMsg({ text: "corrected", edit_date: 1700000100 }, "edited_message")).toEqual({
      kind: "edit",
      channel: "telegram",
      externalUserId: "42",
      externalMessageId: "42:7",
      timestamp: 1700000100000,
      text: "corrected",
    });
  });

  it("should map callback queries to interactive replies", async () => {
    const res = await telegramAdapter.parse(
      enc({
        update_id: 10,
        callback_query: {
          id: "4382bfdwdsb323b2d9",
          from,
          chat_instance: "x",
          data: "track_order",
          message: { message_id: 5, date: 1, chat },
        },
      }),
      new Headers(),
    );
    expect(res.ok && res.events[0]).toMatchObject({
      kind: "message",
      externalUserId: "42",
      externalMessageId: "cbq:4382bfdwdsb323b2d9",
      message: {
        type: "interactive_reply",
        text: "track_order",
        replyToExternalId: "42:5",
        extra: { payload: "track_order", rawType: "callback_query" },
      },
    });
  });

  it("should reject truncated JSON and updates without update_id", async () => {
    const bytes = fixtureBytes(`${DIR}/message.json`);
    expect(await telegramAdapter.parse(bytes.slice(0, 50), new Headers())).toMatchObject({
      ok: false,
      code: "MALFORMED_PAYLOAD",
    });
    expect(await telegramAdapter.parse(enc({ message: {} }), new Headers())).toMatchObject({
      ok: false,
      code: "MALFORMED_PAYLOAD",
    });
  });
});

describe("telegramAdapter.verify", () => {
  const verify = (header: string | null, secret = creds.webhookSecret) =>
    telegramAdapter.verify(
      {
        headers: new Headers(header === null ? {} : { "X-Telegram-Bot-Api-Secret-Token": header }),
        rawBody: new Uint8Array(),
      },
      { botToken: creds.botToken },
      { webhookSecret: secret },
    );

  it("should accept only the exact secret token", async () => {
    expect(await verify("s3cr3t-Token_1")).toBe(true);
    expect(await verify("s3cr3t-Token_2")).toBe(false);
    expect(await verify("s3cr3t-Token_1x")).toBe(false);
    expect(await verify(null)).toBe(false);
    expect(await verify("", "")).toBe(false);
  });
});

describe("telegramAdapter.send", () => {
  const sent = (id = 99) =>
    jsonResponse({
      ok: true,
      result: { message_id: id, date: 1, chat: { id: 42, type: "private" } },
    });

  it("should sendMessage with an inline keyboard", async () => {
    const fetch = mockFetch(sent());
    const result = await telegramAdapter.send(
      {
        to: "42",
        text: "Pick one",
        buttons: [
          { id: "a", title: "Track order" },
          { id: "b", title: "Talk to a human" },
        ],
      },
      creds,
      { fetch },
    );
    expect(result).toEqual({ ok: true, externalMessageId: "42:99" });
    expect(fetch.calls[0].url).toBe(`${BOT}/sendMessage`);
    expect(fetch.calls[0].method).toBe("POST");
    expect(fetch.calls[0].headers.get("content-type")).toBe("application/json");
    expect(fetch.calls[0].json).toEqual({
      chat_id: "42",
      text: "Pick one",
      reply_markup: {
        inline_keyboard: [
          [{ text: "Track order", callback_data: "a" }],
          [{ text: "Talk to a human", callback_data: "b" }],
        ],
      },
    });
  });

  it("should pick the Bot API method by media type", async () => {
    const cases: [string, string, string][] = [
      ["image/png", "sendPhoto", "photo"],
      ["audio/ogg", "sendVoice", "voice"],
      ["audio/mpeg", "sendAudio", "audio"],
      ["video/mp4", "sendVideo", "video"],
      ["application/pdf", "sendDocument", "document"],
    ];
    for (const [mimeType, method, field] of cases) {
      const fetch = mockFetch(sent());
      await telegramAdapter.send(
        { to: "42", text: "cap", media: { url: "https://cdn.test/f", mimeType } },
        creds,
        { fetch },
      );
      expect(fetch.calls[0].url).toBe(`${BOT}/${method}`);
      expect(fetch.calls[0].json).toEqual({
        chat_id: "42",
        [field]: "https://cdn.test/f",
        caption: "cap",
      });
    }
  });

  it("should use parameters.retry_after on 429 and mark 403 as final", async () => {
    const limited = jsonResponse(
      {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 14",
        parameters: { retry_after: 14 },
      },
      429,
    );
    expect(
      await telegramAdapter.send({ to: "42", text: "x" }, creds, { fetch: mockFetch(limited) }),
    ).toEqual({
      ok: false,
      retryable: true,
      status: 429,
      code: "TELEGRAM_429",
      message: "Too Many Requests: retry after 14",
      retryAfterMs: 14000,
    });
    const blocked = jsonResponse(
      { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
      403,
    );
    expect(
      await telegramAdapter.send({ to: "42", text: "x" }, creds, { fetch: mockFetch(blocked) }),
    ).toMatchObject({ ok: false, retryable: false, code: "RECIPIENT_BLOCKED" });
    expect(
      await telegramAdapter.send({ to: "42", text: "x" }, creds, {
        fetch: mockFetch(new Response("", { status: 500 })),
      }),
    ).toMatchObject({ ok: false, retryable: true, status: 500 });
  });

  it("should refuse oversize callback data without calling the API", async () => {
    const fetch = mockFetch();
    expect(
      await telegramAdapter.send(
        { to: "42", text: "x", buttons: [{ id: "x".repeat(65), title: "t" }] },
        creds,
        { fetch },
      ),
    ).toMatchObject({ ok: false, code: "INVALID_CONTENT" });
    expect(fetch.calls).toHaveLength(0);
  });

  it("should answer callback queries and register the webhook with our secret", async () => {
    const fetch = mockFetch(
      jsonResponse({ ok: true, result: true }),
      jsonResponse({ ok: true, result: true, description: "Webhook was set" }),
    );
    expect(
      await answerTelegramCallbackQuery(creds, "cbq:4382bf", { text: "Done" }, { fetch }),
    ).toEqual({ ok: true, externalMessageId: "4382bf" });
    expect(fetch.calls[0].url).toBe(`${BOT}/answerCallbackQuery`);
    expect(fetch.calls[0].json).toEqual({ callback_query_id: "4382bf", text: "Done" });
    expect(
      (
        await registerTelegramWebhook(
          creds,
          "https://edgedesk.test/webhooks/telegram/c1",
          "s3cr3t",
          { fetch },
        )
      ).ok,
    ).toBe(true);
    expect(fetch.calls[1].url).toBe(`${BOT}/setWebhook`);
    expect(fetch.calls[1].json).toMatchObject({
      url: "https://edgedesk.test/webhooks/telegram/c1",
      secret_token: "s3cr3t",
      allowed_updates: expect.arrayContaining(["message", "callback_query"]),
    });
  });
});
