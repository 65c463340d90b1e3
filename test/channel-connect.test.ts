import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { postRaw } from "./channel-fixture-helpers";
import { call, errorOf, signupTenant, type Caller } from "./helpers";

afterEach(() => vi.restoreAllMocks());

type Verification = { state: string; account?: string; message?: string } | null;
type Connected = {
  channel: { id: string; verification: Verification };
  verifyToken: string;
  registration?: { ok: boolean; message?: string };
};

/** The platforms, answered at the fetch boundary; every request is recorded with its Authorization header. */
function platforms(answer: (url: string, method: string) => Response | Promise<Response>) {
  const seen: { url: string; method: string; auth: string | null; body: string }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    seen.push({
      url: req.url,
      method: req.method,
      auth: req.headers.get("authorization"),
      body: req.method === "GET" ? "" : await req.clone().text(),
    });
    return answer(req.url, req.method);
  });
  return seen;
}

/** What workerd throws locally when a platform's host cannot be resolved. */
const unreachable = () => {
  throw new Error("internal error; reference = 0a1b2c3d4e5f");
};

const connect = (owner: Caller, type: string, credentials: Record<string, string>) =>
  call("POST", "/api/channels", { cookie: owner.cookie, body: { type, name: type, credentials } });
const count = async (tenantId: string) =>
  (await env.DB.prepare(
    "SELECT count(*) AS n FROM channels WHERE tenant_id = ? AND type != 'widget'",
  )
    .bind(tenantId)
    .first<{ n: number }>())!.n;

