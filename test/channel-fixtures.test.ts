import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import { fixtureBytes, fixturePaths } from "../workers/channels/testing/fixtures";
import { call, errorOf, signupTenant } from "./helpers";
import { readMessages, runConsumer } from "./engine-helpers";
import {
  catchInbound,
  connectChannel,
  consumeInOrder,
  conversationOf,
  deadLetters,
  mockPlatformMedia,
  platformHeaders,
  postFixtures,
  postRaw,
  shopperMessages,
} from "./channel-fixture-helpers";

// The AI stays silent so the logs hold exactly what the platforms sent; the platforms' media
// endpoints answer at the fetch boundary (tests that send replies install their own mocks on top).
beforeEach(() => {
  setAiResponder(async () => ({ kind: "answer", text: "" }));
  mockPlatformMedia();
});
afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
});

/** The first fixture goes in first, then its redelivery, then every other fixture by name. */
function order(queued: Map<string, unknown>, first: string): unknown[] {
  const rest = [...queued.keys()].filter((p) => p !== first);
  return [queued.get(first), queued.get(first), ...rest.map((p) => queued.get(p))];
}

describe("channel fixtures through the webhook endpoint", () => {
  it("should take every WhatsApp fixture, store each message id once, in order, and acknowledge the rest", async () => {
    const owner = await signupTenant();
    const appSecret = "wa-app-secret";
    const ch = await connectChannel(owner, "whatsapp", {
      accessToken: "EAAG-token",
      phoneNumberId: "1234567890",
      appSecret,
    });
    const paths = fixturePaths("webhooks/whatsapp/flat");
    expect(paths).toHaveLength(74);
    const queued = await postFixtures("whatsapp", ch.id, appSecret, paths);
    await consumeInOrder(order(queued, "webhooks/whatsapp/flat/message__text.json"));
    expect(await deadLetters(owner.tenantId)).toEqual([]);
    const msgs = await shopperMessages(owner, ch.id, "972987654321");
    // 32 fixtures reuse wamid.xyzxyz: only the first one is a message, the rest are redeliveries.
    expect(msgs.map((m) => [m.externalId, m.text])).toEqual([
      ["wamid.xyzxyz", "Body Text"],
      ["wamid.x", "accept"],
      ["wamid.xsidjw", "title"],
      ["wamid.xsidjx", "title"],
      ["wamid.zyzxyz", "title"],
      ["wamid.wegrchytvwcggt==", "Sent"],
      ["wamid.wegrchytvwcggt=", expect.any(String)],
      ["wamid.ID", "BODY"],
    ]);
    expect(msgs.map((m) => m.seq)).toEqual([...msgs.map((m) => m.seq)].sort((a, b) => a - b));
    // Account, template and call updates belong to no shopper: acknowledged, no conversation made.
    const convs = await env.DB.prepare(
      "SELECT count(*) AS n FROM conversations WHERE tenant_id = ?",
    )
      .bind(owner.tenantId)
      .first<{ n: number }>();
    expect(convs!.n).toBe(1);
  });

  it("should move an agent reply sent through the real WhatsApp adapter along sent → delivered → read from the status fixtures", async () => {
    const owner = await signupTenant();
    const appSecret = "wa-app-secret-2";
    const ch = await connectChannel(owner, "whatsapp", {
      accessToken: "EAAG-token",
      phoneNumberId: "1234567890",
      appSecret,
    });
    const queued = await postFixtures("whatsapp", ch.id, appSecret, [
      "webhooks/whatsapp/flat/message__referral.json",
    ]);
    await consumeInOrder([...queued.values()]);
    const convId = (await conversationOf(ch.id, "972987654321"))!;
    // The Graph API answers the send with the id the status fixtures refer to.
    const graph = vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      Response.json({
        messaging_product: "whatsapp",
        contacts: [{ wa_id: "972987654321" }],
        messages: [{ id: "wamid.xyzxyz" }],
      }),
    );
    const sent = await call("POST", `/api/conversations/${convId}/messages`, {
      cookie: owner.cookie,
      body: { clientId: `c-${crypto.randomUUID()}`, text: "Your order ships today" },
    });
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as { message: { id: string } };
    const find = async () =>
      (await readMessages(owner.cookie, convId)).find((m) => m.id === message.id);
    for (let i = 0; i < 200 && (await find())?.delivery?.status !== "sent"; i++)
      await new Promise((r) => setTimeout(r, 25));
    expect((await find())?.delivery?.status).toBe("sent");
    const req = new Request(graph.mock.calls[0][0] as RequestInfo, graph.mock.calls[0][1]);
    expect(req.url).toContain("/1234567890/messages");
    expect(await req.json()).toMatchObject({
      to: "972987654321",
      type: "text",
      text: { body: "Your order ships today" },
    });
    const statuses = await postFixtures(
      "whatsapp",
      ch.id,
      appSecret,
      ["sent", "delivered", "read"].map((s) => `webhooks/whatsapp/flat/message_status__${s}.json`),
    );
    await consumeInOrder([...statuses.values()]);
    expect((await find())?.delivery).toMatchObject({ status: "read" });
  });

  it("should take every Telegram fixture with the webhook secret given at connect time", async () => {
    const owner = await signupTenant();
    const webhookSecret = "tg-secret-token_1";
    vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      Response.json({ ok: true, result: true }),
    );
    const ch = await connectChannel(owner, "telegram", {
      botToken: "123456:ABC-def_ghi",
      webhookSecret,
    });
    vi.restoreAllMocks();
    const paths = fixturePaths("webhooks/telegram");
    expect(paths).toHaveLength(14);
    const queued = await postFixtures("telegram", ch.id, webhookSecret, paths);
    await consumeInOrder(order(queued, "webhooks/telegram/message.json"));
    expect(await deadLetters(owner.tenantId)).toEqual([]);
    expect((await shopperMessages(owner, ch.id, "218485655")).map((m) => m.text)).toEqual([
      "hello there",
    ]);
    expect((await shopperMessages(owner, ch.id, "408258968")).map((m) => m.text)).toEqual(["4"]);
    // Two updates in one group chat keep their order: the sticker-like message, then the command.
    const group = await shopperMessages(owner, ch.id, "-1001293752024");
    expect(group.map((m) => m.externalId)).toEqual([
      "-1001293752024:134545",
      "-1001293752024:134546",
    ]);
    expect(group[1].text).toBe("/report");
    expect((await shopperMessages(owner, ch.id, "-1002184233434"))[0].text).toContain("🌭");
  });

  it("should take every LINE fixture: a redelivery once, the edit keeps history, the unsend marks deletedAt", async () => {
    const owner = await signupTenant();
    const channelSecret = "line-channel-secret";
    const ch = await connectChannel(owner, "line", {
      channelSecret,
      channelAccessToken: "line-access-token",
    });
    const paths = fixturePaths("webhooks/line/java-callback");
    expect(paths).toHaveLength(27);
    const queued = await postFixtures("line", ch.id, channelSecret, paths);
    await consumeInOrder(order(queued, "webhooks/line/java-callback/text-user.json"));
    expect(await deadLetters(owner.tenantId)).toEqual([]);
    const msgs = await shopperMessages(owner, ch.id, "u206d25c2ea6bd87c17655609a1c37cb8");
    expect(msgs.map((m) => m.externalId)).toEqual([
      "325708",
      "line:h:eb31dc0949dac0d24fe96e1e2d4f8f70",
    ]);
    // Agents see every version: the original, then the edited text that was later unsent.
    expect(msgs[0].text).toBe("Hello, edited world");
    expect(msgs[0].history.map((h) => h.text)).toEqual(["Hello, world", "Hello, edited world"]);
    expect(msgs[0].deletedAt).toBeTypeOf("number");
    expect(msgs[1].text).toContain("action=buyItem");
  });

  it("should take every Messenger fixture, BOM and CRLF bytes included", async () => {
    const owner = await signupTenant();
    const appSecret = "fb-app-secret";
    const ch = await connectChannel(owner, "messenger", {
      pageAccessToken: "page-token",
      appSecret,
      pageId: "1",
    });
    const paths = fixturePaths("webhooks/messenger");
    expect(paths).toHaveLength(8);
    const queued = await postFixtures("messenger", ch.id, appSecret, paths);
    await consumeInOrder(order(queued, "webhooks/messenger/Payload.json"));
    expect(await deadLetters(owner.tenantId)).toEqual([]);
    // Payload.json and PayloadWithStandby.json carry the same message id: stored once.
    expect((await shopperMessages(owner, ch.id, "0")).map((m) => m.externalId)).toEqual([
      "AAAA-BBBB-CCCC",
      "m_1457764197618:41d102a3e1ae206a38",
      "fb:h:d9e301259fdfbcc88e58c1b29bf31df3",
    ]);
    expect((await shopperMessages(owner, ch.id, "123123123")).map((m) => m.text)).toEqual(["asd"]);
  });
});

