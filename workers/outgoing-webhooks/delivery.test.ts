import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../../test/helpers";
import {
  db,
  event,
  fakeActions,
  fakeQueue,
  seedContact,
  seedConversation,
} from "../../test/ops-fixtures";
import type { Auth } from "../app-env";
import { webhookDeliveries } from "../db/schema-ops";
import { handleConversationEvent } from "../queues/conversation-events";
import type { FetchFn } from "../lib/http-safety";
import {
  deliverWebhook,
  MAX_ATTEMPTS,
  requeueDueWebhooks,
  RETRY_SCHEDULE_S,
} from "./webhook-delivery";
import { createEndpoint, updateEndpoint } from "./endpoints";
import { verifyWebhook } from "../../test/webhook-receiver";

const T0 = Date.UTC(2026, 4, 1, 10, 0);

async function setup() {
  const t = await signupTenant();
  const auth: Auth = {
    tenantId: t.tenantId,
    userId: t.userId,
    role: "owner",
    apiKeyId: null,
    email: null,
  };
  const conversationId = await seedConversation(t.tenantId, await seedContact(t.tenantId), {
    createdAt: T0,
  });
  const queue = fakeQueue();
  return { t, auth, conversationId, queue, testEnv: { ...env, JOBS_QUEUE: queue } };
}

function recorder(statuses: number[]) {
  const requests: { url: string; headers: Headers; body: string }[] = [];
  const fetchFn: FetchFn = async (input, init) => {
    const req = new Request(input, init);
    requests.push({ url: req.url, headers: req.headers, body: await req.text() });
    return new Response("x", {
      status: statuses[Math.min(requests.length - 1, statuses.length - 1)],
    });
  };
  return { requests, fetchFn };
}

