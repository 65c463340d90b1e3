/**
 * The channel webhook path under attack (issue #17): forged Edgedesk-format events, platform media
 * links aimed at other hosts or at the private network, redirects that try to carry a credential off
 * the platform, legacy SHA-1 signatures, the handshake's refusal and oversized chunked bodies.
 *
 * Outgoing requests are seen at the fetch boundary: every one is recorded with the credentials it
 * carries. The mock follows a redirect itself unless the caller asked for `redirect: "manual"`, with the
 * same headers, as the worst fetch would: a caller that lets fetch follow redirects is caught sending
 * the token wherever the platform host points.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import type { ChannelType } from "../workers/db/schema";
import { hmac } from "../workers/channels/crypto";
import { encryptJson, hmacSha256, randomToken, toBase64, toHex } from "../workers/lib/crypto";
import { newId } from "../workers/lib/ids";
import {
  catchInbound,
  conversationOf,
  consumeInOrder,
  platformHeaders,
  postRaw,
  PNG_BYTES,
} from "./channel-fixture-helpers";
import { messageEvent, readMessages, signed } from "./engine-helpers";
import { addMember, BASE, call, errorOf, signupTenant, type Caller } from "./helpers";
import { env, exports } from "cloudflare:workers";

type Outgoing = { url: string; authorization: string | null };

/** Each platform's own hosts: the only places its credential may go. */
const PLATFORM_HOSTS: Record<string, string[]> = {
  whatsapp: ["graph.facebook.com", "lookaside.fbsbx.com"],
  messenger: ["graph.facebook.com"],
  instagram: ["graph.facebook.com"],
  line: ["api.line.me", "api-data.line.me"],
  telegram: ["api.telegram.org"],
};

const TOKENS = {
  whatsapp: "EAAG-wa-access-token-1",
  messenger: "EAAP-page-token-2",
  instagram: "EAAI-page-token-3",
  line: "line-access-token-4",
  telegram: "123456:telegram-bot-token-5",
};

/** Loopback, private, link-local or plain-http targets: an independent check, not the product's guard. */
function privateTarget(raw: string): boolean {
  const u = new URL(raw);
  const h = u.hostname.replace(/^\[|\]$/g, "");
  return (
    u.protocol !== "https:" ||
    h === "localhost" ||
    h === "::1" ||
    /^(127|10|0)\./.test(h) ||
    /^169\.254\./.test(h) ||
    /^192\.168\./.test(h) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(h)
  );
}

/** Requests that carry one of the platform tokens to a host outside that platform, or go to a private target. */
function violations(sent: Outgoing[]): Outgoing[] {
  return sent.filter((r) => {
    if (privateTarget(r.url)) return true;
    const host = new URL(r.url).hostname;
    return Object.entries(TOKENS).some(
      ([type, token]) =>
        (r.url.includes(token) || r.authorization?.includes(token)) &&
        !PLATFORM_HOSTS[type].includes(host),
    );
  });
}

/**
 * The platforms and the open internet at the fetch boundary. `redirects` maps a URL prefix to where it
 * answers 302; everything the code asks for is recorded.
 */
function recordOutgoing(redirects: Record<string, string> = {}): Outgoing[] {
  const sent: Outgoing[] = [];
  const image = () =>
    new Response(PNG_BYTES.slice(), {
      headers: { "content-type": "image/png", "content-length": String(PNG_BYTES.byteLength) },
    });
  const answer = async (url: string, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    sent.push({ url, authorization: headers.get("authorization") });
    const hop = Object.entries(redirects).find(([prefix]) => url.startsWith(prefix));
    if (hop) {
      const res = new Response(null, { status: 302, headers: { location: hop[1] } });
      return init?.redirect === "manual" ? res : answer(hop[1], init);
    }
    const u = new URL(url);
    if (u.hostname === "graph.facebook.com" && u.pathname.endsWith("/65463453")) {
      return Response.json({
        url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=65463453",
        mime_type: "image/png",
        file_size: PNG_BYTES.byteLength,
      });
    }
    if (u.hostname === "api.telegram.org" && u.pathname.endsWith("/setWebhook"))
      return Response.json({ ok: true, result: true });
    if (u.hostname === "api.telegram.org" && u.pathname.endsWith("/getFile"))
      return Response.json({
        ok: true,
        result: { file_id: "f", file_path: "photos/p.png", file_size: PNG_BYTES.byteLength },
      });
    return image();
  };
  vi.spyOn(globalThis, "fetch").mockImplementation(
    async (input: RequestInfo | URL, init?: RequestInit) =>
      answer(String(input instanceof Request ? input.url : input), init),
  );
  return sent;
}

