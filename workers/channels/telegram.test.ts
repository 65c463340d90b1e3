import { describe, expect, it } from "vitest";
import { answerTelegramCallbackQuery, registerTelegramWebhook, telegramAdapter } from "./telegram";
import { fixtureBytes, fixturePaths } from "./testing/fixtures";
import { jsonResponse, mockFetch } from "./testing/mock-fetch";
import { NormalizedEventSchema } from "./types";

const DIR = "webhooks/telegram";
const creds = { botToken: "123456:ABC-def_ghi", webhookSecret: "s3cr3t-Token_1" };
const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));
const BOT = "https://api.telegram.org/bot123456:ABC-def_ghi";

const EXPECTED: Record<string, unknown> = {
  "de_private_chat_text_message.json": {
    kind: "message",
    channel: "telegram",
    externalUserId: "408258968",
    externalMessageId: "408258968:154",
    timestamp: 1581448857000,
    contact: { name: "Hirrolot", username: "hirrolot", language: "en" },
    message: { type: "text", text: "4" },
  },
  "message.json": {
    kind: "message",
    externalUserId: "218485655",
    externalMessageId: "218485655:6557",
    timestamp: 1569518342000,
    contact: { name: "Waffle", username: "WaffleLapkin", language: "en" },
    message: { type: "text", text: "hello there" },
  },
  "issue_1107_2.json": {
    kind: "message",
    externalUserId: "-1001293752024",
    externalMessageId: "-1001293752024:134546",
    message: { type: "text", text: "/report", replyToExternalMessageId: "-1001293752024:134545" },
  },
  "issue_1107.json": {
    kind: "message",
    externalMessageId: "-1001293752024:134545",
    contact: { name: "Wert", username: "WertCrypto" },
    message: { type: "unsupported", rawType: "story" },
  },
  "dice_works.json": {
    kind: "message",
    externalUserId: "-1001276785818",
    message: { type: "unsupported", rawType: "dice" },
  },
  "pinned_message_works.json": {
    kind: "lifecycle",
    event: "pinned_message",
    externalUserId: "-1001276785818",
    eventId: "update:845402291",
    timestamp: 1582134655000,
  },
  "issue_523.json": {
    kind: "lifecycle",
    event: "unfollow",
    externalUserId: "0",
    eventId: "update:0",
    timestamp: 1644677726000,
    data: { status: "kicked" },
  },
  "message_reaction_updated.json": {
    kind: "message",
    externalUserId: "-1002184233434",
    externalMessageId: "update:71651249",
    timestamp: 1721306082000,
    contact: { name: "shadowchain", username: "shdwchn10" },
    message: {
      type: "reaction",
      reaction: { emoji: "🌭", targetExternalMessageId: "-1002184233434:35" },
    },
  },
  "message_reaction_updated_2.json": {
    kind: "message",
    externalUserId: "-1002199793788",
    contact: {},
    message: {
      type: "reaction",
      reaction: { emoji: "", targetExternalMessageId: "-1002199793788:2" },
    },
  },
  "message_reaction_count_updated.json": {
    kind: "unknown",
    rawType: "message_reaction_count",
    eventId: "update:71651251",
  },
  "chat_boost_updated.json": { kind: "unknown", rawType: "chat_boost", eventId: "update:71651297" },
  "chat_boost_removed.json": { kind: "unknown", rawType: "removed_chat_boost" },
  "paid_media_purchased_de.json": {
    kind: "unknown",
    rawType: "purchased_paid_media",
    eventId: "update:573255267",
  },
  "new_update_kind_error.json": {
    kind: "unknown",
    rawType: "new_update_kind",
    eventId: "update:1",
  },
};

describe("telegramAdapter.parse (fixtures)", () => {
  const names = fixturePaths(DIR).map((p) => p.slice(DIR.length + 1));

  it("should have an expectation for all 14 fixtures", () => {
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(names)("should normalise %s", async (name) => {
    const res = await telegramAdapter.parse(fixtureBytes(`${DIR}/${name}`), new Headers());
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.events).toHaveLength(1);
    expect(NormalizedEventSchema.safeParse(res.events[0]).success).toBe(true);
    expect(res.events[0]).toMatchObject(EXPECTED[name] as object);
  });
});

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
        media: { platformId: "big", size: 999, mimeType: "image/jpeg" },
      },
    });
    expect(
      await parseMsg({
        voice: { file_id: "v1", duration: 3, mime_type: "audio/ogg", file_size: 5000 },
      }),
    ).toMatchObject({
      message: {
        type: "voice",
        media: { platformId: "v1", mimeType: "audio/ogg", durationMs: 3000, size: 5000 },
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
        media: { platformId: "d1", filename: "order.pdf", mimeType: "application/pdf" },
      },
    });
    expect(await parseMsg({ location: { latitude: 52.52, longitude: 13.405 } })).toMatchObject({
      message: { type: "location", location: { latitude: 52.52, longitude: 13.405 } },
    });
    expect(
      await parseMsg({
        location: { latitude: 1, longitude: 2 },
        venue: { location: { latitude: 1, longitude: 2 }, title: "Shop", address: "Main St 1" },
      }),
    ).toMatchObject({
      message: {
        type: "location",
        location: { latitude: 1, longitude: 2, name: "Shop", address: "Main St 1" },
      },
    });
    expect(
      await parseMsg({
        contact: { phone_number: "+4915112345678", first_name: "Bob", last_name: "B" },
      }),
    ).toMatchObject({
      message: {
        type: "contacts",
        contacts: [{ name: "Bob B", phones: [{ phone: "+4915112345678" }] }],
      },
    });
    expect(
      await parseMsg({
        animation: { file_id: "gif", mime_type: "video/mp4" },
        document: { file_id: "gif" },
      }),
    ).toMatchObject({ message: { type: "video", rawType: "animation" } });
    expect(
      await parseMsg({ text: "fwd", forward_origin: { type: "user", date: 1 } }),
    ).toMatchObject({ message: { type: "text", forwarded: true } });
  });

  it("should map edited messages to edit events", async () => {
    expect(await parseMsg({ text: "corrected", edit_date: 1700000100 }, "edited_message")).toEqual({
      kind: "edit",
      channel: "telegram",
      externalUserId: "42",
      externalMessageId: "42:7",
      eventId: "update:9",
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
        payload: "track_order",
        rawType: "callback_query",
        replyToExternalMessageId: "42:5",
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