describe("bad input through the webhook endpoint", () => {
  const path = "webhooks/whatsapp/flat/message__text.json";

  it("should answer a missing or wrong signature with 401 and queue nothing", async () => {
    const owner = await signupTenant();
    const ch = await connectChannel(owner, "whatsapp", {
      accessToken: "t",
      phoneNumberId: "1",
      appSecret: "right",
    });
    const caught = catchInbound();
    const raw = fixtureBytes(path);
    expect((await postRaw("whatsapp", ch.id, raw, {})).status).toBe(401);
    const wrong = await postRaw(
      "whatsapp",
      ch.id,
      raw,
      await platformHeaders("whatsapp", "wrong", raw),
    );
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe("INVALID_SIGNATURE");
    // A signature over other bytes (one byte changed) does not verify either.
    const tampered = raw.slice();
    tampered[tampered.length - 2] ^= 1;
    expect(
      (await postRaw("whatsapp", ch.id, tampered, await platformHeaders("whatsapp", "right", raw)))
        .status,
    ).toBe(401);
    expect(caught.queued).toHaveLength(0);
    caught.restore();
  });

  it("should accept signed truncated JSON at the edge, then dead-letter it without storing anything", async () => {
    const owner = await signupTenant();
    const ch = await connectChannel(owner, "line", { channelSecret: "s", channelAccessToken: "a" });
    const full = fixtureBytes("webhooks/line/java-callback/text-user.json");
    const truncated = full.slice(0, Math.floor(full.length / 2));
    const caught = catchInbound();
    expect(
      (await postRaw("line", ch.id, truncated, await platformHeaders("line", "s", truncated)))
        .status,
    ).toBe(200);
    caught.restore();
    expect(caught.queued).toHaveLength(1);
    const res = await runConsumer("edgedesk-inbound", [
      { id: `tr-${crypto.randomUUID()}`, body: caught.queued[0] },
    ]);
    expect(res.explicitAcks).toHaveLength(1);
    expect(res.retryMessages).toHaveLength(0);
    expect((await deadLetters(owner.tenantId)).map((d) => d.error).join()).toMatch(
      /unparseable line webhook/,
    );
    const n = await env.DB.prepare("SELECT count(*) AS n FROM conversations WHERE tenant_id = ?")
      .bind(owner.tenantId)
      .first<{ n: number }>();
    expect(n!.n).toBe(0);
  });

  it("should stop a connection at once when it is disabled or deleted through the API", async () => {
    const owner = await signupTenant();
    const ch = await connectChannel(owner, "whatsapp", {
      accessToken: "t",
      phoneNumberId: "1",
      appSecret: "k",
    });
    const raw = fixtureBytes(path);
    const headers = await platformHeaders("whatsapp", "k", raw);
    const caught = catchInbound();
    // The first post warms this isolate's lookup cache.
    expect((await postRaw("whatsapp", ch.id, raw, headers)).status).toBe(200);
    expect(
      (
        await call("PATCH", `/api/channels/${ch.id}`, {
          cookie: owner.cookie,
          body: { status: "disabled" },
        })
      ).status,
    ).toBe(200);
    const off = await postRaw("whatsapp", ch.id, raw, headers);
    expect(off.status).toBe(404);
    expect((await errorOf(off)).code).toBe("CHANNEL_NOT_FOUND");
    expect(
      (
        await call("PATCH", `/api/channels/${ch.id}`, {
          cookie: owner.cookie,
          body: { status: "active" },
        })
      ).status,
    ).toBe(200);
    expect((await postRaw("whatsapp", ch.id, raw, headers)).status).toBe(200);
    expect((await call("DELETE", `/api/channels/${ch.id}`, { cookie: owner.cookie })).status).toBe(
      204,
    );
    expect((await postRaw("whatsapp", ch.id, raw, headers)).status).toBe(404);
    caught.restore();
    expect(caught.queued).toHaveLength(2);
  });

  it("should refuse a body over the limit with 413 and queue nothing", async () => {
    const owner = await signupTenant();
    const wa = await connectChannel(owner, "whatsapp", {
      accessToken: "t",
      phoneNumberId: "1",
      appSecret: "k",
    });
    const big = new TextEncoder().encode(`{"pad":"${"x".repeat(5 * 1024 * 1024)}"}`);
    const caught = catchInbound();
    const res = await postRaw("whatsapp", wa.id, big, await platformHeaders("whatsapp", "k", big));
    caught.restore();
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
    expect(caught.queued).toHaveLength(0);
  });
});
