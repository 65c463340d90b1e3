import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../workers/index";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import { OUTBOUND_ATTEMPTS } from "../workers/queues/outbound";
import type { OutboundMessage } from "../workers/wire/queue";
import { connectChannel } from "./channel-fixture-helpers";
import { clientId, inbound, openSocket, readMessages, waitFor } from "./engine-helpers";
import { call, errorOf, signupTenant, type Caller } from "./helpers";

/**
 * Between and after the tests, Telegram still answers: the local queue retries earlier tests' replies
 * on its own schedule (with backoff), so their late sends must not reach the offline guard. Any other
 * host still does.
 */
const offline = globalThis.fetch;
function lateTelegram() {
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (new URL(req.url).host !== "api.telegram.org") return offline(input, init);
    return Response.json({ ok: true, result: { message_id: 99, chat: { id: 777 }, date: 1 } });
  });
}

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
  lateTelegram();
});

const botToken = "123456:ABC-retry_test";

/** A Telegram connection, a shopper message, and an agent reply (Telegram's answers must be scripted first). */
async function pendingReply(
  owner: Caller,
  text: string,
): Promise<{ conversationId: string; messageId: string; body: OutboundMessage }> {
  const ch = await connectChannel(owner, "telegram", { botToken, webhookSecret: "retry-secret" });
  const conversationId = await inbound(owner.tenantId, ch, "telegram", "777", [
    "where is my parcel?",
  ]);
  const res = await call("POST", `/api/conversations/${conversationId}/messages`, {
    cookie: owner.cookie,
    body: { clientId: clientId(), text },
  });
  expect(res.status).toBe(201);
  const messageId = ((await res.json()) as { message: { id: string } }).message.id;
  // The DO queues the send itself; building the same body lets each attempt be driven by hand.
  const body: OutboundMessage = {
    v: 1,
    kind: "send",
    tenantId: owner.tenantId,
    conversationId,
    channelId: ch.id,
    channelType: "telegram",
    to: "777",
    messageId,
    text,
    attachments: [],
  };
  return { conversationId, messageId, body };
}

/**
 * The Bot API, scripted: setWebhook succeeds, sendMessage answers from `replies` in turn. The local
 * queue's own delivery of the reply sees the same script as the attempts driven by hand.
 */
function scriptTelegram(text: string, replies: (() => Response)[], others: string[] = []) {
  const seen: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const req = new Request(input as RequestInfo, init);
    if (req.url.endsWith("/setWebhook")) return Response.json({ ok: true, result: true });
    const body = (await req.json()) as { text?: string };
    if (!req.url.includes(`/bot${botToken}/sendMessage`)) throw new Error(`unexpected ${req.url}`);
    // Other scripted texts are recorded and succeed; they mark how far the queue got.
    if (body.text && others.includes(body.text)) {
      others.splice(others.indexOf(body.text), 1, `sent:${body.text}`);
      return Response.json({ ok: true, result: { message_id: 9, chat: { id: 777 }, date: 1 } });
    }
    if (body.text !== text) throw new Error(`unexpected request ${req.url}`);
    seen.push(req.url);
    const next = replies.shift();
    if (!next) throw new Error("no more scripted replies");
    return next();
  });
  return seen;
}

