import { describe, expect, it } from "vitest";
import { sha256Hex } from "../lib/crypto";
import { instagramAdapter, messengerAdapter } from "./messenger";
import { fixtureBytes, fixturePaths } from "./testing/fixtures";
import { jsonResponse, mockFetch } from "./testing/mock-fetch";
import { NormalizedEvent as NormalizedEventSchema } from "../wire/queue";

const DIR = "webhooks/messenger";
const SECRET = "edgedesk-test-app-secret";
const creds = { pageAccessToken: "PAGE_TOKEN", appSecret: SECRET, pageId: "0" };
const enc = (v: unknown) => new TextEncoder().encode(typeof v === "string" ? v : JSON.stringify(v));

// Computed outside this code from the files on disk: `sha256sum` and
// `openssl dgst -sha256 -hmac edgedesk-test-app-secret`. If `?raw` loading changed a single byte
// (dropped BOM, normalised CRLF) both checks below would fail.
const FILES: Record<string, { sha256: string; hmac: string; bom: boolean }> = {
  "Payload.json": {
    sha256: "f10330c0260d4b36bb9a8be38def3d03c9422e34ad8e7670a08bfcd5bb8ea169",
    hmac: "f7de5f3c5773d6d95b11a9249dce871970e27dd482ff603fcabede7f9e814995",
    bom: false,
  },
  "PayloadWithPassThreadControl.json": {
    sha256: "63268715f2448dcca2e5bd19f2d21686aa1b88df901df9438b930ccc0659cba4",
    hmac: "bd57ba2c3f2925bf1469c9ba326b613f490d4d27f4a354a7f01639bc1b5eb842",
    bom: true,
  },
  "PayloadWithPostBack.json": {
    sha256: "4525658f505ff39e4c3d7ea3db111db94fa765a6b2e1c9f2cbb2d10bec0b914b",
    hmac: "d1ce24b89c8321840e573d346889cf59e80912930b3369aea0baba37b826d4a7",
    bom: false,
  },
  "PayloadWithReferral.json": {
    sha256: "8c716e2dec1c056bd71eb3d592e506f069cd51173286296c5e3829e26f79553f",
    hmac: "6bf2d9f6af07987916c704266d2321aeccbc715f6c10385ae79cd36f9ee7d5a2",
    bom: false,
  },
  "PayloadWithRequestThreadControl.json": {
    sha256: "e1aef583f82ebebce2cc328a5e638bf3d8ca8c2658c7e5ae33c1a713b03ad0b3",
    hmac: "249e2ca78664316d0fecdcdc50f7a7f77ffededfd7e66ede2935af268c0a0b35",
    bom: true,
  },
  "PayloadWithStandby.json": {
    sha256: "284db8e1687f6e95eb5c48b5fa00b7d2ae4372ffc04715812e0c854c8f563543",
    hmac: "78afcb35544cfd9f92feede4f65c74b11936c75231b4a36abd4183b88ddacde7",
    bom: true,
  },
  "PayloadWithTakeThreadControl.json": {
    sha256: "341c8822a127344780b5cfeeb0747bed4df1e2d643ff07622421d42d386bb7be",
    hmac: "aa93ac379cabccd41a4f857cf2615c0c4247c4101e1ab3e3a5470aec2bc2c2a0",
    bom: true,
  },
  "RequestResponse.json": {
    sha256: "3e6b2405a2cb1b7e647f4efaa90f72e3d86872a292af32f828962320b430cff0",
    hmac: "c9c1f4bf36e684bf5cccb13ea7aebc7de6798d60dbb3e3246302a8edd92a8812",
    bom: false,
  },
};

describe("messenger fixtures", () => {
  const names = fixturePaths(DIR).map((p) => p.slice(DIR.length + 1));

  it("should load every fixture byte for byte (BOM and CRLF kept)", async () => {
    expect(names).toEqual(Object.keys(FILES).sort());
    for (const name of names) {
      const bytes = fixtureBytes(`${DIR}/${name}`);
      expect(await sha256Hex(bytes), name).toBe(FILES[name].sha256);
      expect(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, name).toBe(
        FILES[name].bom,
      );
    }
    expect(
      new TextDecoder().decode(fixtureBytes(`${DIR}/RequestResponse.json`)).includes("\r\n"),
    ).toBe(true);
  });

  it.each(names)("should accept the signature of %s over the exact bytes", async (name) => {
    const rawBody = fixtureBytes(`${DIR}/${name}`);
    const headers = new Headers({ "X-Hub-Signature-256": `sha256=${FILES[name].hmac}` });
    expect(await messengerAdapter.verify({ headers, rawBody }, creds, { webhookSecret: "" })).toBe(
      true,
    );
  });

  it("should reject a signature once the BOM is stripped or CRLF normalised", async () => {
    const bom = fixtureBytes(`${DIR}/PayloadWithStandby.json`);
    const headers = new Headers({
      "X-Hub-Signature-256": `sha256=${FILES["PayloadWithStandby.json"].hmac}`,
    });
    expect(
      await messengerAdapter.verify({ headers, rawBody: bom.slice(3) }, creds, {
        webhookSecret: "",
      }),
    ).toBe(false);
    const crlf = new TextDecoder().decode(fixtureBytes(`${DIR}/RequestResponse.json`));
    const h2 = new Headers({
      "X-Hub-Signature-256": `sha256=${FILES["RequestResponse.json"].hmac}`,
    });
    expect(
      await messengerAdapter.verify(
        { headers: h2, rawBody: enc(crlf.replace(/\r\n/g, "\n")) },
        creds,
        { webhookSecret: "" },
      ),
    ).toBe(false);
  });

  it("should give distinct stable ids to events without platform ids", async () => {
    const parse = async () => {
      const res = await messengerAdapter.parse(
        fixtureBytes(`${DIR}/PayloadWithStandby.json`),
        new Headers(),
      );
      return res.ok
        ? res.events.map((e) =>
            e.kind === "lifecycle"
              ? e.data?.eventId
              : "externalMessageId" in e
                ? e.externalMessageId
                : undefined,
          )
        : [];
    };
    const ids = await parse();
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => typeof id === "string")).toBe(true);
    expect(await parse()).toEqual(ids);
  });
});

