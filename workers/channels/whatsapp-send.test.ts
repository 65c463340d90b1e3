import { describe, expect, it } from "vitest";
import { fixtureBytes } from "./testing/fixtures";
import { jsonResponse, mockFetch } from "./testing/mock-fetch";
import { canSendFreeForm, whatsappAdapter, whatsappWindow } from "./whatsapp";

const creds = {
  accessToken: "EAAtoken",
  phoneNumberId: "1122334455667",
  appSecret: "edgedesk-test-app-secret",
};
const URL_ = "https://graph.facebook.com/v21.0/1122334455667/messages";
const ok = () =>
  jsonResponse({
    messaging_product: "whatsapp",
    contacts: [{ input: "972987654321", wa_id: "972987654321" }],
    messages: [{ id: "wamid.OUT1" }],
  });
const graphError = (code: number, status = 400, headers: Record<string, string> = {}) =>
  jsonResponse(
    { error: { message: "boom", type: "OAuthException", code, fbtrace_id: "x" } },
    status,
    headers,
  );

async function sendWith(out: Parameters<typeof whatsappAdapter.send>[0], ...replies: Response[]) {
  const fetch = mockFetch(...replies);
  const result = await whatsappAdapter.send(out, creds, { fetch });
  return { result, calls: fetch.calls };
}

describe("whatsappAdapter.verify", () => {
  // Expected value computed outside this code: openssl dgst -sha256 -hmac edgedesk-test-app-secret < message__text.json
  const SIG = "sha256=5ec678807b4e573094c7248c31aad4903cfa1cf590de4be7307e9fb75a054b13";
  const body = fixtureBytes("webhooks/whatsapp/flat/message__text.json");
  const verify = (headers: Record<string, string>, raw = body, secret = creds.appSecret) =>
    whatsappAdapter.verify(
      { headers: new Headers(headers), rawBody: raw },
      { ...creds, appSecret: secret },
      { webhookSecret: "" },
    );

  it("should accept the signature over the exact bytes", async () => {
    expect(await verify({ "X-Hub-Signature-256": SIG })).toBe(true);
    expect(
      await verify({ "X-Hub-Signature-256": SIG.toUpperCase().replace("SHA256=", "sha256=") }),
    ).toBe(true);
  });

  it("should reject a changed body, a wrong secret, or a missing/garbled header", async () => {
    const changed = body.slice();
    changed[changed.length - 2] ^= 1;
    expect(await verify({ "X-Hub-Signature-256": SIG }, changed)).toBe(false);
    expect(await verify({ "X-Hub-Signature-256": SIG }, body, "other-secret")).toBe(false);
    expect(await verify({})).toBe(false);
    expect(await verify({ "X-Hub-Signature-256": SIG.slice(0, -2) })).toBe(false);
    expect(await verify({ "X-Hub-Signature-256": SIG.replace("sha256=", "") })).toBe(false);
    expect(await verify({ "X-Hub-Signature-256": `${SIG}zz` })).toBe(false);
  });
});

describe("whatsappAdapter.handshake", () => {
  const url = (q: string) => new URL(`https://edgedesk.test/webhooks/whatsapp/abc?${q}`);

  it("should echo the challenge when the verify token matches", async () => {
    const res = whatsappAdapter.handshake!(
      url("hub.mode=subscribe&hub.verify_token=tok123&hub.challenge=1158201444"),
      "tok123",
    );
    expect(res?.status).toBe(200);
    expect(await res?.text()).toBe("1158201444");
    expect(res?.headers.get("content-type")).toBe("text/plain");
  });

  it("should answer 403 for a wrong token or mode and null for non-handshakes", () => {
    expect(
      whatsappAdapter.handshake!(
        url("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"),
        "tok123",
      )?.status,
    ).toBe(403);
    expect(
      whatsappAdapter.handshake!(
        url("hub.mode=unsubscribe&hub.verify_token=tok123&hub.challenge=1"),
        "tok123",
      )?.status,
    ).toBe(403);
    expect(
      whatsappAdapter.handshake!(url("hub.mode=subscribe&hub.verify_token=&hub.challenge=1"), "")
        ?.status,
    ).toBe(403);
    expect(whatsappAdapter.handshake!(url("foo=bar"), "tok123")).toBeNull();
  });
});