function credentialsFor(type: ChannelType, appSecret: string): Record<string, unknown> {
  if (type === "whatsapp")
    return { accessToken: TOKENS.whatsapp, phoneNumberId: "1234567890", appSecret };
  if (type === "messenger" || type === "instagram")
    return { pageAccessToken: TOKENS[type], appSecret, pageId: "0" };
  if (type === "line") return { channelSecret: appSecret, channelAccessToken: TOKENS.line };
  return { botToken: TOKENS.telegram, webhookSecret: appSecret.replace(/[^A-Za-z0-9_-]/g, "") };
}

type Connected = { id: string; verifyToken: string; eventSecret?: string; appSecret: string };

async function connect(owner: Caller, type: ChannelType): Promise<Connected> {
  const appSecret = `app-secret-${crypto.randomUUID()}`;
  const res = await exports.default.fetch(
    new Request(`${BASE}/api/channels`, {
      method: "POST",
      headers: { cookie: owner.cookie, "content-type": "application/json" },
      body: JSON.stringify({ type, name: type, credentials: credentialsFor(type, appSecret) }),
    }),
  );
  expect(res.status).toBe(201);
  const body = (await res.json()) as {
    channel: { id: string };
    verifyToken: string;
    eventSecret?: string;
  };
  return {
    id: body.channel.id,
    verifyToken: body.verifyToken,
    eventSecret: body.eventSecret,
    appSecret,
  };
}

/** An Edgedesk-format image message whose media are the given URLs. */
function imageEvent(type: ChannelType, user: string, urls: string[]) {
  const e = messageEvent(type, user, `m-${crypto.randomUUID()}`, "");
  return {
    ...e,
    message: { type: "image", media: urls.map((url) => ({ url, mimeType: "image/png" })) },
  };
}

async function postEdgedesk(
  type: ChannelType,
  channelId: string,
  secret: string,
  body: unknown,
): Promise<Response> {
  const raw = JSON.stringify(body);
  return postRaw(type, channelId, new TextEncoder().encode(raw), {
    "x-edgedesk-signature": await signed(secret, raw),
  });
}

/** Posts each body, then runs the consumer on whatever the route queued. */
async function deliver(post: () => Promise<Response>): Promise<{ res: Response; queued: number }> {
  const caught = catchInbound();
  let res: Response;
  try {
    res = await post();
  } finally {
    caught.restore();
  }
  if (caught.queued.length) await consumeInOrder(caught.queued);
  return { res, queued: caught.queued.length };
}

async function attachmentsOf(owner: Caller, channelId: string, user: string) {
  const conv = await conversationOf(channelId, user);
  expect(conv, `conversation for ${user}`).toBeTruthy();
  const shopper = (await readMessages(owner.cookie, conv!)).filter(
    (m) => m.author.type === "shopper",
  );
  return shopper.flatMap((m) => m.attachments);
}

const ATTACKS = [
  "https://evil.example/steal.png",
  "https://127.0.0.1/x.png",
  "https://169.254.169.254/latest/meta-data/x.png",
  "http://10.0.0.7:8080/x.png",
];
const PLATFORMS: ChannelType[] = ["whatsapp", "messenger", "instagram", "line", "telegram"];

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
});

