import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import { handleInbound, type InboundDeps } from "../workers/queues/inbound";
import { routeLane } from "../workers/services/routing";
import { toBase64 } from "../workers/lib/crypto";
import {
  addChannel,
  conversationRows,
  messageEvent,
  postWebhook,
  readMessages,
  runConsumer,
  waitFor,
  widgetChannel,
} from "./engine-helpers";
import { call, errorOf, signupTenant } from "./helpers";

// The AI stays silent here so the logs hold exactly the shopper's messages.
beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
});

async function deadLetterCount(tenantId: string): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM dead_letters WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ n: number }>())!.n;
}

/** Queue messages as the webhook route enqueues them: `count` Telegram messages from `users` shoppers. */
function telegramEvents(
  tenantId: string,
  channelId: string,
  prefix: string,
  count: number,
  users: number,
) {
  const t = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    body: {
      v: 1,
      kind: "event",
      tenantId,
      channelId,
      channelType: "telegram",
      event: messageEvent(
        "telegram",
        `${prefix}${i % users}`,
        `${prefix}-${i}`,
        `${prefix} text ${i}`,
        t + i,
      ),
    },
  }));
}

describe("webhook ingest", () => {
  it("should store 20 concurrent webhooks and a duplicate exactly once, in order, with gap-free seq", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const t0 = Date.now();
    const events = Array.from({ length: 20 }, (_, i) =>
      messageEvent("telegram", "user-1", `m-${i}`, `message ${i}`, t0 + i),
    );
    const sends = [...events, events[7]].map((e) =>
      postWebhook("telegram", tg.id, tg.eventSecret, e),
    );
    const statuses = (await Promise.all(sends)).map((r) => r.status);
    expect(statuses).toEqual(Array(21).fill(200));
    const [conv] = await waitFor(async () => {
      const rows = await conversationRows(owner.tenantId);
      return rows.length === 1 && rows[0].message_count >= 20 ? rows : null;
    }, "20 messages indexed");
    const msgs = await readMessages(owner.cookie, conv.id);
    expect(msgs.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(msgs.map((m) => m.text)).toEqual(events.map((e) => e.message.text));
    expect(new Set(msgs.map((m) => m.externalId)).size).toBe(20);
  });

  it("should answer an unknown connection with 404 and a bad signature with 401, queueing nothing", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const queued = vi.spyOn(env.INBOUND_QUEUE, "send");
    const unknown = await postWebhook(
      "telegram",
      "chn_doesnotexist",
      tg.eventSecret,
      messageEvent("telegram", "u", "x1", "ghost"),
    );
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("CHANNEL_NOT_FOUND");
    const wrongType = await postWebhook(
      "whatsapp",
      tg.id,
      tg.eventSecret,
      messageEvent("telegram", "u", "x2", "wrong type"),
    );
    expect(wrongType.status).toBe(404);
    const forged = await postWebhook(
      "telegram",
      tg.id,
      tg.eventSecret,
      messageEvent("telegram", "u", "x3", "forged"),
      { badSignature: true },
    );
    expect(forged.status).toBe(401);
    expect((await errorOf(forged)).code).toBe("INVALID_SIGNATURE");
    const disabled = await addChannel(owner.tenantId, "line", "disabled");
    expect(
      (
        await postWebhook(
          "line",
          disabled.id,
          disabled.eventSecret,
          messageEvent("line", "u", "x4", "off"),
        )
      ).status,
    ).toBe(404);
    // A genuine event afterwards is the only thing that arrives.
    expect(
      (
        await postWebhook(
          "telegram",
          tg.id,
          tg.eventSecret,
          messageEvent("telegram", "u", "x5", "real"),
        )
      ).status,
    ).toBe(200);
    const [conv] = await waitFor(async () => {
      const rows = await conversationRows(owner.tenantId);
      return rows.length && rows[0].message_count ? rows : null;
    }, "the genuine message");
    // Counted where webhooks are queued: the refused ones never got there.
    expect(queued).toHaveBeenCalledTimes(1);
    expect((await readMessages(owner.cookie, conv.id)).map((m) => m.text)).toEqual(["real"]);
    expect(await conversationRows(owner.tenantId)).toHaveLength(1);
    expect(await deadLetterCount(owner.tenantId)).toBe(0);
  });

  it("should refuse a webhook body over the size limit with 413", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const res = await postWebhook(
      "telegram",
      tg.id,
      tg.eventSecret,
      "x".repeat(5 * 1024 * 1024 + 1),
    );
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("should accept the widget's server-side events signed with the identity secret", async () => {
    const owner = await signupTenant();
    const widget = await widgetChannel(owner.tenantId);
    const body = {
      events: [
        {
          type: "message",
          userId: "cust-42",
          messageId: "srv-1",
          text: "From the merchant's app",
          name: "Ada",
        },
      ],
    };
    expect((await postWebhook("widget", widget.id, "wrong-secret", body)).status).toBe(401);
    expect((await postWebhook("widget", widget.id, widget.identitySecret, body)).status).toBe(200);
    const [conv] = await waitFor(async () => {
      const rows = await conversationRows(owner.tenantId);
      return rows.length && rows[0].message_count ? rows : null;
    }, "widget server event");
    expect((await readMessages(owner.cookie, conv.id))[0]).toMatchObject({
      text: "From the merchant's app",
      author: { type: "shopper", name: "Ada" },
    });
  });

  it("should apply edits (keeping history) and deletes (keeping the message), and keep unknown events out of the log", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const base = {
      tenantId: owner.tenantId,
      channelId: tg.id,
      channelType: "telegram",
      v: 1,
      kind: "event",
    };
    const t = Date.now();
    await runConsumer("edgedesk-inbound", [
      { id: "e1", body: { ...base, event: messageEvent("telegram", "u9", "m1", "helo", t) } },
      { id: "e2", body: { ...base, event: messageEvent("telegram", "u9", "m2", "second", t + 1) } },
    ]);
    const result = await runConsumer("edgedesk-inbound", [
      {
        id: "e3",
        body: {
          ...base,
          event: {
            kind: "edit",
            channel: "telegram",
            externalUserId: "u9",
            externalMessageId: "m1",
            timestamp: t + 2,
            text: "hello",
          },
        },
      },
      {
        id: "e4",
        body: {
          ...base,
          event: {
            kind: "delete",
            channel: "telegram",
            externalUserId: "u9",
            externalMessageId: "m2",
            timestamp: t + 3,
          },
        },
      },
      {
        id: "e5",
        body: {
          ...base,
          event: { kind: "unknown", channel: "telegram", description: "chat boost" },
        },
      },
    ]);
    expect(result.explicitAcks.sort()).toEqual(["e3", "e4", "e5"]);
    const [conv] = await conversationRows(owner.tenantId);
    const msgs = await readMessages(owner.cookie, conv.id);
    expect(msgs[0]).toMatchObject({ text: "hello", history: [{ text: "helo" }] });
    expect(msgs[0].editedAt).toBeTypeOf("number");
    expect(msgs[1]).toMatchObject({ text: "second" });
    expect(msgs[1].deletedAt).toBeTypeOf("number");
    expect(msgs).toHaveLength(2);
  });

  it("should lose and duplicate nothing when a consumer dies mid-batch and the batch is redelivered", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const messages = telegramEvents(owner.tenantId, tg.id, "mid", 10, 3);
    // The first consumer applied half the batch and died before acking anything.
    await runConsumer("edgedesk-inbound", messages.slice(0, 5));
    const redelivered = await runConsumer(
      "edgedesk-inbound",
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    expect(redelivered.explicitAcks).toHaveLength(10);
    const rows = await conversationRows(owner.tenantId);
    expect(rows).toHaveLength(3);
    const texts = (await Promise.all(rows.map((r) => readMessages(owner.cookie, r.id))))
      .flat()
      .map((m) => m.text);
    expect(texts.sort()).toEqual(messages.map((m) => m.body.event.message.text).sort());
  });

  it("should retry a lane that hangs, ack the rest of the batch, and store the late lane's messages once", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const messages = telegramEvents(owner.tenantId, tg.id, "hang", 6, 2);
    // User hang0's lane is stuck far past the lane timeout, then completes anyway (a slow DO call).
    let late: Promise<void> | null = null;
    const slow: InboundDeps["route"] = (...args) => {
      const [, , , events] = args;
      if (!events.some((e) => "externalUserId" in e && e.externalUserId === "hang0"))
        return routeLane(...args);
      late = new Promise((r) => setTimeout(r, 400)).then(() => routeLane(...args));
      return late;
    };
    const batch = createMessageBatch(
      "edgedesk-inbound",
      messages.map((m) => ({ ...m, timestamp: new Date(), attempts: 1 })),
    );
    await handleInbound(batch, env, { route: slow, laneTimeoutMs: 50 });
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks.sort()).toEqual(["hang-1", "hang-3", "hang-5"]);
    expect(result.retryMessages.map((r: { msgId: string }) => r.msgId).sort()).toEqual([
      "hang-0",
      "hang-2",
      "hang-4",
    ]);
    await late;
    // The redelivery of the timed-out lane finds its messages already applied: nothing is stored twice.
    const again = await runConsumer(
      "edgedesk-inbound",
      messages
        .filter((m) => ["hang-0", "hang-2", "hang-4"].includes(m.id))
        .map((m) => ({ ...m, attempts: 2 })),
    );
    expect(again.explicitAcks).toHaveLength(3);
    const rows = await conversationRows(owner.tenantId);
    expect(rows).toHaveLength(2);
    const texts = (await Promise.all(rows.map((r) => readMessages(owner.cookie, r.id))))
      .flat()
      .map((m) => m.text);
    expect(texts.sort()).toEqual(messages.map((m) => m.body.event.message.text).sort());
  });

  it("should dead-letter a malformed queue message instead of retrying it, and let an admin see it", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const garbage = {
      v: 1,
      kind: "webhook",
      tenantId: owner.tenantId,
      channelId: tg.id,
      channelType: "telegram",
      receivedAt: Date.now(),
      rawBody: toBase64(new TextEncoder().encode("{not json")),
      headers: {},
    };
    const result = await runConsumer("edgedesk-inbound", [
      { id: `bad-${crypto.randomUUID()}`, body: garbage },
      { id: `worse-${crypto.randomUUID()}`, body: { hello: "world", tenantId: owner.tenantId } },
    ]);
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toHaveLength(0);
    const list = await call("GET", "/api/dead-letters", { cookie: owner.cookie });
    const { deadLetters } = (await list.json()) as {
      deadLetters: { queue: string; error: string }[];
    };
    expect(deadLetters).toHaveLength(2);
    expect(deadLetters.every((d) => d.queue === "edgedesk-inbound")).toBe(true);
    expect(deadLetters.map((d) => d.error).join(" ")).toMatch(/unparseable telegram webhook/);
  });

  it("should record exhausted messages from the DLQ and replay them into a conversation", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const body = {
      v: 1,
      kind: "event",
      tenantId: owner.tenantId,
      channelId: tg.id,
      channelType: "telegram",
      event: messageEvent("telegram", "late", "dlq-1", "finally through"),
    };
    await runConsumer("edgedesk-dlq", [{ id: `x-${crypto.randomUUID()}`, body, attempts: 6 }]);
    const { deadLetters } = (await (
      await call("GET", "/api/dead-letters", { cookie: owner.cookie })
    ).json()) as { deadLetters: { id: string; attempts: number }[] };
    expect(deadLetters).toHaveLength(1);
    const replay = await call("POST", `/api/dead-letters/${deadLetters[0].id}/replay`, {
      cookie: owner.cookie,
    });
    expect(replay.status).toBe(200);
    expect(
      ((await replay.json()) as { deadLetter: { replayedAt: number } }).deadLetter.replayedAt,
    ).toBeTypeOf("number");
    const [conv] = await waitFor(async () => {
      const rows = await conversationRows(owner.tenantId);
      return rows.length && rows[0].message_count ? rows : null;
    }, "replayed message");
    expect((await readMessages(owner.cookie, conv.id)).map((m) => m.text)).toEqual([
      "finally through",
    ]);
    const again = await call("POST", `/api/dead-letters/${deadLetters[0].id}/replay`, {
      cookie: owner.cookie,
    });
    expect(again.status).toBe(409);
  });

  it("should keep dead letters admin-only and tenant-scoped", async () => {
    const a = await signupTenant("A");
    const b = await signupTenant("B");
    await runConsumer("edgedesk-dlq", [
      {
        id: `y-${crypto.randomUUID()}`,
        body: { v: 1, kind: "event", tenantId: b.tenantId },
        attempts: 6,
      },
    ]);
    const { deadLetters } = (await (
      await call("GET", "/api/dead-letters", { cookie: b.cookie })
    ).json()) as { deadLetters: { id: string }[] };
    expect(deadLetters).toHaveLength(1);
    expect(
      (
        (await (await call("GET", "/api/dead-letters", { cookie: a.cookie })).json()) as {
          deadLetters: unknown[];
        }
      ).deadLetters,
    ).toHaveLength(0);
    expect(
      (await call("POST", `/api/dead-letters/${deadLetters[0].id}/replay`, { cookie: a.cookie }))
        .status,
    ).toBe(404);
  });
});
