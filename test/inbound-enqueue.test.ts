import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import { catchInbound, connectChannel, platformHeaders, postRaw } from "./channel-fixture-helpers";
import {
  addChannel,
  conversationRows,
  messageEvent,
  postWebhook,
  readMessages,
  runConsumer,
} from "./engine-helpers";
import { call, signupTenant } from "./helpers";

afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
});

describe("headers kept with a queued webhook", () => {
  it("should never store the Telegram secret header in the queue message or the dead letter an admin reads", async () => {
    const owner = await signupTenant();
    const webhookSecret = "tg-secret-never-stored_42";
    vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      Response.json({ ok: true, result: true }),
    );
    const ch = await connectChannel(owner, "telegram", {
      botToken: "123456:ABC-def_ghi",
      webhookSecret,
    });
    vi.restoreAllMocks();
    // A verified delivery the parser cannot read: it ends as a dead letter, headers and all.
    const raw = new TextEncoder().encode('{"update_id": "not a number"');
    const caught = catchInbound();
    let queued: unknown;
    try {
      const res = await postRaw("telegram", ch.id, raw, {
        ...(await platformHeaders("telegram", webhookSecret, raw)),
        cookie: "sid=abc",
        "x-forwarded-for": "203.0.113.9",
      });
      expect(res.status).toBe(200);
      queued = caught.queued[0];
    } finally {
      caught.restore();
    }
    expect(Object.keys((queued as { headers: Record<string, string> }).headers).sort()).toEqual([
      "content-type",
    ]);
    const consumed = await runConsumer("edgedesk-inbound", [
      { id: `tg-${crypto.randomUUID()}`, body: queued },
    ]);
    expect(consumed.explicitAcks).toHaveLength(1);
    const list = await call("GET", "/api/dead-letters", { cookie: owner.cookie });
    const text = await list.text();
    expect(JSON.parse(text).deadLetters).toHaveLength(1);
    expect(text).not.toContain(webhookSecret);
    expect(text.toLowerCase()).not.toContain("x-telegram-bot-api-secret-token");
  });
});

describe("dead letters stored with every header", () => {
  it("should show an admin only the headers a parser reads", async () => {
    const owner = await signupTenant();
    const body = {
      v: 1,
      kind: "webhook",
      tenantId: owner.tenantId,
      channelId: "chn_x",
      channelType: "telegram",
      receivedAt: Date.now(),
      rawBody: "e30=",
      headers: {
        "content-type": "application/json",
        "x-telegram-bot-api-secret-token": "legacy-secret-77",
        "x-edgedesk-signature": "sha256=abc",
      },
    };
    await runConsumer("edgedesk-dlq", [{ id: `legacy-${crypto.randomUUID()}`, body, attempts: 1 }]);
    const text = await (await call("GET", "/api/dead-letters", { cookie: owner.cookie })).text();
    const { deadLetters } = JSON.parse(text) as {
      deadLetters: { body: { headers: Record<string, string> } }[];
    };
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0].body.headers).toEqual({ "content-type": "application/json" });
    expect(text).not.toContain("legacy-secret-77");
    expect(text).not.toContain("sha256=abc");
  });
});

describe("a webhook body over 64 KB", () => {
  it("should travel through R2: stored under the tenant, applied by the consumer, then deleted", async () => {
    setAiResponder(async () => ({ kind: "answer", text: "" }));
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const t = Date.now();
    const events = Array.from({ length: 40 }, (_, i) =>
      messageEvent("telegram", "big-user", `big-${i}`, `${i} ${"long text ".repeat(200)}`, t + i),
    );
    const raw = JSON.stringify(events);
    expect(raw.length).toBeGreaterThan(64 * 1024);
    const caught = catchInbound();
    let queued: { rawBody?: string; rawBodyKey?: string };
    try {
      expect((await postWebhook("telegram", tg.id, tg.eventSecret, raw)).status).toBe(200);
      queued = caught.queued[0] as typeof queued;
    } finally {
      caught.restore();
    }
    expect(queued.rawBody).toBeUndefined();
    expect(queued.rawBodyKey).toMatch(new RegExp(`^inbound/${owner.tenantId}/`));
    const stored = await env.MEDIA.get(queued.rawBodyKey!);
    expect(await stored?.text()).toBe(raw);
    const consumed = await runConsumer("edgedesk-inbound", [
      { id: `big-${crypto.randomUUID()}`, body: queued },
    ]);
    expect(consumed.explicitAcks).toHaveLength(1);
    const [conv] = await conversationRows(owner.tenantId);
    expect((await readMessages(owner.cookie, conv.id)).map((m) => m.externalId)).toEqual(
      events.map((e) => e.externalMessageId),
    );
    expect(await env.MEDIA.head(queued.rawBodyKey!)).toBeNull();
  });
});