describe("Edgedesk-format events on platform channels", () => {
  it("should refuse an event signed with the verify token on every platform channel, queue nothing and send no credential anywhere", async () => {
    const owner = await signupTenant();
    const sent = recordOutgoing();
    const outcomes: { type: ChannelType; status: number; queued: number }[] = [];
    for (const type of PLATFORMS) {
      const ch = await connect(owner, type);
      const before = sent.length;
      const { res, queued } = await deliver(() =>
        postEdgedesk(type, ch.id, ch.verifyToken, imageEvent(type, "attacker", ATTACKS)),
      );
      outcomes.push({ type, status: res.status, queued });
      if (res.status === 401) expect((await errorOf(res)).code).toBe("INVALID_SIGNATURE");
      // Whatever got through: no platform token off its platform, nothing on the private network.
      expect(violations(sent.slice(before)), type).toEqual([]);
    }
    expect(outcomes).toEqual(PLATFORMS.map((type) => ({ type, status: 401, queued: 0 })));
  });

  it("should accept an event signed with the connection's events secret, shown once on connect, and fetch its media only through the guard", async () => {
    const owner = await signupTenant();
    const sent = recordOutgoing();
    for (const type of PLATFORMS) {
      const ch = await connect(owner, type);
      expect(ch.eventSecret, type).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      const listed = (await (
        await call("GET", "/api/channels", { cookie: owner.cookie })
      ).json()) as { channels: Record<string, unknown>[] };
      expect(JSON.stringify(listed), "the secret is never listed").not.toContain(ch.eventSecret);
      const before = sent.length;
      const user = `importer-${type}`;
      const { res } = await deliver(() =>
        postEdgedesk(type, ch.id, ch.eventSecret!, imageEvent(type, user, ATTACKS)),
      );
      expect(res.status, type).toBe(200);
      const mine = sent.slice(before);
      expect(violations(mine), type).toEqual([]);
      // A public URL outside the platform is fetched bare; the private ones are never asked for.
      expect(
        mine.filter((r) => r.url.startsWith("https://evil.example/")),
        type,
      ).toEqual([{ url: ATTACKS[0], authorization: null }]);
      const attachments = await attachmentsOf(owner, ch.id, user);
      expect(
        attachments.map((a) => a.error ?? "stored"),
        type,
      ).toEqual(["stored", "MEDIA_URL_UNSAFE", "MEDIA_URL_UNSAFE", "MEDIA_URL_UNSAFE"]);
    }
  });

  it("should still refuse a bad events-secret signature with the one error shape", async () => {
    const owner = await signupTenant();
    recordOutgoing();
    const ch = await connect(owner, "whatsapp");
    const { res, queued } = await deliver(() =>
      postEdgedesk("whatsapp", ch.id, `${ch.eventSecret}x`, imageEvent("whatsapp", "u", [])),
    );
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code: "INVALID_SIGNATURE" });
    expect(queued).toBe(0);
  });

  it("should give a new events secret on rotation (admins only, own tenant only) and refuse the old one", async () => {
    const owner = await signupTenant();
    recordOutgoing();
    const ch = await connect(owner, "line");
    const rotated = await call("POST", `/api/channels/${ch.id}/event-secret`, {
      cookie: owner.cookie,
    });
    expect(rotated.status).toBe(200);
    const { eventSecret } = (await rotated.json()) as { eventSecret: string };
    expect(eventSecret).not.toBe(ch.eventSecret);
    expect(
      (
        await deliver(() =>
          postEdgedesk("line", ch.id, ch.eventSecret!, messageEvent("line", "u", "m1", "old")),
        )
      ).res.status,
    ).toBe(401);
    expect(
      (
        await deliver(() =>
          postEdgedesk("line", ch.id, eventSecret, messageEvent("line", "u", "m2", "new")),
        )
      ).res.status,
    ).toBe(200);
    const agent = await addMember(owner, "agent");
    const refused = await call("POST", `/api/channels/${ch.id}/event-secret`, {
      cookie: agent.cookie,
    });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe("FORBIDDEN");
    const stranger = await signupTenant();
    const theirs = await call("POST", `/api/channels/${ch.id}/event-secret`, {
      cookie: stranger.cookie,
    });
    expect(theirs.status).toBe(404);
    expect((await errorOf(theirs)).code).toBe("CHANNEL_NOT_FOUND");
  });
  it("should keep the events secret across a credentials update and never take one from input", async () => {
    const owner = await signupTenant();
    recordOutgoing();
    const chosen = "attacker-chosen-events-secret-0123456789";
    const ch = await connect(owner, "messenger");
    const patched = await call("PATCH", `/api/channels/${ch.id}`, {
      cookie: owner.cookie,
      body: { credentials: { pageAccessToken: "EAAP-rotated", eventSecret: chosen } },
    });
    expect(patched.status).toBe(200);
    expect(
      (
        await deliver(() =>
          postEdgedesk("messenger", ch.id, chosen, messageEvent("messenger", "u", "p1", "chosen")),
        )
      ).res.status,
    ).toBe(401);
    expect(
      (
        await deliver(() =>
          postEdgedesk(
            "messenger",
            ch.id,
            ch.eventSecret!,
            messageEvent("messenger", "u", "p2", "kept"),
          ),
        )
      ).res.status,
    ).toBe(200);
    const created = await exports.default.fetch(
      new Request(`${BASE}/api/channels`, {
        method: "POST",
        headers: { cookie: owner.cookie, "content-type": "application/json" },
        body: JSON.stringify({
          type: "line",
          name: "line",
          credentials: { channelSecret: "s", channelAccessToken: "t", eventSecret: chosen },
        }),
      }),
    );
    const body = (await created.json()) as { channel: { id: string }; eventSecret: string };
    expect(body.eventSecret).not.toBe(chosen);
    expect(
      (
        await deliver(() =>
          postEdgedesk("line", body.channel.id, chosen, messageEvent("line", "u", "p3", "chosen")),
        )
      ).res.status,
    ).toBe(401);
  });
});