describe("outgoing webhooks", () => {
  it("should create one delivery per subscribed endpoint, once per event", async () => {
    const { t, auth, conversationId, queue, testEnv } = await setup();
    const a = await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
      url: "https://crm.example.com/hooks",
      events: ["message.created"],
    });
    await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
      url: "https://erp.example.com/hooks",
      events: ["conversation.resolved"],
    });
    const all = await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
      url: "https://all.example.com/hooks",
      events: ["*"],
    });
    await updateEndpoint(db(), auth, all.endpoint.id, { enabled: false });
    const e = event(t.tenantId, conversationId, "message.created", T0, {
      messageId: "m1",
      authorType: "shopper",
      text: "hi",
    });
    await handleConversationEvent(testEnv, e, { actions: fakeActions(), now: () => T0 });
    await handleConversationEvent(testEnv, e, { actions: fakeActions(), now: () => T0 });
    const rows = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.tenantId, t.tenantId));
    expect(rows.map((r) => r.endpointId)).toEqual([a.endpoint.id]);
    expect(JSON.parse(rows[0].payload)).toEqual({
      type: "message.created",
      timestamp: new Date(T0).toISOString(),
      data: { conversationId, messageId: "m1", authorType: "shopper", text: "hi" },
    });
    expect(queue.sent).toEqual([
      {
        body: { kind: "webhook_delivery", tenantId: t.tenantId, deliveryId: rows[0].id },
        delaySeconds: undefined,
      },
    ]);
  });

  it("should sign each attempt, retry with backoff under the same webhook-id, and log the outcome", async () => {
    const { t, auth, conversationId, queue, testEnv } = await setup();
    const { secret } = await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
      url: "https://crm.example.com/hooks",
      events: ["conversation.resolved"],
    });
    await handleConversationEvent(
      testEnv,
      event(t.tenantId, conversationId, "conversation.resolved", T0),
      { actions: fakeActions(), now: () => T0 },
    );
    const [row] = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.tenantId, t.tenantId));
    const { requests, fetchFn } = recorder([500, 200]);

    expect(await deliverWebhook(testEnv, row.id, { fetch: fetchFn, now: T0 })).toBe("retrying");
    let [after] = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, row.id));
    expect(after).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatusCode: 500,
      nextAttemptAt: T0 + RETRY_SCHEDULE_S[0] * 1000,
    });
    expect(queue.sent.at(-1)).toEqual({
      body: { kind: "webhook_delivery", tenantId: t.tenantId, deliveryId: row.id },
      delaySeconds: RETRY_SCHEDULE_S[0],
    });
    expect(await deliverWebhook(testEnv, row.id, { fetch: fetchFn, now: T0 + 1000 })).toBe(
      "skipped",
    );

    const second = T0 + RETRY_SCHEDULE_S[0] * 1000;
    expect(await deliverWebhook(testEnv, row.id, { fetch: fetchFn, now: second })).toBe(
      "succeeded",
    );
    [after] = await db().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, row.id));
    expect(after).toMatchObject({
      status: "succeeded",
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
      deliveredAt: second,
    });
    expect(requests).toHaveLength(2);
    expect(requests[0].headers.get("webhook-id")).toBe(row.id);
    expect(requests[1].headers.get("webhook-id")).toBe(row.id);
    expect(requests[0].headers.get("webhook-timestamp")).not.toBe(
      requests[1].headers.get("webhook-timestamp"),
    );
    expect(
      await verifyWebhook(secret, requests[1].headers, requests[1].body, Math.floor(second / 1000)),
    ).toBe(true);
    expect(requests[1].headers.get("webhook-signature")).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  });

  it("should give up after the last attempt and mark the delivery failed", async () => {
    const { t, auth, conversationId, testEnv } = await setup();
    await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
      url: "https://down.example.com/hooks",
      events: ["*"],
    });
    await handleConversationEvent(
      testEnv,
      event(t.tenantId, conversationId, "conversation.created", T0),
      { actions: fakeActions(), now: () => T0 },
    );
    const [row] = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.tenantId, t.tenantId));
    const { requests, fetchFn } = recorder([502]);
    let now = T0;
    const outcomes: string[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      outcomes.push(await deliverWebhook(testEnv, row.id, { fetch: fetchFn, now }));
      now += 11 * 3600_000;
    }
    expect(outcomes.at(-1)).toBe("failed");
    expect(outcomes.filter((o) => o === "retrying")).toHaveLength(MAX_ATTEMPTS - 1);
    expect(requests).toHaveLength(MAX_ATTEMPTS);
    const [after] = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, row.id));
    expect(after).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatusCode: 502 });
    expect(await deliverWebhook(testEnv, row.id, { fetch: fetchFn, now })).toBe("skipped");
  });

  it("should re-queue deliveries whose worker died mid-send", async () => {
    const { t, auth, conversationId, queue, testEnv } = await setup();
    await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
      url: "https://crm.example.com/hooks",
      events: ["*"],
    });
    await handleConversationEvent(
      testEnv,
      event(t.tenantId, conversationId, "conversation.created", T0),
      { actions: fakeActions(), now: () => T0 },
    );
    const [row] = await db()
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.tenantId, t.tenantId));
    await db()
      .update(webhookDeliveries)
      .set({ status: "sending", nextAttemptAt: T0 })
      .where(eq(webhookDeliveries.id, row.id));
    queue.sent.length = 0;
    await requeueDueWebhooks(testEnv, T0 + 10 * 60_000);
    expect(queue.sent.map((s) => (s.body as { deliveryId: string }).deliveryId)).toContain(row.id);
    const { fetchFn } = recorder([200]);
    expect(await deliverWebhook(testEnv, row.id, { fetch: fetchFn, now: T0 + 10 * 60_000 })).toBe(
      "succeeded",
    );
  });

  it("should refuse endpoints that are not public HTTPS", async () => {
    const { auth } = await setup();
    for (const url of [
      "http://crm.example.com/h",
      "https://localhost/h",
      "https://10.0.0.8/h",
      "https://169.254.169.254/latest",
      "https://[::1]/h",
      "https://user:pw@x.example.com/",
    ]) {
      await expect(
        createEndpoint(db(), env.ENCRYPTION_KEY, auth, { url, events: ["*"] }),
      ).rejects.toMatchObject({ code: "UNSAFE_URL" });
    }
  });
});