describe("credentials checked on connect", () => {
  it("should ask each platform with its own documented call and the credential only on that platform's host", async () => {
    const owner = await signupTenant();
    const seen = platforms((url) => {
      if (url === "https://graph.facebook.com/v21.0/1234567890")
        return Response.json({ id: "1234567890", display_phone_number: "+34 600 111 222" });
      if (url === "https://graph.facebook.com/v21.0/me")
        return Response.json({ id: "55", name: "Shop Page" });
      if (url === "https://api.telegram.org/bot123456:ABC-ok/getMe")
        return Response.json({
          ok: true,
          result: { id: 123456, is_bot: true, username: "shop_bot" },
        });
      if (url === "https://api.telegram.org/bot123456:ABC-ok/setWebhook")
        return Response.json({ ok: true, result: true });
      if (url === "https://api.line.me/v2/bot/info")
        return Response.json({ userId: "U1", displayName: "Shop LINE" });
      return new Response("unexpected", { status: 500 });
    });
    const cases: [string, Record<string, string>, string, string | null][] = [
      [
        "whatsapp",
        { accessToken: "wa-token", phoneNumberId: "1234567890", appSecret: "s" },
        "+34 600 111 222",
        "Bearer wa-token",
      ],
      [
        "messenger",
        { pageAccessToken: "page-token", appSecret: "s", pageId: "55" },
        "Shop Page",
        "Bearer page-token",
      ],
      [
        "instagram",
        { pageAccessToken: "ig-token", appSecret: "s", pageId: "55" },
        "Shop Page",
        "Bearer ig-token",
      ],
      ["telegram", { botToken: "123456:ABC-ok" }, "@shop_bot", null],
      [
        "line",
        { channelSecret: "s", channelAccessToken: "line-token" },
        "Shop LINE",
        "Bearer line-token",
      ],
    ];
    for (const [type, credentials, account, auth] of cases) {
      const before = seen.length;
      const res = await connect(owner, type, credentials);
      expect(res.status, type).toBe(201);
      const body = (await res.json()) as Connected;
      expect(body.channel.verification, type).toMatchObject({ state: "verified", account });
      const first = seen[before];
      expect(first.method, type).toBe("GET");
      expect(first.auth, type).toBe(auth);
    }
    expect(seen.map((s) => s.url)).toEqual([
      "https://graph.facebook.com/v21.0/1234567890",
      "https://graph.facebook.com/v21.0/me",
      "https://graph.facebook.com/v21.0/me",
      "https://api.telegram.org/bot123456:ABC-ok/getMe",
      "https://api.telegram.org/bot123456:ABC-ok/setWebhook",
      "https://api.line.me/v2/bot/info",
    ]);
    const listed = (await (
      await call("GET", "/api/channels", { cookie: owner.cookie })
    ).json()) as { channels: { type: string; verification: Verification }[] };
    expect(
      listed.channels
        .filter((c) => c.type !== "widget")
        .every((c) => c.verification?.state === "verified"),
    ).toBe(true);
  });

  it("should answer 422 and store nothing when the platform refuses the credentials", async () => {
    const owner = await signupTenant();
    platforms((url) =>
      url.includes("graph.facebook.com")
        ? Response.json(
            {
              error: {
                message: "Unsupported get request. Object with ID '999' does not exist",
                type: "GraphMethodException",
                code: 100,
              },
            },
            { status: 400 },
          )
        : url.includes("api.telegram.org")
          ? Response.json(
              { ok: false, error_code: 401, description: "Unauthorized" },
              { status: 401 },
            )
          : Response.json(
              {
                message:
                  "Authentication failed. Confirm that the access token in the authorization header is valid.",
              },
              { status: 401 },
            ),
    );
    for (const [type, credentials, said] of [
      ["whatsapp", { accessToken: "t", phoneNumberId: "999", appSecret: "s" }, "does not exist"],
      ["telegram", { botToken: "123456:ABC-revoked" }, "Unauthorized"],
      ["line", { channelSecret: "s", channelAccessToken: "bad" }, "Authentication failed"],
    ] as const) {
      const res = await connect(owner, type, credentials);
      expect(res.status, type).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe("CREDENTIALS_REFUSED");
      expect(error.message).toContain(said);
    }
    expect(await count(owner.tenantId)).toBe(0);
  });

  it("should store a channel whose platform cannot be reached as not verified yet, without workerd's raw error, and verify it on a re-check", async () => {
    const owner = await signupTenant();
    platforms(unreachable);
    const res = await connect(owner, "line", {
      channelSecret: "s",
      channelAccessToken: "line-token",
    });
    expect(res.status).toBe(201);
    const { channel } = (await res.json()) as Connected;
    expect(channel.verification).toMatchObject({ state: "unverified" });
    expect(channel.verification!.message).toContain("Could not reach api.line.me");
    expect(channel.verification!.message).not.toMatch(/internal error|reference/);
    vi.restoreAllMocks();
    platforms(() => Response.json({ userId: "U1", displayName: "Shop LINE" }));
    const again = await call("POST", `/api/channels/${channel.id}/check`, { cookie: owner.cookie });
    expect(again.status).toBe(200);
    expect(((await again.json()) as Connected).channel.verification).toMatchObject({
      state: "verified",
      account: "Shop LINE",
    });
    // A re-check is for platform channels; a bad id is a 404 and changes nothing.
    expect(
      (await call("POST", "/api/channels/chn_nope/check", { cookie: owner.cookie })).status,
    ).toBe(404);
  });

  it("should not show a Telegram channel as verified when setWebhook is refused", async () => {
    const owner = await signupTenant();
    platforms((url) =>
      url.endsWith("/getMe")
        ? Response.json({ ok: true, result: { id: 1, is_bot: true, username: "shop_bot" } })
        : Response.json(
            {
              ok: false,
              error_code: 400,
              description: "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
            },
            { status: 400 },
          ),
    );
    const res = await connect(owner, "telegram", { botToken: "123456:ABC-ok" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Connected;
    expect(body.channel.verification).toMatchObject({
      state: "webhook_failed",
      account: "@shop_bot",
    });
    expect(body.channel.verification!.message).toContain("HTTPS URL must be provided");
    expect(body.registration).toMatchObject({ ok: false });
  });

  it("should check replaced credentials too: refused ones change nothing", async () => {
    const owner = await signupTenant();
    platforms(() => Response.json({ userId: "U1", displayName: "Shop LINE" }));
    const { channel } = (await (
      await connect(owner, "line", { channelSecret: "s", channelAccessToken: "good" })
    ).json()) as Connected;
    vi.restoreAllMocks();
    platforms(() => Response.json({ message: "Authentication failed." }, { status: 401 }));
    const before = await env.DB.prepare("SELECT credentials_enc, config FROM channels WHERE id = ?")
      .bind(channel.id)
      .first();
    const res = await call("PATCH", `/api/channels/${channel.id}`, {
      cookie: owner.cookie,
      body: { credentials: { channelAccessToken: "revoked" } },
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("CREDENTIALS_REFUSED");
    expect(
      await env.DB.prepare("SELECT credentials_enc, config FROM channels WHERE id = ?")
        .bind(channel.id)
        .first(),
    ).toEqual(before);
  });
});

describe("Telegram's manual setup", () => {
  it("should accept updates carrying the verify token the channels page shows as the secret", async () => {
    const owner = await signupTenant();
    // The platform is unreachable at connect time, so the merchant sets the webhook by hand.
    platforms(unreachable);
    const res = await connect(owner, "telegram", { botToken: "123456:ABC-manual" });
    const body = (await res.json()) as Connected;
    expect(body.channel.verification?.state).toBe("unverified");
    vi.restoreAllMocks();
    const listed = (await (
      await call("GET", "/api/channels", { cookie: owner.cookie })
    ).json()) as { channels: { id: string; verifyToken?: string }[] };
    const shown = listed.channels.find((c) => c.id === body.channel.id)!.verifyToken!;
    expect(shown).toBe(body.verifyToken);
    const update = new TextEncoder().encode(
      JSON.stringify({
        update_id: 1,
        message: {
          message_id: 1,
          date: 1,
          chat: { id: 9, type: "private" },
          from: { id: 9, is_bot: false, first_name: "A" },
          text: "hi",
        },
      }),
    );
    expect(
      (
        await postRaw("telegram", body.channel.id, update, {
          "x-telegram-bot-api-secret-token": `${shown}x`,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await postRaw("telegram", body.channel.id, update, {
          "x-telegram-bot-api-secret-token": shown,
        })
      ).status,
    ).toBe(200);
  });
});
