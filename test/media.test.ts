/**
 * Media end to end: platform media fetched into R2 on the inbound path, uploads from the widget and the
 * console, signed links on every message a client reads, and attachments that cannot be forged.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import type { Attachment, ServerFrame } from "../workers/wire/socket";
import {
  connectChannel,
  consumeInOrder,
  mockPlatformMedia,
  PNG_BYTES,
  postFixtures,
  shopperMessages,
} from "./channel-fixture-helpers";
import {
  clientId,
  messagesOf,
  openSocket,
  readMessages,
  waitFor,
  widgetSession,
} from "./engine-helpers";
import { call, errorOf, signupTenant, type Caller } from "./helpers";
import { signMediaUrl } from "../workers/channels/media-url";
import { ownMediaFetch } from "../workers/services/own-media";
import { recordSends } from "./recording-channel";

let restore = () => {};
beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => {
  setAiResponder(null);
  restore();
  vi.restoreAllMocks();
});

async function objectsUnder(prefix: string): Promise<string[]> {
  return (await env.MEDIA.list({ prefix })).objects.map((o) => o.key);
}

function form(bytes: Uint8Array<ArrayBuffer>, type: string, name = "photo.png"): FormData {
  const f = new FormData();
  f.append("file", new File([bytes], name, { type }));
  return f;
}

async function upload(
  token: string,
  body: FormData | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return call("POST", "/api/widget/upload", {
    rawBody: body,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
}

async function whatsappImage(owner: Caller) {
  const appSecret = `wa-secret-${crypto.randomUUID()}`;
  const ch = await connectChannel(owner, "whatsapp", {
    accessToken: "EAAG-media-token",
    phoneNumberId: "1234567890",
    appSecret,
  });
  const queued = await postFixtures("whatsapp", ch.id, appSecret, [
    "webhooks/whatsapp/flat/message__image.json",
  ]);
  return { ch, bodies: [...queued.values()] };
}

describe("platform media into R2", () => {
  it("should fetch a WhatsApp image with the channel's token, store it under the conversation and link it signed", async () => {
    const owner = await signupTenant();
    const asked = mockPlatformMedia();
    const auth: (string | null)[] = [];
    const spied = vi.mocked(globalThis.fetch);
    const inner = spied.getMockImplementation()!;
    spied.mockImplementation(
      async (input, init) => (
        auth.push(new Headers(init?.headers).get("authorization")), inner(input, init)
      ),
    );
    const { ch, bodies } = await whatsappImage(owner);
    await consumeInOrder(bodies);
    const [m] = await shopperMessages(owner, ch.id, "972987654321");
    expect(asked).toEqual([
      "https://graph.facebook.com/v21.0/65463453?phone_number_id=1234567890",
      "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=65463453",
    ]);
    expect(auth).toEqual(["Bearer EAAG-media-token", "Bearer EAAG-media-token"]);
    expect(m.attachments).toHaveLength(1);
    const a = m.attachments[0];
    expect(a.key.startsWith(`media/${owner.tenantId}/${m.conversationId}/`)).toBe(true);
    expect(a).toMatchObject({ mimeType: "image/jpeg", size: PNG_BYTES.byteLength });
    expect(a.url).toMatch(/^\/media\/.+\?exp=\d+&sig=/);
    const res = await call("GET", a.url!);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG_BYTES);
  });

  it("should not fetch again for a redelivered webhook, and keep one message with one object", async () => {
    const owner = await signupTenant();
    const asked = mockPlatformMedia();
    const { ch, bodies } = await whatsappImage(owner);
    await consumeInOrder([bodies[0], bodies[0], bodies[0]]);
    const msgs = await shopperMessages(owner, ch.id, "972987654321");
    expect(msgs).toHaveLength(1);
    expect(asked).toHaveLength(2);
    expect(await objectsUnder(`media/${owner.tenantId}/${msgs[0].conversationId}/`)).toHaveLength(
      1,
    );
  });

  it("should keep the message and mark the attachment when the media is over the limit, downloading none of it", async () => {
    const owner = await signupTenant();
    mockPlatformMedia({ size: 11 * 1024 * 1024 });
    const { ch, bodies } = await whatsappImage(owner);
    await consumeInOrder(bodies);
    const [m] = await shopperMessages(owner, ch.id, "972987654321");
    expect(m.attachments).toEqual([expect.objectContaining({ error: "MEDIA_TOO_LARGE" })]);
    expect(m.attachments[0].url).toBeUndefined();
    expect(await objectsUnder(`media/${owner.tenantId}/${m.conversationId}/`)).toEqual([]);
  });

  it("should keep the message when the platform stays unavailable, after one retry", async () => {
    const owner = await signupTenant();
    let calls = 0;
    vi.spyOn(globalThis, "fetch").mockImplementation(
      async () => (calls++, new Response("busy", { status: 503 })),
    );
    const { ch, bodies } = await whatsappImage(owner);
    await consumeInOrder(bodies);
    const [m] = await shopperMessages(owner, ch.id, "972987654321");
    expect(calls).toBe(2);
    expect(m.attachments[0].error).toBe("HTTP_503");
  });
});

describe("widget image upload", () => {
  it("should store the image under the visitor's conversation, and the message that names it shows it to both sides", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const res = await upload(visitorToken, form(PNG_BYTES, "image/png"));
    expect(res.status).toBe(201);
    const { attachment } = (await res.json()) as { attachment: Attachment };
    const conv = (await env.DB.prepare("SELECT id FROM conversations WHERE tenant_id = ?")
      .bind(owner.tenantId)
      .first<{ id: string }>())!;
    expect(attachment.key.startsWith(`media/${owner.tenantId}/${conv.id}/`)).toBe(true);
    expect(attachment).toMatchObject({
      name: "photo.png",
      mimeType: "image/png",
      size: PNG_BYTES.byteLength,
    });
    // The bytes are readable through the signed link, cross-origin (the widget runs on the shop's page).
    const file = await call("GET", attachment.url!);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG_BYTES);

    const shopper = await openSocket<ServerFrame>(
      `/ws/widget?token=${encodeURIComponent(visitorToken)}`,
    );
    await shopper.next((f) => f.type === "ready");
    shopper.send({
      type: "message",
      clientId: clientId(),
      text: "",
      attachments: [{ ...attachment, url: "https://evil.example/x.png" }],
    });
    const echo = await shopper.next(
      (f) => f.type === "message" && f.message.author.type === "shopper",
      "echo",
    );
    const shown = messagesOf([echo])[0];
    expect(shown.kind).toBe("media");
    expect(shown.attachments[0].key).toBe(attachment.key);
    // The link is the server's, never the one the client sent.
    expect(shown.attachments[0].url).toMatch(/^\/media\/media\/.+\?exp=\d+&sig=/);
    const [agentView] = (await readMessages(owner.cookie, conv.id)).filter(
      (m) => m.author.type === "shopper",
    );
    expect(agentView.attachments[0].url).toMatch(/^\/media\//);
    expect((await call("GET", agentView.attachments[0].url!)).status).toBe(200);
    shopper.close();
  });

  it("should refuse an attachment that was not uploaded to this conversation, storing nothing", async () => {
    const owner = await signupTenant();
    const other = await signupTenant();
    const a = await widgetSession(owner);
    const b = await widgetSession(other);
    const theirs = (await (await upload(b.visitorToken, form(PNG_BYTES, "image/png"))).json()) as {
      attachment: Attachment;
    };
    const shopper = await openSocket<ServerFrame>(
      `/ws/widget?token=${encodeURIComponent(a.visitorToken)}`,
    );
    await shopper.next((f) => f.type === "ready");
    for (const key of [
      theirs.attachment.key,
      "inbound/whatever",
      `media/${owner.tenantId}/../${other.tenantId}/x`,
    ]) {
      shopper.send({
        type: "message",
        clientId: clientId(),
        text: "look",
        attachments: [{ key, name: "x.png", mimeType: "image/png", size: 1 }],
      });
    }
    await waitFor(
      () =>
        shopper.frames.filter((f) => f.type === "error" && f.code === "VALIDATION_FAILED")
          .length === 3,
      "three refusals",
    );
    expect(messagesOf(shopper.frames).filter((m) => m.author.type === "shopper")).toEqual([]);
    shopper.close();
  });

  it("should answer bad uploads with the one error shape and store nothing", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const cases: [Response, number, string][] = [
      [await upload("vt1.bad.token", form(PNG_BYTES, "image/png")), 401, "UNAUTHENTICATED"],
      [
        await upload(
          visitorToken,
          form(new TextEncoder().encode("<script>alert(1)</script>"), "text/html", "x.html"),
        ),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [
        await upload(
          visitorToken,
          form(new TextEncoder().encode("%PDF-1.4"), "application/pdf", "x.pdf"),
        ),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [
        await upload(visitorToken, form(new Uint8Array(10 * 1024 * 1024 + 1), "image/png")),
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      [
        await upload(visitorToken, JSON.stringify({ file: "x" }), {
          "content-type": "application/json",
        }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [await upload(visitorToken, form(new Uint8Array(0), "image/png")), 422, "VALIDATION_FAILED"],
    ];
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect((await errorOf(res)).code).toBe(code);
    }
    expect(await objectsUnder(`media/${owner.tenantId}/`)).toEqual([]);
  });
});

describe("agent attachments", () => {
  it("should upload a document, send it, and give the platform an absolute signed link", async () => {
    const owner = await signupTenant();
    const recording = recordSends("whatsapp");
    const sent = recording.sent;
    restore = recording.restore;
    mockPlatformMedia();
    const { ch, bodies } = await whatsappImage(owner);
    await consumeInOrder(bodies);
    const [m] = await shopperMessages(owner, ch.id, "972987654321");
    const pdf = new TextEncoder().encode("%PDF-1.4 invoice");
    const up = await call("POST", `/api/conversations/${m.conversationId}/attachments`, {
      cookie: owner.cookie,
      rawBody: form(pdf, "application/pdf", "invoice.pdf"),
    });
    expect(up.status).toBe(201);
    const { attachment } = (await up.json()) as { attachment: Attachment };
    const res = await call("POST", `/api/conversations/${m.conversationId}/messages`, {
      cookie: owner.cookie,
      body: { clientId: clientId(), text: "Your invoice", attachments: [attachment] },
    });
    expect(res.status).toBe(201);
    const out = await waitFor(() => sent.find((s) => s.media), "outbound send");
    expect(out.media!.url).toMatch(
      new RegExp(`^${env.PUBLIC_BASE_URL}/media/media/${owner.tenantId}/`),
    );
    const file = await call(
      "GET",
      new URL(out.media!.url).pathname + new URL(out.media!.url).search,
    );
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(
      /^attachment; filename\*=UTF-8''invoice\.pdf$/,
    );
  });

  it("should not let another tenant upload into a conversation", async () => {
    const owner = await signupTenant();
    const stranger = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    await upload(visitorToken, form(PNG_BYTES, "image/png"));
    const conv = (await env.DB.prepare("SELECT id FROM conversations WHERE tenant_id = ?")
      .bind(owner.tenantId)
      .first<{ id: string }>())!;
    const res = await call("POST", `/api/conversations/${conv.id}/attachments`, {
      cookie: stranger.cookie,
      rawBody: form(PNG_BYTES, "image/png"),
    });
    expect(res.status).toBe(404);
    expect(await objectsUnder(`media/${stranger.tenantId}/`)).toEqual([]);
  });
});

describe("ownMediaFetch", () => {
  it("should read our own signed links from R2, refuse bad ones, and pass every other URL to the network", async () => {
    const key = `media/ten_x/cnv_x/${crypto.randomUUID()}`;
    await env.MEDIA.put(key, PNG_BYTES, { httpMetadata: { contentType: "image/png" } });
    const network: string[] = [];
    const f = ownMediaFetch(
      env,
      async (input) => (network.push(String(input)), new Response("from the network")),
    );
    const base = `${env.PUBLIC_BASE_URL}/media/`;
    const good = await f(await signMediaUrl(key, Date.now() + 60_000, env.SIGNING_KEY, base));
    expect(good.status).toBe(200);
    expect(good.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await good.arrayBuffer())).toEqual(PNG_BYTES);
    expect((await f(await signMediaUrl(key, Date.now() - 1, env.SIGNING_KEY, base))).status).toBe(
      403,
    );
    expect(
      (
        await f(
          await signMediaUrl(
            `inbound/ten_x/${crypto.randomUUID()}`,
            Date.now() + 60_000,
            env.SIGNING_KEY,
            base,
          ),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await f(
          await signMediaUrl(
            `media/ten_x/cnv_x/missing`,
            Date.now() + 60_000,
            env.SIGNING_KEY,
            base,
          ),
        )
      ).status,
    ).toBe(404);
    expect(await (await f("https://cdn.example/x.png")).text()).toBe("from the network");
    expect(network).toEqual(["https://cdn.example/x.png"]);
  });
});
