import { describe, expect, it } from "vitest";
import { channelAdapters, getAdapter, parseCredentials } from "./registry";
import { CHANNEL_TYPES } from "./types";

describe("channel registry", () => {
  it("should register one adapter per channel type under its own name", () => {
    expect(Object.keys(channelAdapters).sort()).toEqual([...CHANNEL_TYPES].sort());
    for (const type of CHANNEL_TYPES) expect(getAdapter(type).type).toBe(type);
  });

  it("should offer the GET handshake only where the platform has one", () => {
    const withHandshake = CHANNEL_TYPES.filter((t) => typeof getAdapter(t).handshake === "function");
    expect(withHandshake.sort()).toEqual(["instagram", "messenger", "whatsapp"]);
  });

  it("should validate credentials per channel", () => {
    expect(parseCredentials("whatsapp", { accessToken: "a", phoneNumberId: "1", appSecret: "s" })).toMatchObject({ ok: true });
    expect(parseCredentials("whatsapp", { accessToken: "a" })).toMatchObject({ ok: false });
    expect(parseCredentials("telegram", { botToken: "123:abc" })).toMatchObject({ ok: true });
    expect(parseCredentials("telegram", { botToken: "nope" })).toMatchObject({ ok: false });
    expect(parseCredentials("messenger", { pageAccessToken: "p", appSecret: "s", pageId: "1" })).toMatchObject({ ok: true });
    expect(parseCredentials("line", { channelSecret: "s" })).toMatchObject({ ok: false });
    expect(parseCredentials("email", { address: "help@shop.test" })).toMatchObject({ ok: true });
    expect(parseCredentials("email", { address: "not-an-address" })).toMatchObject({ ok: false });
    expect(parseCredentials("widget", {})).toMatchObject({ ok: true });
  });

  it("should refuse a truncated body on every JSON channel without throwing", async () => {
    for (const type of CHANNEL_TYPES.filter((t) => t !== "email")) {
      const res = await getAdapter(type).parse(new TextEncoder().encode('{"object":"page","entry":[{"id"'), new Headers());
      expect(res, type).toMatchObject({ ok: false, code: "MALFORMED_PAYLOAD" });
    }
  });
});