describe("whatsappAdapter.send", () => {
  it("should send text with the Bearer token to the phone number's /messages", async () => {
    const { result, calls } = await sendWith({ to: "972987654321", text: "Hello there" }, ok());
    expect(result).toEqual({ ok: true, externalMessageId: "wamid.OUT1" });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe(URL_);
    expect(calls[0].method).toBe("POST");
    expect(calls[0].headers.get("authorization")).toBe("Bearer EAAtoken");
    expect(calls[0].headers.get("content-type")).toBe("application/json");
    expect(calls[0].json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "972987654321",
      type: "text",
      text: { body: "Hello there", preview_url: false },
    });
  });

  it("should send media by link with caption, filename for documents and no caption for audio", async () => {
    const img = await sendWith(
      { to: "1", text: "look", media: { url: "https://cdn.test/a.jpg", mimeType: "image/jpeg" } },
      ok(),
    );
    expect(img.calls[0].json).toMatchObject({
      type: "image",
      image: { link: "https://cdn.test/a.jpg", caption: "look" },
    });
    const doc = await sendWith(
      {
        to: "1",
        media: {
          url: "https://cdn.test/i.pdf",
          mimeType: "application/pdf",
          filename: "invoice.pdf",
        },
      },
      ok(),
    );
    expect(doc.calls[0].json).toMatchObject({
      type: "document",
      document: { link: "https://cdn.test/i.pdf", filename: "invoice.pdf" },
    });
    const audio = await sendWith(
      { to: "1", text: "ignored", media: { url: "https://cdn.test/v.ogg", mimeType: "audio/ogg" } },
      ok(),
    );
    expect(audio.calls[0].json).toMatchObject({
      type: "audio",
      audio: { link: "https://cdn.test/v.ogg" },
    });
    expect(
      (audio.calls[0].json as { audio: Record<string, unknown> }).audio.caption,
    ).toBeUndefined();
  });

  it("should send up to 3 buttons as reply buttons and 4-10 as a list", async () => {
    const three = await sendWith(
      {
        to: "1",
        text: "Pick",
        buttons: [
          { id: "a", title: "Track my order please now" },
          { id: "b", title: "B" },
          { id: "c", title: "C" },
        ],
      },
      ok(),
    );
    expect(three.calls[0].json).toMatchObject({
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: "Pick" },
        action: {
          buttons: [
            { type: "reply", reply: { id: "a", title: "Track my order pleas" } },
            { type: "reply", reply: { id: "b", title: "B" } },
            { type: "reply", reply: { id: "c", title: "C" } },
          ],
        },
      },
    });
    const five = await sendWith(
      {
        to: "1",
        text: "Pick",
        buttons: ["a", "b", "c", "d", "e"].map((id) => ({ id, title: id.toUpperCase() })),
      },
      ok(),
    );
    expect(five.calls[0].json).toMatchObject({
      interactive: {
        type: "list",
        action: { sections: [{ rows: [{ id: "a", title: "A" }, {}, {}, {}, { id: "e" }] }] },
      },
    });
    const eleven = await sendWith({
      to: "1",
      text: "Pick",
      buttons: Array.from({ length: 11 }, (_, i) => ({ id: `${i}`, title: `${i}` })),
    });
    expect(eleven.result).toMatchObject({ ok: false, retryable: false, code: "TOO_MANY_BUTTONS" });
    expect(eleven.calls).toHaveLength(0);
  });

  it("should send templates with body variables", async () => {
    const { calls } = await sendWith(
      {
        to: "1",
        template: { name: "order_update", language: "en_US", variables: ["Ada", "#1234"] },
      },
      ok(),
    );
    expect(calls[0].json).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "1",
      type: "template",
      template: {
        name: "order_update",
        language: { code: "en_US" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Ada" },
              { type: "text", text: "#1234" },
            ],
          },
        ],
      },
    });
  });

  it("should mark 429 and 5xx as retryable with Retry-After, other 4xx as final", async () => {
    expect(
      (await sendWith({ to: "1", text: "x" }, graphError(4, 429, { "retry-after": "7" }))).result,
    ).toEqual({
      ok: false,
      retryable: true,
      status: 429,
      code: "GRAPH_4",
      message: "boom",
      retryAfterMs: 7000,
    });
    expect(
      (await sendWith({ to: "1", text: "x" }, new Response("bad gateway", { status: 502 }))).result,
    ).toMatchObject({
      ok: false,
      retryable: true,
      status: 502,
      code: "HTTP_502",
      message: "bad gateway",
    });
    expect((await sendWith({ to: "1", text: "x" }, graphError(100))).result).toMatchObject({
      ok: false,
      retryable: false,
      status: 400,
      code: "GRAPH_100",
    });
    expect((await sendWith({ to: "1", text: "x" }, graphError(190, 401))).result).toMatchObject({
      retryable: false,
      code: "AUTH_FAILED",
    });
  });

  it("should treat Cloud API throughput errors as retryable and the closed window as final", async () => {
    expect((await sendWith({ to: "1", text: "x" }, graphError(130429))).result).toMatchObject({
      ok: false,
      retryable: true,
      code: "GRAPH_130429",
    });
    expect((await sendWith({ to: "1", text: "x" }, graphError(131047))).result).toMatchObject({
      ok: false,
      retryable: false,
      code: "WINDOW_CLOSED",
    });
  });

  it("should turn network errors into a retryable failure instead of throwing", async () => {
    const { result } = await sendWith(
      { to: "1", text: "x" },
      new TypeError("connection reset") as unknown as Response,
    );
    expect(result).toEqual({
      ok: false,
      retryable: true,
      status: 0,
      code: "NETWORK_ERROR",
      message: "Could not reach graph.facebook.com: connection reset",
    });
  });
});

describe("whatsappWindow", () => {
  const inbound = Date.UTC(2025, 0, 1, 12, 0, 0);
  const H = 3600_000;

  it("should be open for 24 hours after the last inbound message", () => {
    expect(whatsappWindow(inbound, inbound + 23 * H)).toEqual({
      open: true,
      closesAt: inbound + 24 * H,
    });
    expect(whatsappWindow(inbound, inbound + 24 * H)).toEqual({
      open: false,
      closesAt: inbound + 24 * H,
    });
    expect(whatsappWindow(null, inbound)).toEqual({ open: false, closesAt: null });
  });

  it("should allow only templates outside the window", () => {
    expect(canSendFreeForm({}, inbound, inbound + H)).toBe(true);
    expect(canSendFreeForm({}, inbound, inbound + 25 * H)).toBe(false);
    expect(
      canSendFreeForm({ template: { name: "t", language: "en" } }, inbound, inbound + 25 * H),
    ).toBe(true);
    expect(canSendFreeForm({}, undefined, inbound)).toBe(false);
  });
});
