import { describe, expect, it, vi } from "vitest";
import { fixtureBytes, fixturePaths, fixtureText } from "./testing/fixtures";
import { NormalizedEventSchema } from "./types";
import type { NormalizedEvent } from "./types";
import { whatsappAdapter } from "./whatsapp";

const DIR = "webhooks/whatsapp/flat";
const USER = "972987654321";
const CONTACT = { name: "Test Name", phone: "+972987654321" };

async function parseFixture(name: string): Promise<NormalizedEvent[]> {
  const res = await whatsappAdapter.parse(fixtureBytes(`${DIR}/${name}.json`), new Headers());
  if (!res.ok) throw new Error(`${name}: ${res.message}`);
  return res.events;
}

const msg = (externalMessageId: string, ts: number, message: Record<string, unknown>) => ({
  kind: "message",
  channel: "whatsapp",
  accountId: "1122334455667",
  externalUserId: USER,
  externalMessageId,
  timestamp: ts * 1000,
  contact: CONTACT,
  message,
});
const status = (s: string, mapped: string, ts: number, extra: Record<string, unknown> = {}) => ({
  kind: "status",
  channel: "whatsapp",
  externalMessageId: "wamid.xyzxyz",
  eventId: `wamid.xyzxyz:${s}`,
  status: mapped,
  externalUserId: USER,
  timestamp: ts * 1000,
  ...extra,
});