describe("platform media links", () => {
  it("should never send the WhatsApp token to a media URL outside Meta's hosts, even in a signed platform body", async () => {
    const owner = await signupTenant();
    const sent = recordOutgoing();
    const ch = await connect(owner, "whatsapp");
    const body = whatsappImage({
      id: "65463453",
      url: "https://media.example.com/updated-image.png",
      mime_type: "image/png",
    });
    await deliver(async () =>
      postRaw("whatsapp", ch.id, body, await platformHeaders("whatsapp", ch.appSecret, body)),
    );
    expect(violations(sent)).toEqual([]);
    const [a] = await attachmentsOf(owner, ch.id, "972987654321");
    expect(a.error).toBeUndefined();
    expect(sent.filter((r) => r.authorization)).toEqual([
      // The credentials check on connect (GET /{phone-number-id}), then the media.
      {
        url: "https://graph.facebook.com/v21.0/1234567890",
        authorization: `Bearer ${TOKENS.whatsapp}`,
      },
      {
        url: "https://graph.facebook.com/v21.0/65463453?phone_number_id=1234567890",
        authorization: `Bearer ${TOKENS.whatsapp}`,
      },
      {
        url: "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=65463453",
        authorization: `Bearer ${TOKENS.whatsapp}`,
      },
    ]);
  });

  it("should not let a redirect from Meta's media host carry the WhatsApp token to another host", async () => {
    const owner = await signupTenant();
    const sent = recordOutgoing({
      "https://lookaside.fbsbx.com/": "https://evil.example/collect.png",
    });
    const ch = await connect(owner, "whatsapp");
    const body = whatsappImage({ id: "65463453", mime_type: "image/png" });
    await deliver(async () =>
      postRaw("whatsapp", ch.id, body, await platformHeaders("whatsapp", ch.appSecret, body)),
    );
    expect(violations(sent)).toEqual([]);
    expect(sent.some((r) => r.url.startsWith("https://evil.example/"))).toBe(false);
    const [a] = await attachmentsOf(owner, ch.id, "972987654321");
    expect(a.error).toBe("MEDIA_REDIRECT_REFUSED");
  });

  it("should not let a redirect from LINE's content API carry the LINE token to another host", async () => {
    const owner = await signupTenant();
    const sent = recordOutgoing({ "https://api-data.line.me/": "https://evil.example/line.png" });
    const ch = await connect(owner, "line");
    const body = lineImage("325708", undefined);
    await deliver(async () =>
      postRaw("line", ch.id, body, await platformHeaders("line", ch.appSecret, body)),
    );
    expect(violations(sent)).toEqual([]);
    expect(sent.some((r) => r.url.startsWith("https://evil.example/"))).toBe(false);
    expect((await attachmentsOf(owner, ch.id, "u206d25c2ea6bd87c17655609a1c37cb8"))[0].error).toBe(
      "MEDIA_REDIRECT_REFUSED",
    );
  });

  it("should not fetch a LINE external content URL or a Messenger attachment on the private network, nor follow a public one there", async () => {
    const owner = await signupTenant();
    const sent = recordOutgoing({
      "https://cdn.example/hop.png": "https://127.0.0.1/after-redirect.png",
    });
    const line = await connect(owner, "line");
    const lineBody = lineImage("325709", "https://169.254.169.254/latest/meta-data/iam.png");
    await deliver(async () =>
      postRaw("line", line.id, lineBody, await platformHeaders("line", line.appSecret, lineBody)),
    );
    const messenger = await connect(owner, "messenger");
    const fbBody = messengerAttachments([
      "http://10.1.2.3/internal.png",
      "https://cdn.example/hop.png",
    ]);
    await deliver(async () =>
      postRaw(
        "messenger",
        messenger.id,
        fbBody,
        await platformHeaders("messenger", messenger.appSecret, fbBody),
      ),
    );
    expect(violations(sent)).toEqual([]);
    expect(
      (await attachmentsOf(owner, line.id, "u206d25c2ea6bd87c17655609a1c37cb8")).map(
        (a) => a.error,
      ),
    ).toEqual(["MEDIA_URL_UNSAFE"]);
    expect((await attachmentsOf(owner, messenger.id, "psid-1")).map((a) => a.error)).toEqual([
      "MEDIA_URL_UNSAFE",
      "MEDIA_URL_UNSAFE",
    ]);
  });
});