/** One delivery attempt through the Worker's queue handler: acked, or retried after how long. */
async function attempt(
  body: OutboundMessage,
  attempts: number,
): Promise<{ acked: boolean; retryDelay: number | null }> {
  const batch = createMessageBatch("edgedesk-outbound", [
    { id: `o-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body },
  ]);
  let retryDelay: number | null = null;
  const retry = batch.messages[0].retry.bind(batch.messages[0]);
  batch.messages[0].retry = (opts?: QueueRetryOptions) => {
    retryDelay = opts?.delaySeconds ?? 0;
    retry(opts);
  };
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  const res = await getQueueResult(batch, ctx);
  return { acked: res.explicitAcks.length === 1, retryDelay };
}

const status = async (cookie: string, conversationId: string, id: string) =>
  (await readMessages(cookie, conversationId)).find((m) => m.id === id)?.delivery;

describe("outbound retries through a real adapter", () => {
  it("should retry a 429 no sooner than Retry-After, then send on the next attempt", async () => {
    const owner = await signupTenant();
    const text = `retry-429-${crypto.randomUUID()}`;
    const tooMany = () =>
      Response.json(
        {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 7",
          parameters: { retry_after: 7 },
        },
        { status: 429 },
      );
    const calls = scriptTelegram(text, [
      tooMany,
      tooMany,
      () => Response.json({ ok: true, result: { message_id: 4242, chat: { id: 777 }, date: 1 } }),
    ]);
    const { conversationId, messageId, body } = await pendingReply(owner, text);
    // The local queue delivers the reply first and meets a 429; it comes back only after Retry-After.
    await waitFor(() => calls.length === 1 || null, "the queue's first send");
    const first = await attempt(body, 1);
    expect(first.acked).toBe(false);
    expect(first.retryDelay).toBeGreaterThanOrEqual(7);
    expect((await status(owner.cookie, conversationId, messageId))?.status).toBe("pending");
    expect(await attempt(body, 2)).toEqual({ acked: true, retryDelay: null });
    const sent = await waitFor(
      async () =>
        (await readMessages(owner.cookie, conversationId)).find(
          (m) => m.id === messageId && m.delivery?.status === "sent",
        ),
      "sent",
    );
    expect(sent.externalId).toContain("4242");
    expect(calls).toHaveLength(3);
  });

  it("should keep retrying 5xx answers and, when attempts run out, show the failure on the message", async () => {
    const owner = await signupTenant();
    const text = `retry-500-${crypto.randomUUID()}`;
    const calls = scriptTelegram(
      text,
      Array.from(
        { length: OUTBOUND_ATTEMPTS + 2 },
        () => () => new Response("upstream broke", { status: 500 }),
      ),
    );
    const { conversationId, messageId, body } = await pendingReply(owner, text);
    const delays: (number | null)[] = [];
    for (let n = 1; n < OUTBOUND_ATTEMPTS; n++) {
      const res = await attempt(body, n);
      expect(res.acked, `attempt ${n}`).toBe(false);
      delays.push(res.retryDelay);
    }
    // Exponential backoff between attempts.
    expect(delays).toEqual([2, 4, 8, 16, 32, 64, 128]);
    expect((await status(owner.cookie, conversationId, messageId))?.status).toBe("pending");
    const sock = await openSocket(`/ws/conversations/${conversationId}`, owner.cookie);
    expect((await attempt(body, OUTBOUND_ATTEMPTS)).acked).toBe(true);
    // The agent's console is told at once, with the reason.
    const pushed = await sock.next(
      (f) =>
        f.type === "message_update" &&
        f.message.id === messageId &&
        f.message.delivery?.status === "failed",
      "failure pushed to the console",
    );
    expect(pushed.type === "message_update" && pushed.message.delivery?.error).toMatch(/500/);
    sock.close();
    const delivery = await status(owner.cookie, conversationId, messageId);
    expect(delivery?.status).toBe("failed");
    expect(delivery?.error).toMatch(/500/);
    expect(calls.length).toBeGreaterThanOrEqual(OUTBOUND_ATTEMPTS);
    const dl = await env.DB.prepare("SELECT queue FROM dead_letters WHERE tenant_id = ?")
      .bind(owner.tenantId)
      .all<{ queue: string }>();
    expect(dl.results.map((r) => r.queue)).toEqual(["edgedesk-outbound"]);
  });
});

describe("retrying a failed reply from the console", () => {
  it("should put a failed reply back to pending over the socket, send it once more, and do nothing on a second retry", async () => {
    const owner = await signupTenant();
    const text = `retry-button-${crypto.randomUUID()}`;
    const blocked = () =>
      Response.json(
        { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
        { status: 403 },
      );
    const marker = `after-retry-${crypto.randomUUID()}`;
    const others = [marker];
    const calls = scriptTelegram(
      text,
      [
        blocked,
        () => Response.json({ ok: true, result: { message_id: 5151, chat: { id: 777 }, date: 1 } }),
      ],
      others,
    );
    const { conversationId, messageId } = await pendingReply(owner, text);
    // The local queue's delivery meets a refusal no retry can fix: the reply is failed, with the reason.
    const failed = await waitFor(
      async () =>
        (await status(owner.cookie, conversationId, messageId))?.status === "failed" &&
        (await status(owner.cookie, conversationId, messageId)),
      "failed",
    );
    expect(failed.error).toContain("blocked");
    const queued = vi.spyOn(env.OUTBOUND_QUEUE, "sendBatch");
    const queuedFor = (id: string) =>
      queued.mock.calls.flatMap(([msgs]) =>
        [...msgs].filter((m) => (m.body as OutboundMessage).messageId === id),
      ).length;
    const sock = await openSocket(`/ws/conversations/${conversationId}`, owner.cookie);
    const retryOf = (id: string) =>
      call("POST", `/api/conversations/${conversationId}/messages/${id}/retry`, {
        cookie: owner.cookie,
      });
    const res = await retryOf(messageId);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { message: { delivery: unknown } }).message.delivery).toEqual({
      status: "pending",
      error: null,
    });
    await sock.next(
      (f) =>
        f.type === "message_update" &&
        f.message.id === messageId &&
        f.message.delivery?.status === "pending",
      "pending pushed to the console",
    );
    await sock.next(
      (f) =>
        f.type === "message_update" &&
        f.message.id === messageId &&
        f.message.delivery?.status === "sent",
      "sent pushed to the console",
    );
    expect(calls).toHaveLength(2);
    // Again, now that it is sent: the same message back, nothing queued.
    const again = await retryOf(messageId);
    expect(again.status).toBe(200);
    expect(
      ((await again.json()) as { message: { delivery: { status: string } } }).message.delivery
        .status,
    ).toBe("sent");
    // A later reply travels the same outbox and queue: once it is sent, whatever the second Retry
    // queued has been queued and delivered before it.
    const next = await call("POST", `/api/conversations/${conversationId}/messages`, {
      cookie: owner.cookie,
      body: { clientId: clientId(), text: marker },
    });
    expect(next.status).toBe(201);
    await waitFor(() => others.includes(`sent:${marker}`) || null, "the later reply sent");
    const markerId = ((await next.json()) as { message: { id: string } }).message.id;
    // The first Retry queued the reply once; the second queued nothing, and nothing was sent twice.
    expect([queuedFor(messageId), queuedFor(markerId)]).toEqual([1, 1]);
    expect(calls).toHaveLength(2);
    sock.close();
  });

  it("should refuse to retry a shopper's message (409) or an unknown one (404), changing nothing", async () => {
    const owner = await signupTenant();
    const text = `retry-refused-${crypto.randomUUID()}`;
    scriptTelegram(text, [
      () => Response.json({ ok: true, result: { message_id: 1, chat: { id: 777 }, date: 1 } }),
    ]);
    const { conversationId, messageId } = await pendingReply(owner, text);
    // The reply's own delivery meets the script before the mock is restored.
    await waitFor(
      async () => (await status(owner.cookie, conversationId, messageId))?.status === "sent",
      "the reply sent",
    );
    const before = await readMessages(owner.cookie, conversationId);
    const shopper = before.find((m) => m.author.type === "shopper")!;
    const refused = await call(
      "POST",
      `/api/conversations/${conversationId}/messages/${shopper.id}/retry`,
      { cookie: owner.cookie },
    );
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).code).toBe("INVALID_STATE");
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/messages/msg_nope/retry`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(404);
    const stranger = await signupTenant();
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/messages/${shopper.id}/retry`, {
          cookie: stranger.cookie,
        })
      ).status,
    ).toBe(404);
    expect(
      (await readMessages(owner.cookie, conversationId)).find((m) => m.id === shopper.id),
    ).toEqual(shopper);
  });
});
