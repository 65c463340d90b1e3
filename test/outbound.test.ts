import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import type { OutboundMessage as PlatformOutbound, SendResult } from "../workers/channels/adapter";
import type { OutboundMessage } from "../workers/wire/queue";
import { recordSends } from "./recording-channel";
import {
  addChannel,
  clientId,
  inbound,
  messageEvent,
  openSocket,
  postWebhook,
  readMessages,
  runConsumer,
  waitFor,
  widgetSession,
} from "./engine-helpers";
import { call, signupTenant } from "./helpers";

let sent: PlatformOutbound[] = [];
let restore = () => {};
let answer: (m: PlatformOutbound) => SendResult = () => ({
  ok: true,
  externalMessageId: `tg-${sent.length}`,
});

beforeEach(() => {
  answer = () => ({ ok: true, externalMessageId: `tg-${crypto.randomUUID()}` });
  setAiResponder(async () => ({ kind: "answer", text: "" }));
  // The telegram adapter records what it is asked to send instead of calling the Bot API.
  ({ sent, restore } = recordSends("telegram", (m) => answer(m)));
});
afterEach(() => {
  restore();
  setAiResponder(null);
});

async function reply(cookie: string, conversationId: string, text: string) {
  const res = await call("POST", `/api/conversations/${conversationId}/messages`, {
    cookie,
    body: { clientId: clientId(), text },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { message: { id: string } }).message;
}

describe("outbound delivery", () => {
  it("should send an agent reply through the channel adapter and track sent → read from status webhooks", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", "tg-user-1", ["hi there"]);
    const msg = await reply(owner.cookie, id, "Hello from support");
    const delivered = await waitFor(
      async () =>
        (await readMessages(owner.cookie, id)).find(
          (m) => m.id === msg.id && m.delivery?.status === "sent",
        ),
      "sent",
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      to: "tg-user-1",
      text: "Hello from support",
      idempotencyKey: msg.id,
    });
    const status = (s: string) => ({
      kind: "status",
      channel: "telegram",
      externalUserId: "tg-user-1",
      externalMessageId: delivered.externalId,
      timestamp: Date.now(),
      status: s,
    });
    expect((await postWebhook("telegram", tg.id, tg.eventSecret, status("read"))).status).toBe(200);
    await waitFor(
      async () =>
        (await readMessages(owner.cookie, id)).find(
          (m) => m.id === msg.id && m.delivery?.status === "read",
        ),
      "read",
    );
    // A late "delivered" must not step back from "read". It travels in one body with a message from
    // the same shopper, handled after it: once that message is stored, the status has been handled.
    const marker = `after-late-delivered-${crypto.randomUUID()}`;
    await postWebhook("telegram", tg.id, tg.eventSecret, [
      status("delivered"),
      messageEvent("telegram", "tg-user-1", marker, marker),
    ]);
    await waitFor(
      async () => (await readMessages(owner.cookie, id)).find((m) => m.text === marker),
      "the message sent after the late status",
    );
    expect(
      (await readMessages(owner.cookie, id)).find((m) => m.id === msg.id)?.delivery?.status,
    ).toBe("read");
  });

  it("should retry a retryable failure, then mark the message failed and dead-letter it when attempts run out", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", "tg-user-2", ["hello"]);
    answer = () => ({
      ok: false,
      retryable: true,
      status: 502,
      code: "HTTP_502",
      message: "telegram 502",
    });
    const msg = await reply(owner.cookie, id, "Are you there?");
    const body: OutboundMessage = {
      v: 1,
      kind: "send",
      tenantId: owner.tenantId,
      conversationId: id,
      channelId: tg.id,
      channelType: "telegram",
      to: "tg-user-2",
      messageId: msg.id,
      text: "Are you there?",
      attachments: [],
    };
    const early = await runConsumer("edgedesk-outbound", [
      { id: `o-${crypto.randomUUID()}`, body, attempts: 1 },
    ]);
    expect(early.retryMessages).toHaveLength(1);
    expect(early.explicitAcks).toHaveLength(0);
    expect(
      (await readMessages(owner.cookie, id)).find((m) => m.id === msg.id)?.delivery?.status,
    ).toBe("pending");
    const last = await runConsumer("edgedesk-outbound", [
      { id: `o-${crypto.randomUUID()}`, body, attempts: 8 },
    ]);
    expect(last.explicitAcks).toHaveLength(1);
    expect((await readMessages(owner.cookie, id)).find((m) => m.id === msg.id)?.delivery).toEqual({
      status: "failed",
      error: "HTTP_502: telegram 502",
    });
    const dl = await env.DB.prepare("SELECT queue FROM dead_letters WHERE tenant_id = ?")
      .bind(owner.tenantId)
      .all<{ queue: string }>();
    expect(dl.results.map((r) => r.queue)).toContain("edgedesk-outbound");
  });

  it("should not send twice when a delivered message is redelivered by the queue", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", "tg-user-3", ["hey"]);
    const msg = await reply(owner.cookie, id, "Once only");
    await waitFor(
      async () =>
        (await readMessages(owner.cookie, id)).find(
          (m) => m.id === msg.id && m.delivery?.status === "sent",
        ),
      "sent",
    );
    const body: OutboundMessage = {
      v: 1,
      kind: "send",
      tenantId: owner.tenantId,
      conversationId: id,
      channelId: tg.id,
      channelType: "telegram",
      to: "tg-user-3",
      messageId: msg.id,
      text: "Once only",
      attachments: [],
    };
    const again = await runConsumer("edgedesk-outbound", [
      { id: `o-${crypto.randomUUID()}`, body, attempts: 2 },
    ]);
    expect(again.explicitAcks).toHaveLength(1);
    expect(sent.filter((m) => m.idempotencyKey === msg.id)).toHaveLength(1);
  });

  it("should fail at once, without retries, when the channel's credentials cannot send", async () => {
    const owner = await signupTenant();
    const ig = await addChannel(owner.tenantId, "instagram");
    const id = await inbound(owner.tenantId, ig, "instagram", "ig-user", ["hi"]);
    const msg = await reply(owner.cookie, id, "reply on a channel whose credentials are empty");
    const failed = await waitFor(
      async () =>
        (await readMessages(owner.cookie, id)).find(
          (m) => m.id === msg.id && m.delivery?.status === "failed",
        ),
      "failed",
    );
    expect(failed.delivery?.error).toMatch(/credentials are incomplete/);
  });

  it("should deliver widget replies over the socket only, never through the outbound queue", async () => {
    const owner = await signupTenant();
    const { visitorToken } = await widgetSession(owner);
    const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
    await sock.next((f) => f.type === "ready");
    sock.send({ type: "message", clientId: clientId(), text: "hi" });
    await sock.next((f) => f.type === "message");
    const { conversationId } = await widgetSession(owner, { visitorToken });
    const msg = await reply(owner.cookie, conversationId!, "Hello over the widget");
    const seen = await sock.next(
      (f) => f.type === "message" && f.message.id === msg.id,
      "reply on the socket",
    );
    expect(seen.type === "message" && seen.message.delivery).toBeNull();
    expect(sent).toHaveLength(0);
  });
});