describe("messenger/instagram parse edge cases", () => {
  const ig = (messaging: unknown[]) =>
    enc({ object: "instagram", entry: [{ id: "IGACC", time: 1700000000000, messaging }] });
  const who = { sender: { id: "IGSID1" }, recipient: { id: "IGACC" }, timestamp: 1700000000123 };

  it("should map Instagram messages, attachments, reactions, reads, edits and deletes", async () => {
    const res = await instagramAdapter.parse(
      ig([
        { ...who, message: { mid: "ig.m1", text: "hi", reply_to: { mid: "ig.m0" } } },
        {
          ...who,
          message: {
            mid: "ig.m2",
            attachments: [{ type: "image", payload: { url: "https://cdn.ig/x.jpg" } }],
          },
        },
        { ...who, message: { mid: "ig.m3", text: "Yes", quick_reply: { payload: "YES" } } },
        { ...who, reaction: { mid: "ig.out1", action: "react", reaction: "love", emoji: "❤️" } },
        { ...who, reaction: { mid: "ig.out1", action: "unreact" } },
        { ...who, read: { mid: "ig.out1" } },
        { ...who, message_edit: { mid: "ig.m1", text: "hello", num_edit: 1 } },
        { ...who, message: { mid: "ig.m2", is_deleted: true } },
        {
          ...who,
          message: { mid: "ig.m9", is_echo: true, text: "from the app" },
          sender: { id: "IGACC" },
          recipient: { id: "IGSID1" },
        },
        { ...who, brand_new_thing: { x: 1 } },
      ]),
      new Headers(),
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    for (const e of res.events) expect(NormalizedEventSchema.safeParse(e).success).toBe(true);
    expect(res.events).toMatchObject([
      {
        kind: "message",
        channel: "instagram",
        externalUserId: "IGSID1",
        externalMessageId: "ig.m1",
        timestamp: 1700000000123,
        message: {
          type: "text",
          text: "hi",
          replyToExternalId: "ig.m0",
          extra: { accountId: "IGACC" },
        },
      },
      {
        kind: "message",
        externalMessageId: "ig.m2",
        message: { type: "image", media: [{ url: "https://cdn.ig/x.jpg" }] },
      },
      {
        kind: "message",
        message: { type: "interactive_reply", text: "Yes", extra: { payload: "YES" } },
      },
      {
        kind: "message",
        message: {
          type: "reaction",
          text: "Reacted ❤️",
          extra: { reaction: { emoji: "❤️", targetExternalMessageId: "ig.out1" } },
        },
      },
      {
        kind: "message",
        message: {
          type: "reaction",
          text: "Removed a reaction",
          extra: { reaction: { emoji: "", targetExternalMessageId: "ig.out1" } },
        },
      },
      { kind: "status", status: "read", externalMessageId: "ig.out1" },
      { kind: "edit", externalMessageId: "ig.m1", text: "hello" },
      { kind: "delete", externalMessageId: "ig.m2" },
      {
        kind: "lifecycle",
        event: "message_echo",
        externalUserId: "IGSID1",
        data: { eventId: "ig.m9", data: { text: "from the app" } },
      },
      { kind: "unknown", description: "messaging:brand_new_thing" },
    ]);
  });

  it("should map Messenger deliveries per mid and watermark-only reads", async () => {
    const body = enc({
      object: "page",
      entry: [
        {
          id: "P1",
          time: 1,
          messaging: [
            {
              sender: { id: "U1" },
              recipient: { id: "P1" },
              timestamp: 5,
              delivery: { mids: ["m.a", "m.b"], watermark: 4 },
            },
            { sender: { id: "U1" }, recipient: { id: "P1" }, timestamp: 6, read: { watermark: 6 } },
            {
              sender: { id: "U1" },
              recipient: { id: "P1" },
              timestamp: 7,
              message: {
                mid: "m.c",
                attachments: [
                  {
                    type: "location",
                    title: "Shop",
                    payload: { coordinates: { lat: 1.5, long: 2.5 } },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const res = await messengerAdapter.parse(body, new Headers());
    expect(res.ok && res.events).toMatchObject([
      {
        kind: "status",
        status: "delivered",
        externalMessageId: "m.a",
        externalUserId: "U1",
      },
      { kind: "status", status: "delivered", externalMessageId: "m.b" },
      { kind: "lifecycle", event: "read_watermark", data: { data: { watermark: 6 } } },
      {
        kind: "message",
        message: {
          type: "location",
          text: "Shop — 📍 1.5, 2.5",
          extra: { location: { latitude: 1.5, longitude: 2.5, name: "Shop" } },
        },
      },
    ]);
  });

  it("should return MALFORMED_PAYLOAD for truncated JSON or the wrong object", async () => {
    const bytes = fixtureBytes(`${DIR}/PayloadWithStandby.json`);
    expect(await messengerAdapter.parse(bytes.slice(0, 200), new Headers())).toMatchObject({
      ok: false,
      code: "MALFORMED_PAYLOAD",
    });
    expect(await instagramAdapter.parse(bytes, new Headers())).toMatchObject({
      ok: false,
      code: "MALFORMED_PAYLOAD",
    });
  });
});

describe("messengerAdapter.send", () => {
  const ok = (id = "m_OUT") => jsonResponse({ recipient_id: "PSID1", message_id: id });

  it("should POST text with quick replies to the Send API with the page token as Bearer", async () => {
    const fetch = mockFetch(ok());
    const result = await messengerAdapter.send(
      {
        to: "PSID1",
        text: "Which one?",
        buttons: [
          { id: "A", title: "Option A" },
          { id: "B", title: "Option B" },
        ],
      },
      creds,
      { fetch },
    );
    expect(result).toEqual({ ok: true, externalMessageId: "m_OUT" });
    expect(fetch.calls[0].url).toBe("https://graph.facebook.com/v21.0/me/messages");
    expect(fetch.calls[0].method).toBe("POST");
    expect(fetch.calls[0].headers.get("authorization")).toBe("Bearer PAGE_TOKEN");
    expect(fetch.calls[0].json).toEqual({
      recipient: { id: "PSID1" },
      messaging_type: "RESPONSE",
      message: {
        text: "Which one?",
        quick_replies: [
          { content_type: "text", title: "Option A", payload: "A" },
          { content_type: "text", title: "Option B", payload: "B" },
        ],
      },
    });
  });

  it("should send media as an attachment and then the text", async () => {
    const fetch = mockFetch(ok("m_1"), ok("m_2"));
    const result = await instagramAdapter.send(
      {
        to: "IGSID1",
        text: "Your invoice",
        media: { url: "https://cdn.test/i.pdf", mimeType: "application/pdf" },
      },
      creds,
      { fetch },
    );
    expect(result).toEqual({ ok: true, externalMessageId: "m_2" });
    expect(fetch.calls.map((c) => c.json)).toEqual([
      {
        recipient: { id: "IGSID1" },
        messaging_type: "RESPONSE",
        message: {
          attachment: {
            type: "file",
            payload: { url: "https://cdn.test/i.pdf", is_reusable: true },
          },
        },
      },
      {
        recipient: { id: "IGSID1" },
        messaging_type: "RESPONSE",
        message: { text: "Your invoice" },
      },
    ]);
  });

  it("should map rate limits, the closed window and server errors", async () => {
    const send = (res: Response) =>
      messengerAdapter.send({ to: "PSID1", text: "x" }, creds, { fetch: mockFetch(res) });
    expect(
      await send(
        jsonResponse(
          { error: { message: "Calls to this api have exceeded the rate limit.", code: 613 } },
          400,
        ),
      ),
    ).toMatchObject({ ok: false, retryable: true, code: "GRAPH_613" });
    expect(
      await send(
        jsonResponse(
          { error: { message: "outside of allowed window", code: 10, error_subcode: 2018278 } },
          400,
        ),
      ),
    ).toMatchObject({ ok: false, retryable: false, code: "WINDOW_CLOSED" });
    expect(
      await send(
        jsonResponse({ error: { message: "unavailable", code: 2 } }, 503, { "retry-after": "3" }),
      ),
    ).toMatchObject({ ok: false, retryable: true, status: 503, retryAfterMs: 3000 });
  });

  it("should refuse templates and too many quick replies without calling the API", async () => {
    const fetch = mockFetch();
    expect(
      await messengerAdapter.send({ to: "P", template: { name: "t", language: "en" } }, creds, {
        fetch,
      }),
    ).toMatchObject({ ok: false, retryable: false, code: "UNSUPPORTED_CONTENT" });
    expect(
      await messengerAdapter.send(
        {
          to: "P",
          text: "x",
          buttons: Array.from({ length: 14 }, (_, i) => ({ id: `${i}`, title: `${i}` })),
        },
        creds,
        { fetch },
      ),
    ).toMatchObject({ code: "TOO_MANY_BUTTONS" });
    expect(fetch.calls).toHaveLength(0);
  });
});