/** Expected events per fixture (matched with toMatchObject: listed fields must be equal). */
const EXPECTED: Record<string, unknown[]> = {
  message__text: [msg("wamid.xyzxyz", 1697043223, { type: "text", text: "Body Text" })],
  message__image: [
    msg("wamid.xyzxyz", 1697043379, {
      type: "image",
      media: { platformId: "65463453", mimeType: "image/jpeg", sha256: "4654+8g=" },
    }),
  ],
  message__media_with_url: [
    msg("wamid.xyzxyz", 1697043379, {
      type: "image",
      media: {
        platformId: "65463453",
        url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=65463453&source=webhook&ext=487r9re&hash=heiwchueowbcew-dnedcw",
      },
    }),
  ],
  message__video: [
    msg("wamid.xyzxyz", 1697044362, {
      type: "video",
      text: "caption",
      forwarded: true,
      media: { platformId: "765756756", mimeType: "video/mp4" },
    }),
  ],
  message__document: [
    msg("wamid.xyzxyz", 1697043666, {
      type: "document",
      text: "caption",
      forwarded: true,
      media: {
        platformId: "1234567890987654321",
        filename: "filename.pdf",
        mimeType: "application/pdf",
      },
    }),
  ],
  message__audio: [
    msg("wamid.xyzxyz", 1697043509, {
      type: "audio",
      forwarded: true,
      media: { platformId: "1234567890987654321", mimeType: "audio/ogg; codecs=opus" },
    }),
  ],
  message__voice: [
    msg("wamid.xyzxyz", 1697043473, {
      type: "voice",
      media: { platformId: "1234567890987654321" },
    }),
  ],
  message__static_sticker: [
    msg("wamid.xyzxyz", 1697043760, {
      type: "sticker",
      media: { platformId: "1234567890987654321", mimeType: "image/webp" },
    }),
  ],
  message__animated_sticker: [
    msg("wamid.xyzxyz", 1697043785, { type: "sticker", media: { mimeType: "image/webp" } }),
  ],
  message__reaction: [
    msg("wamid.xyzxyz", 1697044456, {
      type: "reaction",
      reaction: { emoji: "😮", targetExternalMessageId: "wamid.yzxyzx=" },
    }),
  ],
  message__unreaction_empty: [
    msg("wamid.xyzxyz", 1697044456, {
      type: "reaction",
      reaction: { emoji: "", targetExternalMessageId: "wamid.yzxyzx=" },
    }),
  ],
  message__unreaction_no_emoji: [
    msg("wamid.xyzxyz", 1697044456, {
      type: "reaction",
      reaction: { emoji: "", targetExternalMessageId: "wamid.yzxyzx=" },
    }),
  ],
  message__chosen_location: [
    msg("wamid.xyzxyz", 1697044557, {
      type: "location",
      forwarded: true,
      location: {
        latitude: 37.4611978,
        longitude: -122.2164385,
        name: "Facebook HQ",
        address: "1 Hacker Way, Menlo Park, CA 94025",
      },
    }),
  ],
  message__current_location: [
    msg("wamid.xyzxyz", 1697044557, {
      type: "location",
      location: { latitude: 12.25089, longitude: 43.90539 },
    }),
  ],
  message__contacts: [
    msg("wamid.xyzxyz", 1697044621, {
      type: "contacts",
      contacts: [
        {
          name: "Chandler Bing",
          phones: [{ phone: "+1 555-555-5555", waId: USER, type: "CELL" }],
          emails: [],
        },
        { name: "Monica", phones: [{ phone: "+1 666-666-6666", type: "HOME" }] },
        { name: "Rachel Green", phones: [{ phone: "+1 777-777-7777", type: "WORK" }] },
      ],
    }),
  ],
  message__order: [
    msg("wamid.xyzxyz", 1697044668, {
      type: "order",
      order: {
        catalogId: "354160437058781",
        items: [
          { productId: "HAMBURGER", quantity: 3, itemPrice: 30, currency: "ILS" },
          { productId: "FRENCH_FRIES", quantity: 2, itemPrice: 35, currency: "ILS" },
          { productId: "SODA", quantity: 2, itemPrice: 10, currency: "ILS" },
        ],
      },
    }),
  ],
  message__reply: [
    msg("wamid.xyzxyz", 1697044746, {
      type: "text",
      text: "replied text",
      replyToExternalMessageId: "wamid.xyzxyz==",
    }),
  ],
  message__forwarded: [
    msg("wamid.xyzxyz", 1697044815, { type: "text", text: "forwarded text", forwarded: true }),
  ],
  message__forwarded_many_times: [
    msg("wamid.xyzxyz", 1697044968, {
      type: "text",
      text: "text forwarded many times",
      forwarded: true,
    }),
  ],
  message__referral: [
    msg("wamid.ID", 1697045000, {
      type: "text",
      text: "BODY",
      referral: {
        source: "ad or post",
        sourceId: "ADID",
        sourceUrl: "AD_OR_POST_FB_URL",
        headline: "AD_TITLE",
        body: "AD_DESCRIPTION",
        clickId: "CTWA_CLID",
      },
    }),
  ],
  message__unsupported: [
    msg("wamid.xyzxyz", 1697044706, { type: "unsupported", rawType: "unsupported" }),
  ],
  message__unsupported_with_type: [
    msg("wamid.xyzxyz", 1697044706, { type: "unsupported", rawType: "pool" }),
  ],
  message__interactive_message_with_err: [
    {
      ...msg("wamid.wegrchytvwcggt=", 1700505494, {
        type: "unsupported",
        rawType: "interactive",
        replyToExternalMessageId: "wamid.gvwegfretge==",
      }),
    },
  ],
  callback_button__button: [
    msg("wamid.xyzxyz", 1698266730, {
      type: "interactive_reply",
      text: "title",
      payload: "callback_data",
      rawType: "button_reply",
      replyToExternalMessageId: "wamid.xyzxyz",
    }),
  ],
  callback_button__quick_reply: [
    msg("wamid.xsidjw", 1698269027, {
      type: "interactive_reply",
      text: "title",
      payload: "callback_data",
      rawType: "button",
      replyToExternalMessageId: "wamid.xyzxyz==",
    }),
  ],
  callback_button__quick_reply_without_context: [
    msg("wamid.xsidjx", 1698269027, {
      type: "interactive_reply",
      text: "title",
      payload: "callback_data",
      rawType: "button",
    }),
  ],
  callback_selection__callback: [
    msg("wamid.zyzxyz", 1698266905, {
      type: "interactive_reply",
      text: "title",
      payload: "callback_data",
      rawType: "list_reply",
    }),
  ],
  callback_selection__description: [
    msg("wamid.zyzxyz", 1698266905, {
      type: "interactive_reply",
      text: "title",
      payload: "callback_data",
      rawType: "list_reply",
    }),
  ],
  call_permission_update__accept: [
    msg("wamid.x", 1752582182, {
      type: "interactive_reply",
      payload: "accept",
      rawType: "call_permission_reply",
    }),
  ],
  call_permission_update__reject: [
    msg("wamid.x", 1752582182, {
      type: "interactive_reply",
      payload: "reject",
      rawType: "call_permission_reply",
    }),
  ],
  flow_completion__completion: [
    msg("wamid.wegrchytvwcggt==", 1702502473, {
      type: "interactive_reply",
      text: "Sent",
      rawType: "nfm_reply",
      payload:
        '{"comment_text":"Comment Text","delivery_rating":"4","flow_token":"AQAAAAACS5FpgQ_cAAAAAD0QI3s.","purchase_rating":"2","recommend_radio":"0","cs_rating":"0"}',
    }),
  ],
  flow_completion__without_flow_token: [
    msg("wamid.wegrchytvwcggt==", 1702502473, {
      type: "interactive_reply",
      text: "Sent",
      rawType: "nfm_reply",
    }),
  ],
  edited_message__image: [
    {
      kind: "edit",
      externalUserId: "16505551234",
      externalMessageId: "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=",
      eventId: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=",
      text: "Updated image caption",
      timestamp: 1749854575000,
    },
  ],
  deleted_message__revoke: [
    {
      kind: "delete",
      externalUserId: "<WHATSAPP_USER_PHONE_NUMBER>",
      externalMessageId: "<ORIGINAL_WHATSAPP_MESSAGE_ID>",
      eventId: "<WHATSAPP_MESSAGE_ID>",
      timestamp: 1697043223000,
    },
  ],
  message_status__sent: [status("sent", "sent", 1698266945)],
  message_status__with_tracker: [status("sent", "sent", 1698266945)],
  message_status__delivered: [status("delivered", "delivered", 1698266945)],
  message_status__read: [status("read", "read", 1689380458)],
  message_status__played: [status("played", "read", 1689380458)],
  message_status__failed: [
    status("failed", "failed", 1689380458, {
      error: {
        code: "130472",
        message: "Failed to send message because this user's phone number is part of an experiment",
      },
    }),
  ],
  message_status__group: [
    {
      kind: "status",
      externalMessageId: "<WHATSAPP_MESSAGE_ID>",
      status: "read",
      externalUserId: "fowefinoewcnw",
    },
  ],
  outgoing_message__text: [
    {
      kind: "lifecycle",
      event: "message_echo",
      externalUserId: "<WHATSAPP_USER_PHONE_NUMBER>",
      eventId: "<WHATSAPP_MESSAGE_ID>",
      data: { text: "Test message" },
    },
  ],
  outgoing_message__edit: [
    {
      kind: "lifecycle",
      event: "message_echo_edit",
      externalUserId: "972123456789",
      data: { text: "Text was edited", originalExternalMessageId: "wamid.zzzzzz" },
    },
  ],
  outgoing_message__delete: [
    {
      kind: "lifecycle",
      event: "message_echo_delete",
      externalUserId: "972123456789",
      data: { originalExternalMessageId: "wamid.zzzzzz" },
    },
  ],
  system__identity_change: [
    {
      kind: "lifecycle",
      event: "customer_identity_changed",
      externalUserId: USER,
      eventId: "wamid.xyzxyz",
      timestamp: 1697044706000,
    },
  ],
  system__phone_number_change: [
    {
      kind: "lifecycle",
      event: "user_changed_number",
      externalUserId: USER,
      data: { newWaId: "972912345678" },
    },
  ],
  user_marketing_preferences__resume: [
    {
      kind: "lifecycle",
      event: "marketing_resume",
      externalUserId: "16505551234",
      timestamp: 1731705721000,
    },
  ],
  user_marketing_preferences__signup: [
    { kind: "lifecycle", event: "marketing_signup", externalUserId: "16505551234" },
  ],
  call_connect__business_initiated: [{ kind: "unknown", rawType: "calls" }],
  call_connect__user_initiated: [{ kind: "unknown", rawType: "calls" }],
  call_status__call_status: [{ kind: "unknown", rawType: "calls" }],
  call_terminate__call_terminate: [{ kind: "unknown", rawType: "calls" }],
  account_update__account_deleted: [
    { kind: "unknown", rawType: "account_update:ACCOUNT_DELETED", timestamp: 1743451903000 },
  ],
  template_category_update__marketing: [{ kind: "unknown", rawType: "template_category_update" }],
  template_components_update__element: [
    { kind: "unknown", rawType: "message_template_components_update" },
  ],
  template_quality_update__yellow: [
    { kind: "unknown", rawType: "message_template_quality_update" },
  ],
  template_status_update__approved: [
    {
      kind: "unknown",
      rawType: "message_template_status_update:APPROVED",
      timestamp: 1751247548000,
    },
  ],
  template_status_update__rejected: [
    { kind: "unknown", rawType: "message_template_status_update:REJECTED" },
  ],
};

