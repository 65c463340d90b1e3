import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../../test/helpers";
import { db, fakeQueue, seedContact, seedConversation } from "../../test/ops-fixtures";
import type { Auth } from "../app-env";
import { channels, contactIdentities, contacts, type ChannelType } from "../db/schema";
import { broadcastRecipients, broadcasts, contactOptIns } from "../db/schema-ops";
import { encryptJson } from "../lib/crypto";
import { newId } from "../lib/ids";
import type { Audience, Variant } from "./broadcast-definition";
import {
  handleBroadcastJob,
  recordBroadcastDeliveryStatus,
  type BroadcastOutbound,
  type BroadcastSendFn,
} from "./sender";
import {
  broadcastProgress,
  cancelBroadcast,
  createBroadcast,
  scheduleBroadcast,
  type BroadcastJob,
} from "./broadcast-service";

const T0 = Date.UTC(2026, 5, 1, 9, 0);
const audience = (a: Partial<Audience> = {}): Audience => ({
  tags: [],
  anyTags: [],
  attributes: {},
  languages: [],
  ...a,
});

async function setup(type: ChannelType, config: Record<string, unknown> = {}) {
  const t = await signupTenant();
  const auth: Auth = {
    tenantId: t.tenantId,
    userId: t.userId,
    role: "owner",
    apiKeyId: null,
    email: null,
  };
  const channelId = newId("chn");
  await db()
    .insert(channels)
    .values({
      id: channelId,
      tenantId: t.tenantId,
      type,
      name: type,
      credentialsEnc: await encryptJson(env.ENCRYPTION_KEY, { token: `tok-${type}` }),
      verifyToken: "v",
      config,
    });
  const queue = fakeQueue();
  return { t, auth, channelId, queue, testEnv: { ...env, JOBS_QUEUE: queue } };
}

async function person(
  tenantId: string,
  channelId: string,
  channelType: ChannelType,
  fields: Partial<typeof contacts.$inferInsert> & {
    address?: string | null;
    optIn?: boolean;
    lastInboundAt?: number;
  } = {},
) {
  const {
    address = `addr-${Math.random().toString(36).slice(2, 9)}`,
    optIn,
    lastInboundAt,
    ...rest
  } = fields;
  const id = await seedContact(tenantId, rest);
  if (address)
    await db()
      .insert(contactIdentities)
      .values({
        id: newId("cid"),
        tenantId,
        contactId: id,
        channelId,
        channelType,
        externalId: address,
      });
  if (optIn) await db().insert(contactOptIns).values({ tenantId, contactId: id, channelType });
  if (lastInboundAt)
    await seedConversation(tenantId, id, { channelId, channelType, lastInboundAt });
  return id;
}

function recordingSender(fail: Record<string, { error: string; retryable: boolean }> = {}) {
  const sent: { channelType: ChannelType; credentials: unknown; out: BroadcastOutbound }[] = [];
  const send: BroadcastSendFn = async (channelType, credentials, out) => {
    sent.push({ channelType, credentials, out });
    const f = fail[out.to];
    return f ? { ok: false, ...f } : { ok: true, externalId: `ext-${out.recipientId}` };
  };
  return { sent, send };
}

/** Runs the job chain as the queue would, following each re-queued job and its delay; stops at a pause. */
async function drain(
  testEnv: Parameters<typeof handleBroadcastJob>[0] & { JOBS_QUEUE: ReturnType<typeof fakeQueue> },
  send: BroadcastSendFn,
  start = T0,
) {
  const phases: string[] = [];
  let now = start;
  for (let i = 0; i < 30; i++) {
    const next = testEnv.JOBS_QUEUE.sent.findLast(
      (s) => (s.body as BroadcastJob).kind === "broadcast_batch",
    );
    if (!next) break;
    testEnv.JOBS_QUEUE.sent.length = 0;
    now += (next.delaySeconds ?? 0) * 1000;
    const r = await handleBroadcastJob(testEnv, next.body, send, { now });
    phases.push(r.phase);
    if (!r.requeued || r.phase === "paused") break;
  }
  return phases;
}

const text = (t: string, id = "a"): Variant => ({ id, weight: 1, text: t });

