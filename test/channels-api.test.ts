import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { platformsUnreachable } from "./channel-fixture-helpers";
import { addMember, call, errorOf, signupTenant } from "./helpers";

const wa = {
  accessToken: "EAAG-test-token",
  phoneNumberId: "1234567890",
  appSecret: "app-secret-value",
};

describe("channels API", () => {
  afterEach(() => vi.restoreAllMocks());

  it("should connect WhatsApp, return the webhook URL and verify token, and store credentials sealed", async () => {
    const owner = await signupTenant();
    const res = await platformsUnreachable(() =>
      call("POST", "/api/channels", {
        cookie: owner.cookie,
        body: { type: "whatsapp", name: "WA Shop", credentials: wa },
      }),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      channel: { id: string; type: string };
      webhookUrl: string;
      verifyToken: string;
    };
    expect(body.webhookUrl).toMatch(new RegExp(`/webhooks/whatsapp/${body.channel.id}$`));
    expect(body.verifyToken.length).toBeGreaterThan(10);
    expect(JSON.stringify(body)).not.toContain(wa.accessToken);
    const row = await env.DB.prepare("SELECT credentials_enc FROM channels WHERE id = ?")
      .bind(body.channel.id)
      .first<{ credentials_enc: string }>();
    expect(row!.credentials_enc).toMatch(/^v1\./);
    expect(row!.credentials_enc).not.toContain(wa.appSecret);
    const list = await (await call("GET", "/api/channels", { cookie: owner.cookie })).text();
    expect(list).not.toContain(wa.accessToken);
    expect(list).not.toContain(wa.appSecret);
  });

  it("should reject credentials of the wrong shape with 422 and store nothing", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/channels", {
      cookie: owner.cookie,
      body: { type: "telegram", name: "TG", credentials: { botToken: "not-a-token" } },
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify((await errorOf(res)).details)).toContain("credentials.botToken");
    const n = await env.DB.prepare(
      "SELECT count(*) AS n FROM channels WHERE tenant_id = ? AND type = 'telegram'",
    )
      .bind(owner.tenantId)
      .first<{ n: number }>();
    expect(n!.n).toBe(0);
  });

  it("should register the Telegram webhook with a generated secret token", async () => {
    const owner = await signupTenant();
    const spy = vi
      .spyOn(globalThis, "fetch")
      .mockImplementation(async () => Response.json({ ok: true, result: true }));
    const res = await call("POST", "/api/channels", {
      cookie: owner.cookie,
      body: { type: "telegram", name: "TG", credentials: { botToken: "123456:ABC-def_ghi" } },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      webhookUrl: string;
      verifyToken: string;
      registration: { ok: boolean };
    };
    expect(body.registration).toEqual({ ok: true });
    // getMe first (the token works), then the webhook.
    expect(String(spy.mock.calls[0][0])).toBe(
      "https://api.telegram.org/bot123456:ABC-def_ghi/getMe",
    );
    const [url, init] = spy.mock.calls[1] as [string, RequestInit];
    expect(url).toBe("https://api.telegram.org/bot123456:ABC-def_ghi/setWebhook");
    const sent = JSON.parse(String(init.body)) as { url: string; secret_token: string };
    expect(sent.url).toBe(body.webhookUrl);
    expect(sent.secret_token.length).toBeGreaterThan(10);
    // The token the page shows is the one Telegram echoes, for a merchant who sets the webhook by hand.
    expect(sent.secret_token).toBe(body.verifyToken);
  });

  it("should disable, rename and delete a channel; agents and other tenants cannot", async () => {
    const owner = await signupTenant();
    const other = await signupTenant();
    const agent = await addMember(owner, "agent");
    const { channel } = (await (
      await platformsUnreachable(() =>
        call("POST", "/api/channels", {
          cookie: owner.cookie,
          body: {
            type: "line",
            name: "LINE",
            credentials: { channelSecret: "s", channelAccessToken: "t" },
          },
        }),
      )
    ).json()) as { channel: { id: string } };
    expect(
      (
        await call("PATCH", `/api/channels/${channel.id}`, {
          cookie: agent.cookie,
          body: { status: "disabled" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call("PATCH", `/api/channels/${channel.id}`, {
          cookie: other.cookie,
          body: { status: "disabled" },
        })
      ).status,
    ).toBe(404);
    const patched = await call("PATCH", `/api/channels/${channel.id}`, {
      cookie: owner.cookie,
      body: { status: "disabled", name: "LINE JP" },
    });
    expect(
      ((await patched.json()) as { channel: { status: string; name: string } }).channel,
    ).toMatchObject({ status: "disabled", name: "LINE JP" });
    expect(
      (await call("DELETE", `/api/channels/${channel.id}`, { cookie: other.cookie })).status,
    ).toBe(404);
    expect(
      (await call("DELETE", `/api/channels/${channel.id}`, { cookie: owner.cookie })).status,
    ).toBe(204);
  });

  it("should rotate the widget identity secret and show it once", async () => {
    const owner = await signupTenant();
    const list = (await (await call("GET", "/api/channels", { cookie: owner.cookie })).json()) as {
      channels: { id: string; type: string }[];
    };
    const widget = list.channels.find((ch) => ch.type === "widget")!;
    const res = await call("POST", `/api/channels/${widget.id}/rotate-secret`, {
      cookie: owner.cookie,
    });
    const { identitySecret } = (await res.json()) as { identitySecret: string };
    expect(identitySecret.length).toBeGreaterThan(20);
    expect(
      await (await call("GET", "/api/channels", { cookie: owner.cookie })).text(),
    ).not.toContain(identitySecret);
  });
});

describe("channel test send", () => {
  afterEach(() => vi.restoreAllMocks());

  it("should send through the Graph API with the stored token and report the platform's error as is", async () => {
    const owner = await signupTenant();
    const { channel } = (await (
      await platformsUnreachable(() =>
        call("POST", "/api/channels", {
          cookie: owner.cookie,
          body: { type: "whatsapp", name: "WA", credentials: wa },
        }),
      )
    ).json()) as { channel: { id: string } };
    const spy = vi
      .spyOn(globalThis, "fetch")
      .mockImplementationOnce(async () =>
        Response.json({ messaging_product: "whatsapp", messages: [{ id: "wamid.TEST" }] }),
      );
    const res = await call("POST", `/api/channels/${channel.id}/test`, {
      cookie: owner.cookie,
      body: { to: "34600111222", text: "hello" },
    });
    const ok = (await res.json()) as { ok: boolean; externalMessageId: string };
    expect(ok).toMatchObject({ ok: true, externalMessageId: "wamid.TEST" });
    const [url, init] = spy.mock.calls[0] as [string, RequestInit];
    expect(url).toBe("https://graph.facebook.com/v21.0/1234567890/messages");
    expect(new Headers(init.headers).get("authorization")).toBe(`Bearer ${wa.accessToken}`);
    spy.mockImplementationOnce(async () =>
      Response.json(
        { error: { code: 190, message: "Invalid OAuth access token" } },
        { status: 401 },
      ),
    );
    const bad = (await (
      await call("POST", `/api/channels/${channel.id}/test`, {
        cookie: owner.cookie,
        body: { to: "34600111222" },
      })
    ).json()) as { ok: boolean; retryable: boolean };
    expect(bad).toMatchObject({ ok: false, retryable: false });
  });

  it("should report a network failure as an unreachable platform, not a refusal, without workerd's raw error", async () => {
    const owner = await signupTenant();
    const { channel } = (await (
      await platformsUnreachable(() =>
        call("POST", "/api/channels", {
          cookie: owner.cookie,
          body: { type: "whatsapp", name: "WA", credentials: wa },
        }),
      )
    ).json()) as { channel: { id: string } };
    vi.spyOn(globalThis, "fetch").mockImplementation(async () => {
      throw new Error("internal error; reference = 5v1c0mgd3tq5aqcn1pbgjb3o");
    });
    const res = await call("POST", `/api/channels/${channel.id}/test`, {
      cookie: owner.cookie,
      body: { to: "34600111222", text: "hello" },
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      ok: boolean;
      code: string;
      status: number;
      message: string;
      retryable: boolean;
    };
    expect(out).toMatchObject({
      ok: false,
      code: "NETWORK_ERROR",
      status: 0,
      retryable: true,
      message: "Could not reach graph.facebook.com",
    });
  });

  it("should refuse test sends on a disabled channel", async () => {
    const owner = await signupTenant();
    const { channel } = (await (
      await platformsUnreachable(() =>
        call("POST", "/api/channels", {
          cookie: owner.cookie,
          body: { type: "whatsapp", name: "WA", credentials: wa },
        }),
      )
    ).json()) as { channel: { id: string } };
    await call("PATCH", `/api/channels/${channel.id}`, {
      cookie: owner.cookie,
      body: { status: "disabled" },
    });
    const spy = vi.spyOn(globalThis, "fetch");
    const res = await call("POST", `/api/channels/${channel.id}/test`, {
      cookie: owner.cookie,
      body: { to: "1" },
    });
    expect(res.status).toBe(422);
    expect(spy).not.toHaveBeenCalled();
  });
});
