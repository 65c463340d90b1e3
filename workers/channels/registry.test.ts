import { describe, expect, it } from "vitest";
import type { ZodType } from "zod";
import {
  adapterFor,
  CHANNEL_TYPES,
  getAdapter,
  isChannelType,
  parseCredentials,
  registeredChannels,
} from "./registry";

describe("channel registry", () => {
  it("should register one adapter per channel type under its own name", () => {
    expect(
      registeredChannels()
        .map((a) => a.type)
        .sort(),
    ).toEqual([...CHANNEL_TYPES].sort());
    for (const type of CHANNEL_TYPES) expect(getAdapter(type).type).toBe(type);
  });

  it("should know no channel type it was not given", () => {
    for (const type of ["sms", "WhatsApp", "", "constructor", "__proto__"]) {
      expect(adapterFor(type), type).toBeUndefined();
      expect(isChannelType(type), type).toBe(false);
    }
  });

  it("should describe each platform's differences on its adapter, not in the engine", () => {
    const where = (pick: (t: (typeof CHANNEL_TYPES)[number]) => unknown) =>
      CHANNEL_TYPES.filter((t) => pick(t)).sort();
    expect(where((t) => getAdapter(t).replyWindowMs === 24 * 3600_000)).toEqual([
      "instagram",
      "messenger",
      "whatsapp",
    ]);
    expect(where((t) => getAdapter(t).fetchMedia)).toEqual([
      "instagram",
      "line",
      "messenger",
      "telegram",
      "whatsapp",
    ]);
    expect(where((t) => getAdapter(t).broadcast)).toEqual([
      "email",
      "instagram",
      "line",
      "messenger",
      "telegram",
      "whatsapp",
    ]);
    expect(where((t) => getAdapter(t).form)).toEqual([
      "email",
      "instagram",
      "line",
      "messenger",
      "telegram",
      "whatsapp",
    ]);
    expect(where((t) => getAdapter(t).connect)).toEqual(["telegram"]);
    expect(where((t) => getAdapter(t).send)).toEqual([
      "email",
      "instagram",
      "line",
      "messenger",
      "telegram",
      "whatsapp",
    ]);
    expect(getAdapter("telegram").generatedSecrets).toEqual({ webhookSecret: 24 });
    expect(getAdapter("widget").generatedSecrets).toEqual({ identitySecret: 32 });
  });

  it("should offer the GET handshake only where the platform has one", () => {
    const withHandshake = CHANNEL_TYPES.filter(
      (t) => typeof getAdapter(t).handshake === "function",
    );
    expect(withHandshake.sort()).toEqual(["instagram", "messenger", "whatsapp"]);
  });

  it("should validate credentials per channel", () => {
    expect(
      parseCredentials("whatsapp", { accessToken: "a", phoneNumberId: "1", appSecret: "s" }),
    ).toMatchObject({ ok: true });
    expect(parseCredentials("whatsapp", { accessToken: "a" })).toMatchObject({ ok: false });
    expect(parseCredentials("telegram", { botToken: "123:abc" })).toMatchObject({ ok: true });
    expect(parseCredentials("telegram", { botToken: "nope" })).toMatchObject({ ok: false });
    expect(
      parseCredentials("messenger", { pageAccessToken: "p", appSecret: "s", pageId: "1" }),
    ).toMatchObject({ ok: true });
    expect(parseCredentials("line", { channelSecret: "s" })).toMatchObject({ ok: false });
    expect(parseCredentials("email", { address: "help@shop.test" })).toMatchObject({ ok: true });
    expect(parseCredentials("email", { address: "not-an-address" })).toMatchObject({ ok: false });
    expect(parseCredentials("widget", {})).toMatchObject({ ok: true });
  });

  it("should ask in each connect form for exactly the credentials its schema reads, its required ones required", () => {
    for (const adapter of registeredChannels()) {
      const form = adapter.form;
      if (!form) continue;
      const shape = (adapter.credentialsSchema as unknown as { shape: Record<string, ZodType> })
        .shape;
      const keys = form.fields.map((f) => f.key);
      expect(new Set(keys).size, adapter.type).toBe(keys.length);
      for (const key of keys) expect(Object.keys(shape), `${adapter.type}.${key}`).toContain(key);
      for (const [key, field] of Object.entries(shape)) {
        const generated = key in (adapter.generatedSecrets ?? {});
        if (!field.safeParse(undefined).success && !generated)
          expect(keys, `${adapter.type} must ask for ${key}`).toContain(key);
        const asked = form.fields.find((f) => f.key === key);
        if (asked)
          expect(!!asked.optional, `${adapter.type}.${key} optional`).toBe(
            field.safeParse(undefined).success,
          );
      }
      for (const key of form.edit?.fields ?? []) expect(keys, adapter.type).toContain(key);
      if (adapter.send)
        expect(
          form.fields.some((f) => f.kind === "secret"),
          adapter.type,
        ).toBe(adapter.type !== "email");
      // The server refuses test sends without a send and a recipient label (routes/channels.ts).
      if (!adapter.send) expect(form.testTo, adapter.type).toBeNull();
    }
  });

  it("should refuse a truncated body on every JSON channel without throwing", async () => {
    for (const type of CHANNEL_TYPES.filter((t) => t !== "email")) {
      const res = await getAdapter(type).parse(
        new TextEncoder().encode('{"object":"page","entry":[{"id"'),
        new Headers(),
      );
      expect(res, type).toMatchObject({ ok: false, code: "MALFORMED_PAYLOAD" });
    }
  });

  it("should never throw on odd but valid JSON", async () => {
    const bodies = [
      "1",
      '"x"',
      "null",
      "{}",
      "[]",
      '{"object":"whatsapp_business_account","entry":[{"changes":[null,{"field":"messages","value":{"messages":[null,1,{"type":null}],"statuses":[{}]}}]}]}',
      '{"object":"page","entry":[{"messaging":[null,1,{"sender":null},{"sender":{"id":"1"},"message":null}],"standby":[7]}]}',
      '{"object":"instagram","entry":[{"messaging":[{"sender":{"id":2},"message":{"attachments":[{"type":"image","payload":null}]}}]}]}',
      '{"update_id":1,"message":null}',
      '{"update_id":2,"callback_query":{"id":1}}',
      '{"events":[null,{"type":1},{"type":"message","timestamp":1,"source":{"type":"user","userId":"U"},"message":{"id":"1","type":"location"}}]}',
      '{"clientMessageId":"c","visitorId":"v_abcdefghijklmnop","text":5}',
    ];
    for (const type of CHANNEL_TYPES.filter((t) => t !== "email")) {
      for (const body of bodies) {
        const res = await getAdapter(type).parse(new TextEncoder().encode(body), new Headers());
        expect(typeof res.ok, `${type}: ${body}`).toBe("boolean");
      }
    }
  });
});