describe("broadcast rules", () => {
  it("should require approved templates on WhatsApp", async () => {
    const { auth, channelId } = await setup("whatsapp", {
      templates: [
        { name: "promo", language: "en", status: "APPROVED" },
        { name: "draft", language: "en", status: "PENDING" },
      ],
    });
    const base = { name: "Spring", channelId, audience: audience() };
    await expect(
      createBroadcast(db(), auth, { ...base, variants: [text("hi")] }),
    ).rejects.toMatchObject({ code: "TEMPLATE_REQUIRED" });
    await expect(
      createBroadcast(db(), auth, {
        ...base,
        variants: [{ id: "a", weight: 1, template: { name: "draft", language: "en", params: [] } }],
      }),
    ).rejects.toMatchObject({ code: "TEMPLATE_REQUIRED" });
    const ok = await createBroadcast(db(), auth, {
      ...base,
      variants: [
        {
          id: "a",
          weight: 1,
          template: { name: "promo", language: "en", params: ["{{contact.name}}"] },
        },
      ],
    });
    expect(ok).toMatchObject({ status: "draft", channelType: "whatsapp", ratePerMinute: 1200 });
  });

  it("should refuse the web widget and WhatsApp channels whose templates were never synced", async () => {
    const w = await setup("widget");
    await expect(
      createBroadcast(db(), w.auth, {
        name: "x",
        channelId: w.channelId,
        audience: audience(),
        variants: [text("hi")],
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const wa = await setup("whatsapp");
    await expect(
      createBroadcast(db(), wa.auth, {
        name: "x",
        channelId: wa.channelId,
        audience: audience(),
        variants: [{ id: "a", weight: 1, template: { name: "promo", language: "en", params: [] } }],
      }),
    ).rejects.toMatchObject({ code: "TEMPLATE_REQUIRED" });
  });
});

describe("broadcast sending", () => {
  it("should target by tags and attributes, honour opt-outs, personalise, and finish", async () => {
    const { t, auth, channelId, testEnv } = await setup("telegram");
    const p = (f: Parameters<typeof person>[3]) => person(t.tenantId, channelId, "telegram", f);
    const ana = await p({
      name: "Ana",
      tags: ["vip", "es"],
      attributes: { plan: "Gold" },
      address: "111",
    });
    const ben = await p({
      name: null,
      tags: ["vip"],
      attributes: { plan: "gold" },
      address: "222",
    });
    await p({ tags: ["vip"], attributes: { plan: "gold" }, optOut: ["telegram"], address: "333" });
    await p({ tags: ["vip"], attributes: { plan: "gold" }, optOut: ["all"], address: "444" });
    await p({ tags: ["vip"], attributes: { plan: "silver" }, address: "555" });
    await p({ tags: ["vip"], attributes: { plan: "gold" }, address: null });
    const b = await createBroadcast(db(), auth, {
      name: "VIP gold",
      channelId,
      audience: audience({ tags: ["VIP"], attributes: { plan: "gold" } }),
      variants: [text("Hi {{contact.name | friend}}, 20% off!")],
    });
    await scheduleBroadcast(db(), testEnv.JOBS_QUEUE, auth, b.id, undefined, T0);
    const { sent, send } = recordingSender();
    expect(await drain(testEnv, send)).toEqual(["audience", "done"]);
    expect(sent.map((s) => [s.out.to, s.out.text]).sort()).toEqual([
      ["111", "Hi Ana, 20% off!"],
      ["222", "Hi friend, 20% off!"],
    ]);
    expect(sent[0].credentials).toEqual({ token: "tok-telegram" });
    const { broadcast, progress } = await broadcastProgress(db(), t.tenantId, b.id);
    expect(broadcast.status).toBe("completed");
    expect(progress).toMatchObject({ total: 4, sent: 2, skipped: 2, failed: 0, pending: 0 });
    const skipped = await db()
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.status, "skipped"));
    expect(skipped.filter((r) => r.broadcastId === b.id).map((r) => r.reason)).toEqual([
      "opted_out",
      "opted_out",
    ]);
    expect(new Set(sent.map((s) => s.out.contactId))).toEqual(new Set([ana, ben]));
  });

  it("should only message opted-in WhatsApp contacts, render template params, and stop at the daily limit", async () => {
    const { t, auth, channelId, testEnv } = await setup("whatsapp", {
      templates: [{ name: "promo", language: "es", status: "approved" }],
      messagingLimit: 1,
    });
    await person(t.tenantId, channelId, "whatsapp", {
      name: "Ana",
      optIn: true,
      address: "+34600000001",
    });
    await person(t.tenantId, channelId, "whatsapp", {
      name: "Bea",
      optIn: true,
      address: "+34600000002",
    });
    await person(t.tenantId, channelId, "whatsapp", {
      name: "Cy",
      optIn: false,
      address: "+34600000003",
    });
    const b = await createBroadcast(db(), auth, {
      name: "promo",
      channelId,
      audience: audience(),
      variants: [
        {
          id: "a",
          weight: 1,
          template: { name: "promo", language: "es", params: ["{{contact.name}}"] },
        },
      ],
    });
    await scheduleBroadcast(db(), testEnv.JOBS_QUEUE, auth, b.id, undefined, T0);
    const { sent, send } = recordingSender();
    const phases = await drain(testEnv, send);
    expect(phases).toEqual(["audience", "send", "paused"]);
    expect(sent).toHaveLength(1);
    expect(sent[0].out.template).toEqual({
      name: "promo",
      language: "es",
      params: [expect.stringMatching(/^(Ana|Bea)$/)],
    });
    const { broadcast, progress } = await broadcastProgress(db(), t.tenantId, b.id);
    expect(broadcast.note).toContain("limit of 1 recipients per 24 hours");
    expect(progress).toMatchObject({ sent: 1, pending: 1, skipped: 1 });
    // A day later the limit has room again and the broadcast completes.
    const { sent: later, send: send2 } = recordingSender();
    await handleBroadcastJob(testEnv, testEnv.JOBS_QUEUE.sent.at(-1)!.body, send2, {
      now: T0 + 25 * 3600_000,
    });
    expect(later).toHaveLength(1);
  });

  it("should reach Messenger contacts only inside the 24-hour window", async () => {
    const { t, auth, channelId, testEnv } = await setup("messenger");
    await person(t.tenantId, channelId, "messenger", {
      address: "psid-recent",
      lastInboundAt: T0 - 3600_000,
    });
    await person(t.tenantId, channelId, "messenger", {
      address: "psid-old",
      lastInboundAt: T0 - 30 * 3600_000,
    });
    const b = await createBroadcast(db(), auth, {
      name: "m",
      channelId,
      audience: audience(),
      variants: [text("News")],
    });
    await scheduleBroadcast(db(), testEnv.JOBS_QUEUE, auth, b.id, undefined, T0);
    const { sent, send } = recordingSender();
    await drain(testEnv, send);
    expect(sent.map((s) => s.out.to)).toEqual(["psid-recent"]);
    const rows = await db()
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.broadcastId, b.id));
    expect(rows.find((r) => r.address === "psid-old")?.reason).toBe("outside_window");
  });

  it("should never send twice: not on a duplicate job, not in parallel, not after a crash", async () => {
    const { t, auth, channelId, testEnv } = await setup("telegram");
    for (let i = 0; i < 12; i++)
      await person(t.tenantId, channelId, "telegram", { address: `chat-${i}` });
    const b = await createBroadcast(db(), auth, {
      name: "x",
      channelId,
      audience: audience(),
      variants: [text("hello")],
      ratePerMinute: 5,
    });
    await scheduleBroadcast(db(), testEnv.JOBS_QUEUE, auth, b.id, undefined, T0);
    const { sent, send } = recordingSender();
    const first = testEnv.JOBS_QUEUE.sent[0].body as BroadcastJob;
    await handleBroadcastJob(testEnv, first, send, { now: T0 }); // audience
    const next = testEnv.JOBS_QUEUE.sent.at(-1)!.body as BroadcastJob;
    // The queue delivers the same job twice, concurrently.
    await Promise.all([
      handleBroadcastJob(testEnv, next, send, { now: T0 }),
      handleBroadcastJob(testEnv, next, send, { now: T0 }),
    ]);
    // An old job (superseded tick) does nothing.
    expect((await handleBroadcastJob(testEnv, first, send, { now: T0 })).phase).toBe("idle");

    // A sender crashes after claiming 3 recipients.
    const [victim] = await db()
      .select()
      .from(broadcastRecipients)
      .where(
        and(eq(broadcastRecipients.broadcastId, b.id), eq(broadcastRecipients.status, "pending")),
      )
      .limit(1);
    await db()
      .update(broadcastRecipients)
      .set({ status: "sending", claimedAt: T0 })
      .where(eq(broadcastRecipients.id, victim.id));
    const crashed = await db()
      .select()
      .from(broadcastRecipients)
      .where(
        and(eq(broadcastRecipients.broadcastId, b.id), eq(broadcastRecipients.status, "sending")),
      );
    expect(crashed).toHaveLength(1);
    await drain(testEnv, send, T0 + 11 * 60_000);

    const to = sent.map((s) => s.out.to);
    expect(new Set(to).size).toBe(to.length);
    expect(to).not.toContain(crashed[0].address);
    const { progress, broadcast } = await broadcastProgress(db(), t.tenantId, b.id);
    expect(broadcast.status).toBe("completed");
    expect(progress).toMatchObject({ total: 12, sent: 11, failed: 1 });
    const [lost] = await db()
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.id, crashed[0].id));
    expect(lost.reason).toContain("not retried to avoid a duplicate");
  });

  it("should pace batches to the rate and retry only failures the platform marks retryable", async () => {
    const { t, auth, channelId, testEnv } = await setup("telegram");
    await person(t.tenantId, channelId, "telegram", { address: "ok" });
    await person(t.tenantId, channelId, "telegram", { address: "busy" });
    await person(t.tenantId, channelId, "telegram", { address: "blocked" });
    const b = await createBroadcast(db(), auth, {
      name: "x",
      channelId,
      audience: audience(),
      variants: [text("hi")],
      ratePerMinute: 2,
    });
    await scheduleBroadcast(db(), testEnv.JOBS_QUEUE, auth, b.id, undefined, T0);
    const { sent, send } = recordingSender({
      busy: { error: "429 Too Many Requests", retryable: true },
      blocked: { error: "bot was blocked by the user", retryable: false },
    });
    await handleBroadcastJob(testEnv, testEnv.JOBS_QUEUE.sent.at(-1)!.body, send, { now: T0 });
    await handleBroadcastJob(testEnv, testEnv.JOBS_QUEUE.sent.at(-1)!.body, send, { now: T0 });
    expect(sent).toHaveLength(2);
    expect(testEnv.JOBS_QUEUE.sent.at(-1)!.delaySeconds).toBe(60);
    await drain(testEnv, send, T0 + 5 * 60_000);
    const rows = await db()
      .select()
      .from(broadcastRecipients)
      .where(eq(broadcastRecipients.broadcastId, b.id));
    const by = Object.fromEntries(rows.map((x) => [x.address, x]));
    expect(by.ok.status).toBe("sent");
    expect(by.blocked).toMatchObject({
      status: "failed",
      reason: "bot was blocked by the user",
      attempts: 1,
    });
    expect(by.busy).toMatchObject({ status: "failed", attempts: 3 });
  });

  it("should honour an opt-out made after scheduling, and cancel cleanly", async () => {
    const { t, auth, channelId, testEnv } = await setup("line");
    const late = await person(t.tenantId, channelId, "line", { address: "U-late" });
    await person(t.tenantId, channelId, "line", { address: "U-ok" });
    const b = await createBroadcast(db(), auth, {
      name: "x",
      channelId,
      audience: audience(),
      variants: [text("hi")],
    });
    await scheduleBroadcast(db(), testEnv.JOBS_QUEUE, auth, b.id, undefined, T0);
    const { sent, send } = recordingSender();
    await handleBroadcastJob(testEnv, testEnv.JOBS_QUEUE.sent.at(-1)!.body, send, { now: T0 });
    await db()
      .update(contacts)
      .set({ optOut: ["line"] })
      .where(eq(contacts.id, late));
    await drain(testEnv, send);
    expect(sent.map((s) => s.out.to)).toEqual(["U-ok"]);

    const c = await createBroadcast(db(), auth, {
      name: "y",
      channelId,
      audience: audience(),
      variants: [text("hi")],
    });
    await scheduleBroadcast(db(), testEnv.JOBS_QUEUE, auth, c.id, T0 + 3600_000, T0);
    expect((await cancelBroadcast(db(), auth, c.id)).status).toBe("cancelled");
    await expect(cancelBroadcast(db(), auth, c.id)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
  });

  it("should record delivery receipts without letting a late 'delivered' undo 'read'", async () => {
    const { t, auth, channelId, testEnv } = await setup("telegram");
    await person(t.tenantId, channelId, "telegram", { address: "r1" });
    const b = await createBroadcast(db(), auth, {
      name: "x",
      channelId,
      audience: audience(),
      variants: [text("hi"), text("hello", "b")],
    });
    await scheduleBroadcast(db(), testEnv.JOBS_QUEUE, auth, b.id, undefined, T0);
    const { sent, send } = recordingSender();
    await drain(testEnv, send);
    const ext = `ext-${sent[0].out.recipientId}`;
    expect(await recordBroadcastDeliveryStatus(env, t.tenantId, ext, "read")).toBe(true);
    expect(await recordBroadcastDeliveryStatus(env, t.tenantId, ext, "delivered")).toBe(false);
    expect(await recordBroadcastDeliveryStatus(env, "ten_other", ext, "failed")).toBe(false);
    const { progress } = await broadcastProgress(db(), t.tenantId, b.id);
    expect(progress).toMatchObject({ sent: 1, delivered: 1, read: 1 });
    const variant = Object.keys(progress.byVariant)[0];
    expect(progress.byVariant[variant]).toMatchObject({ sent: 1, read: 1 });
    expect((await db().select().from(broadcasts).where(eq(broadcasts.id, b.id)))[0].status).toBe(
      "completed",
    );
  });
});
