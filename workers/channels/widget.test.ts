import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { mockFetch } from "./testing/mock-fetch";
import { isVisitorId, newVisitorId, verifyWidgetIdentity, widgetAdapter } from "./widget";

const SECRET = "widget-secret-0123456789abcdef";
// Both computed with Python's hmac module, independent of this code.
const USER_HASH = "c37e57af08796ac62fbb6dc6f82d93b4298b23f772b5ea46396f66c35bd341e6";
const TOKEN =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEyMyIsImV4cCI6MjAwMDAwMDAwMCwibmFtZSI6IkFkYSIsImVtYWlsIjoiYWRhQGV4YW1wbGUuY29tIn0.gtLhESsHLxzQw7XgLtcdHS31CB8-vovL_1hF7Azk1ZQ";
const NOW = 1_900_000_000_000;
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe("verifyWidgetIdentity", () => {
  it("should accept the Intercom-style user hash and reject others", async () => {
    expect(
      await verifyWidgetIdentity({ externalUserId: "user-123", userHash: USER_HASH }, SECRET),
    ).toEqual({ ok: true, externalUserId: "user-123", claims: {} });
    expect(
      await verifyWidgetIdentity(
        { externalUserId: "user-123", userHash: USER_HASH.toUpperCase() },
        SECRET,
      ),
    ).toMatchObject({ ok: true });
    expect(
      await verifyWidgetIdentity({ externalUserId: "user-124", userHash: USER_HASH }, SECRET),
    ).toEqual({ ok: false, code: "IDENTITY_INVALID" });
    expect(
      await verifyWidgetIdentity(
        { externalUserId: "user-123", userHash: USER_HASH.slice(2) },
        SECRET,
      ),
    ).toEqual({ ok: false, code: "IDENTITY_INVALID" });
    expect(
      await verifyWidgetIdentity({ externalUserId: "user-123", userHash: "zz" }, SECRET),
    ).toEqual({ ok: false, code: "IDENTITY_INVALID" });
    expect(
      await verifyWidgetIdentity({ externalUserId: "user-123", userHash: USER_HASH }, undefined),
    ).toEqual({ ok: false, code: "IDENTITY_NOT_CONFIGURED" });
  });

  it("should accept a signed token and enforce exp/nbf against the clock", async () => {
    expect(await verifyWidgetIdentity({ token: TOKEN }, SECRET, NOW)).toEqual({
      ok: true,
      externalUserId: "user-123",
      claims: { name: "Ada", email: "ada@example.com" },
    });
    expect(await verifyWidgetIdentity({ token: TOKEN }, SECRET, 2_000_000_000_000)).toEqual({
      ok: false,
      code: "IDENTITY_EXPIRED",
    });
    const notYet = await sign({ sub: "u", exp: 2_000_000_000, nbf: 1_950_000_000 }, SECRET);
    expect(await verifyWidgetIdentity({ token: notYet }, SECRET, NOW)).toEqual({
      ok: false,
      code: "IDENTITY_EXPIRED",
    });
  });

  it("should reject tampered, foreign, unsigned and exp-less tokens", async () => {
    const [h, p, s] = TOKEN.split(".");
    const otherPayload = btoa(JSON.stringify({ sub: "admin", exp: 2_000_000_000 })).replace(
      /=+$/,
      "",
    );
    expect(await verifyWidgetIdentity({ token: `${h}.${otherPayload}.${s}` }, SECRET, NOW)).toEqual(
      { ok: false, code: "IDENTITY_INVALID" },
    );
    expect(await verifyWidgetIdentity({ token: TOKEN }, "another-secret-0123456789", NOW)).toEqual({
      ok: false,
      code: "IDENTITY_INVALID",
    });
    const none = `${btoa('{"alg":"none","typ":"JWT"}').replace(/=+$/, "")}.${p}.`;
    expect(await verifyWidgetIdentity({ token: none }, SECRET, NOW)).toEqual({
      ok: false,
      code: "IDENTITY_INVALID",
    });
    expect(
      await verifyWidgetIdentity({ token: await sign({ sub: "u" }, SECRET) }, SECRET, NOW),
    ).toEqual({ ok: false, code: "IDENTITY_INVALID" });
    expect(await verifyWidgetIdentity({ token: "garbage" }, SECRET, NOW)).toEqual({
      ok: false,
      code: "IDENTITY_INVALID",
    });
  });
});