describe("whatsappAdapter.parse", () => {
  const names = fixturePaths(DIR).map((p) => p.slice(DIR.length + 1, -".json".length));

  it("should cover all 74 flat fixtures", () => {
    expect(names).toHaveLength(74);
  });

  it.each(names)("should normalise %s", async (name) => {
    const events = await parseFixture(name);
    for (const e of events) expect(NormalizedEventSchema.safeParse(e).success).toBe(true);
    const expected =
      EXPECTED[name] ?? (name.startsWith("account_update__") ? [{ kind: "unknown" }] : undefined);
    expect(expected, `no expectation for ${name}`).toBeDefined();
    expect(events).toHaveLength(expected!.length);
    expect(events).toMatchObject(expected!);
    if (name.startsWith("account_update__"))
      expect((events[0] as { rawType: string }).rawType).toMatch(/^account_update:[A-Z_]+$/);
  });

  it("should give the same events for the grouped files as for the flat ones", async () => {
    // Events without a platform time are stamped with the receive time: freeze it so both parses agree.
    const now = vi.spyOn(Date, "now").mockReturnValue(1_760_000_000_000);
    const grouped = fixturePaths("webhooks/whatsapp");
    expect(grouped.length).toBeGreaterThan(10);
    for (const path of grouped) {
      const cases = JSON.parse(fixtureText(path)) as Record<string, unknown>;
      for (const [caseName, body] of Object.entries(cases)) {
        const flatName = `${path.slice("webhooks/whatsapp/".length, -".json".length)}__${caseName}`;
        const res = await whatsappAdapter.parse(
          new TextEncoder().encode(JSON.stringify(body)),
          new Headers(),
        );
        expect(res.ok).toBe(true);
        if (res.ok) expect(res.events).toEqual(await parseFixture(flatName));
      }
    }
    now.mockRestore();
  });

  it("should derive stable ids for events the platform gives none", async () => {
    // The fixture has no timestamp, so the receive time stands in: one fixed clock for both parses.
    const now = vi.spyOn(Date, "now").mockReturnValue(1_751_247_548_000);
    const a = await parseFixture("call_status__call_status");
    const b = await parseFixture("call_status__call_status");
    now.mockRestore();
    expect(a[0]).toMatchObject({ eventId: expect.stringMatching(/^wa:h:[0-9a-f]{32}$/) });
    expect(a).toEqual(b);
    const other = await parseFixture("call_terminate__call_terminate");
    expect((other[0] as { eventId: string }).eventId).not.toBe(
      (a[0] as { eventId: string }).eventId,
    );
  });

  it("should reject truncated JSON as MALFORMED_PAYLOAD", async () => {
    const bytes = fixtureBytes(`${DIR}/message__text.json`);
    const res = await whatsappAdapter.parse(bytes.slice(0, bytes.length - 20), new Headers());
    expect(res).toMatchObject({ ok: false, code: "MALFORMED_PAYLOAD" });
  });

  it("should reject bodies that are not WhatsApp webhooks", async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    for (const body of ['{"object":"page","entry":[]}', '{"entry":"x"}', "[]", "", "null"]) {
      expect(await whatsappAdapter.parse(enc(body), new Headers())).toMatchObject({
        ok: false,
        code: "MALFORMED_PAYLOAD",
      });
    }
    expect(
      await whatsappAdapter.parse(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), new Headers()),
    ).toMatchObject({ ok: false, code: "MALFORMED_PAYLOAD" });
  });

  it("should record unknown fields and message types instead of failing", async () => {
    const body = {
      object: "whatsapp_business_account",
      entry: [
        {
          id: "1",
          time: 1700000000,
          changes: [
            { field: "brand_new_field", value: { anything: true } },
            {
              field: "messages",
              value: { errors: [{ code: 131000, title: "Something went wrong" }] },
            },
            {
              field: "messages",
              value: {
                messages: [
                  {
                    from: "111",
                    id: "wamid.new",
                    timestamp: "1700000001",
                    type: "hologram",
                    hologram: {},
                  },
                  { id: "missing-from" },
                ],
              },
            },
          ],
        },
      ],
    };
    const res = await whatsappAdapter.parse(
      new TextEncoder().encode(JSON.stringify(body)),
      new Headers(),
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.events).toMatchObject([
      { kind: "unknown", rawType: "brand_new_field", timestamp: 1700000000000 },
      { kind: "unknown", rawType: "messages:errors" },
      {
        kind: "message",
        externalMessageId: "wamid.new",
        message: { type: "unsupported", rawType: "hologram" },
      },
      { kind: "unknown", rawType: "message" },
    ]);
  });
});