describe("platform webhook signatures and handshake", () => {
  it("should refuse a body signed only with the legacy SHA-1 X-Hub-Signature, queueing nothing", async () => {
    const owner = await signupTenant();
    recordOutgoing();
    for (const type of ["whatsapp", "messenger", "instagram"] as const) {
      const ch = await connect(owner, type);
      const body =
        type === "whatsapp"
          ? whatsappImage({ id: "65463453" })
          : messengerAttachments(
              ["https://cdn.example/a.png"],
              type === "instagram" ? "instagram" : "page",
            );
      const sha1 = `sha1=${toHex(await hmac(ch.appSecret, body, "SHA-1"))}`;
      const { res, queued } = await deliver(() =>
        postRaw(type, ch.id, body, { "x-hub-signature": sha1 }),
      );
      expect(res.status, type).toBe(401);
      expect((await errorOf(res)).code).toBe("INVALID_SIGNATURE");
      expect(queued).toBe(0);
      // The SHA-256 header over the same bytes is still accepted.
      const ok = await deliver(async () =>
        postRaw(type, ch.id, body, {
          "x-hub-signature": sha1,
          "x-hub-signature-256": `sha256=${toHex(await hmacSha256(ch.appSecret, new Uint8Array(body)))}`,
        }),
      );
      expect(ok.res.status, type).toBe(200);
    }
  });

  it("should not take the verify token as Telegram's secret token on a connection that has none", async () => {
    const owner = await signupTenant();
    const id = newId("chn");
    const verifyToken = randomToken(16);
    await env.DB.prepare(
      "INSERT INTO channels (id, tenant_id, type, name, credentials_enc, verify_token) VALUES (?, ?, 'telegram', 'tg', ?, ?)",
    )
      .bind(
        id,
        owner.tenantId,
        await encryptJson(env.ENCRYPTION_KEY, { botToken: TOKENS.telegram }),
        verifyToken,
      )
      .run();
    const update = new TextEncoder().encode(
      JSON.stringify({
        update_id: 1,
        message: {
          message_id: 1,
          date: 1,
          chat: { id: 7, type: "private" },
          from: { id: 7, is_bot: false, first_name: "A" },
          text: "hi",
        },
      }),
    );
    const { res, queued } = await deliver(() =>
      postRaw("telegram", id, update, { "x-telegram-bot-api-secret-token": verifyToken }),
    );
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("INVALID_SIGNATURE");
    expect(queued).toBe(0);
  });

  it("should answer a handshake with the wrong verify token with a 403 in the one error shape", async () => {
    const owner = await signupTenant();
    recordOutgoing();
    const ch = await connect(owner, "whatsapp");
    const bad = await call(
      "GET",
      `/webhooks/whatsapp/${ch.id}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=42`,
    );
    expect(bad.status).toBe(403);
    expect(bad.headers.get("content-type")).toMatch(/application\/json/);
    expect(await errorOf(bad)).toMatchObject({ code: "FORBIDDEN" });
    const good = await call(
      "GET",
      `/webhooks/whatsapp/${ch.id}?hub.mode=subscribe&hub.verify_token=${ch.verifyToken}&hub.challenge=42`,
    );
    expect(good.status).toBe(200);
    expect(await good.text()).toBe("42");
  });
});