describe("widgetAdapter", () => {
  const creds = { identitySecret: SECRET, allowedOrigins: ["https://shop.example"] };
  const verify = (
    body: unknown,
    origin: string | null = "https://shop.example",
    c: typeof creds | { identitySecret?: string } = creds,
  ) =>
    widgetAdapter.verify(
      { headers: new Headers(origin ? { origin } : {}), rawBody: enc(body) },
      c,
      { webhookSecret: "" },
    );

  it("should mint visitor ids that pass its own format check", () => {
    const a = newVisitorId();
    expect(isVisitorId(a)).toBe(true);
    expect(newVisitorId()).not.toBe(a);
    expect(isVisitorId("v_short")).toBe(false);
  });

  it("should verify anonymous visitors, identified users and the origin", async () => {
    const visitor = newVisitorId();
    expect(await verify({ clientMessageId: "c1", visitorId: visitor, text: "hi" })).toBe(true);
    expect(await verify({ clientMessageId: "c1", visitorId: "not-a-visitor-id", text: "hi" })).toBe(
      false,
    );
    expect(
      await verify({
        clientMessageId: "c1",
        user: { id: "user-123", hash: USER_HASH },
        text: "hi",
      }),
    ).toBe(true);
    expect(
      await verify({
        clientMessageId: "c1",
        user: { id: "user-999", hash: USER_HASH },
        text: "hi",
      }),
    ).toBe(false);
    expect(await verify({ clientMessageId: "c1", user: { id: "user-123" }, text: "hi" })).toBe(
      false,
    );
    expect(
      await verify(
        { clientMessageId: "c1", visitorId: visitor, text: "hi" },
        "https://evil.example",
      ),
    ).toBe(false);
    expect(
      await verify({ clientMessageId: "c1", visitorId: visitor, text: "hi" }, null, {
        identitySecret: SECRET,
      }),
    ).toBe(true);
  });

  it("should parse a widget message with an idempotent id", async () => {
    const res = await widgetAdapter.parse(
      enc({
        clientMessageId: "c-42",
        user: { id: "user-123", name: "Ada" },
        text: "Where is my order?",
        timestamp: 1700000000000,
        language: "en",
      }),
      new Headers(),
    );
    expect(res).toEqual({
      ok: true,
      events: [
        {
          kind: "message",
          channel: "widget",
          externalUserId: "user-123",
          externalMessageId: "user-123:c-42",
          timestamp: 1700000000000,
          contact: { name: "Ada", language: "en" },
          message: { type: "text", text: "Where is my order?", extra: {} },
        },
      ],
    });
    const photo = await widgetAdapter.parse(
      enc({
        clientMessageId: "c-43",
        visitorId: "v_abcdefghijklmnop",
        attachments: [{ url: "https://media.test/a.png", mimeType: "image/png" }],
      }),
      new Headers(),
    );
    expect(photo.ok && photo.events[0]).toMatchObject({
      message: { type: "image", media: [{ url: "https://media.test/a.png" }] },
    });
    expect(await widgetAdapter.parse(enc({ clientMessageId: "c" }), new Headers())).toMatchObject({
      ok: false,
      code: "MALFORMED_PAYLOAD",
    });
    expect(
      await widgetAdapter.parse(new TextEncoder().encode('{"clientMessageId":'), new Headers()),
    ).toMatchObject({ ok: false, code: "MALFORMED_PAYLOAD" });
  });

  it("should deliver replies through the realtime transport", async () => {
    const pushed: [string, unknown][] = [];
    const realtime = {
      push: async (to: string, m: unknown) => {
        pushed.push([to, m]);
        return "msg-1";
      },
    };
    expect(
      await widgetAdapter.send({ to: "user-123", text: "On its way" }, creds, {
        fetch: mockFetch(),
        realtime,
      }),
    ).toEqual({ ok: true, externalMessageId: "msg-1" });
    expect(pushed).toEqual([["user-123", { to: "user-123", text: "On its way" }]]);
    expect(
      await widgetAdapter.send({ to: "u", text: "x" }, creds, { fetch: mockFetch() }),
    ).toMatchObject({ ok: false, retryable: false, code: "NO_REALTIME_TRANSPORT" });
    const broken = {
      push: async () => {
        throw new Error("socket closed");
      },
    };
    expect(
      await widgetAdapter.send({ to: "u", text: "x" }, creds, {
        fetch: mockFetch(),
        realtime: broken,
      }),
    ).toMatchObject({ ok: false, retryable: true, code: "REALTIME_PUSH_FAILED" });
  });
});