describe("webhook body limit", () => {
  it("should stop reading a chunked body once it passes the limit and answer 413 in the one error shape", async () => {
    const owner = await signupTenant();
    recordOutgoing();
    const ch = await connect(owner, "line");
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const total = 40 * 1024 * 1024;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk.slice());
      },
    });
    const caught = catchInbound();
    try {
      const res = await exports.default.fetch(
        new Request(`${BASE}/webhooks/line/${ch.id}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-line-signature": toBase64(new Uint8Array(32)),
          },
          body,
        }),
      );
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
      expect(caught.queued).toHaveLength(0);
    } finally {
      caught.restore();
    }
    // Reading stopped near the 5 MB limit, not at the end of the 40 MB stream.
    expect(pulled).toBeLessThan(8 * 1024 * 1024);
  });
});

function whatsappImage(image: Record<string, string>): Uint8Array {
  const body = {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "1", phone_number_id: "1234567890" },
              contacts: [{ profile: { name: "Shopper" }, wa_id: "972987654321" }],
              messages: [
                {
                  from: "972987654321",
                  id: `wamid.${crypto.randomUUID()}`,
                  timestamp: "1697043379",
                  type: "image",
                  image,
                },
              ],
            },
          },
        ],
      },
    ],
  };
  return new TextEncoder().encode(JSON.stringify(body));
}

function lineImage(id: string, externalUrl: string | undefined): Uint8Array {
  const message = {
    id,
    type: "image",
    contentProvider: externalUrl
      ? { type: "external", originalContentUrl: externalUrl, previewImageUrl: externalUrl }
      : { type: "line" },
  };
  const body = {
    destination: "U0",
    events: [
      {
        type: "message",
        mode: "active",
        timestamp: Date.now(),
        webhookEventId: `ev-${id}`,
        deliveryContext: { isRedelivery: false },
        replyToken: "rt",
        source: { type: "user", userId: "u206d25c2ea6bd87c17655609a1c37cb8" },
        message,
      },
    ],
  };
  return new TextEncoder().encode(JSON.stringify(body));
}

function messengerAttachments(urls: string[], object = "page"): Uint8Array {
  const body = {
    object,
    entry: [
      {
        id: "0",
        time: Date.now(),
        messaging: [
          {
            sender: { id: "psid-1" },
            recipient: { id: "0" },
            timestamp: Date.now(),
            message: {
              mid: `mid.${crypto.randomUUID()}`,
              attachments: urls.map((url) => ({ type: "image", payload: { url } })),
            },
          },
        ],
      },
    ],
  };
  return new TextEncoder().encode(JSON.stringify(body));
}
