import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signupTenant } from "../../test/helpers";
import {
  db,
  event,
  fakeActions,
  fakeStore,
  message,
  seedContact,
  seedConversation,
} from "../../test/ops-fixtures";
import type { Auth } from "../app-env";
import { contactIdentities, emailThreads, unansweredQuestions } from "../db/schema";
import { contactOptIns } from "../db/schema-ops";
import { newId } from "../lib/ids";
import { handleConversationEvent } from "../queues/conversation-events";
import { createWorkflow } from "../automation/workflow-service";
import { createEndpoint } from "../outgoing-webhooks/endpoints";
import { eraseContact, mediaPrefix } from "./erase";
import { applyRetention, setRetention } from "./retention";

const T0 = Date.UTC(2026, 1, 1, 12, 0);

/** Every table that can hold something about a contact or its conversations, with the column to check. */
const TRACES: [string, string][] = [
  ["contacts", "id"],
  ["contact_identities", "contact_id"],
  ["contact_opt_ins", "contact_id"],
  ["broadcast_recipients", "contact_id"],
  ["conversations", "id"],
  ["conversation_tags", "conversation_id"],
  ["unanswered_questions", "conversation_id"],
  ["email_threads", "conversation_id"],
  ["review_items", "conversation_id"],
  ["workflow_runs", "conversation_id"],
  ["workflow_scheduled_steps", "conversation_id"],
  ["webhook_deliveries", "conversation_id"],
  ["analytics_conversation_facts", "conversation_id"],
];

async function traces(ids: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table, col] of TRACES) {
    const marks = ids.map(() => "?").join(",");
    const row = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM ${table} WHERE ${col} IN (${marks})`,
    )
      .bind(...ids)
      .first<{ n: number }>();
    if (row!.n) out[table] = row!.n;
  }
  const dl = await env.DB.prepare(
    `SELECT COUNT(*) AS n FROM dead_letters WHERE json_extract(body, '$.conversationId') IN (${ids.map(() => "?").join(",")})`,
  )
    .bind(...ids)
    .first<{ n: number }>();
  if (dl!.n) out.dead_letters = dl!.n;
  return out;
}

async function r2Keys(prefix: string): Promise<string[]> {
  return (await env.MEDIA.list({ prefix })).objects.map((o) => o.key);
}

/**
 * The bindings with outgoing-webhook deliveries stored but never queued: sending them would reach
 * for the network after the test ends (these tests are about the rows, not the sending).
 */
const quietEnv = {
  ...env,
  JOBS_QUEUE: {
    send: (body: unknown, opts?: QueueSendOptions) => env.JOBS_QUEUE.send(body, opts),
    sendBatch: async (msgs: Iterable<MessageSendRequest>, opts?: QueueSendBatchOptions) => {
      const rest = [...msgs].filter(
        (m) => (m.body as { kind?: string }).kind !== "webhook_delivery",
      );
      if (rest.length) await env.JOBS_QUEUE.sendBatch(rest, opts);
    },
  } as unknown as Queue,
};

/** A contact with two conversations and data in every place ops knows of. */
async function richContact() {
  const t = await signupTenant();
  const auth: Auth = {
    tenantId: t.tenantId,
    userId: t.userId,
    role: "owner",
    apiKeyId: null,
    email: null,
  };
  const contactId = await seedContact(t.tenantId, {
    email: "erase.me@gmail.com",
    phone: "+34 600 111 222",
  });
  const c1 = await seedConversation(t.tenantId, contactId, { createdAt: T0, tags: ["refund"] });
  const c2 = await seedConversation(t.tenantId, contactId, { createdAt: T0 });
  await db()
    .insert(contactIdentities)
    .values({
      id: newId("cid"),
      tenantId: t.tenantId,
      contactId,
      channelId: "chn_x",
      channelType: "email",
      externalId: "erase.me@gmail.com",
    });
  await db()
    .insert(contactOptIns)
    .values({ tenantId: t.tenantId, contactId, channelType: "whatsapp" });
  await db()
    .insert(unansweredQuestions)
    .values({
      id: newId("uq"),
      tenantId: t.tenantId,
      conversationId: c1,
      text: "my address is 1 Main St",
      reason: "no_match",
    });
  await db()
    .insert(emailThreads)
    .values({ tenantId: t.tenantId, messageId: "<m1@x>", conversationId: c2 });
  await env.DB.prepare(
    `INSERT INTO dead_letters (id, tenant_id, queue, body) VALUES (?, ?, 'edgedesk-outbound', ?)`,
  )
    .bind(newId("dl"), t.tenantId, JSON.stringify({ conversationId: c1, text: "secret" }))
    .run();
  await createWorkflow(db(), env.ENCRYPTION_KEY, auth, {
    name: "w",
    definition: {
      trigger: { type: "conversation.created" },
      steps: [
        { type: "add_tags", tags: ["x"] },
        { type: "delay", minutes: 5 },
        { type: "resolve" },
      ],
    },
  });
  await createEndpoint(db(), env.ENCRYPTION_KEY, auth, {
    url: "https://crm.example.com/h",
    events: ["*"],
  });
  for (const c of [c1, c2]) {
    await handleConversationEvent(quietEnv, event(t.tenantId, c, "conversation.created", T0), {
      actions: fakeActions(),
      now: () => T0,
    });
    await handleConversationEvent(
      quietEnv,
      event(t.tenantId, c, "conversation.handover", T0 + 1, { reason: "angry" }),
      { actions: fakeActions(), now: () => T0 },
    );
    await env.MEDIA.put(`${mediaPrefix(t.tenantId, c)}photo.jpg`, "jpeg bytes");
  }
  await env.MEDIA.put(`media/${t.tenantId}/contacts/${contactId}/avatar.png`, "png");
  const other = await seedContact(t.tenantId, { email: "keep@shop.test" });
  const otherConv = await seedConversation(t.tenantId, other, { createdAt: T0 });
  await env.MEDIA.put(`${mediaPrefix(t.tenantId, otherConv)}keep.jpg`, "keep");
  const store = fakeStore({
    [c1]: [message(c1, 1, "hi")],
    [c2]: [message(c2, 1, "hello")],
    [otherConv]: [message(otherConv, 1, "stay")],
  });
  return { t, auth, contactId, convs: [c1, c2], other, otherConv, store };
}

describe("contact erasure", () => {
  it("should leave nothing of the contact in D1, the conversation objects or R2, and write a receipt", async () => {
    const { t, auth, contactId, convs, other, otherConv, store } = await richContact();
    expect(Object.keys(await traces([contactId, ...convs])).length).toBeGreaterThanOrEqual(10);

    const receipt = await eraseContact(quietEnv, store, auth, contactId, T0 + 1000);
    expect(receipt).toMatchObject({
      contactId,
      conversations: 2,
      objectsErased: 2,
      mediaDeleted: 3,
    });
    expect(await traces([contactId, ...convs])).toEqual({});
    expect(store.erased.sort()).toEqual([...convs].sort());
    for (const c of convs) expect(await r2Keys(mediaPrefix(t.tenantId, c))).toEqual([]);
    expect(await r2Keys(`media/${t.tenantId}/contacts/${contactId}/`)).toEqual([]);
    // Nothing else was touched.
    expect(await traces([other, otherConv])).toMatchObject({ contacts: 1, conversations: 1 });
    expect(await r2Keys(mediaPrefix(t.tenantId, otherConv))).toHaveLength(1);
    expect(await store.listMessages(otherConv, 0, 10)).toHaveLength(1);
    // The receipt is in the audit log, with counts and no personal data.
    const aud = await env.DB.prepare(
      `SELECT data FROM audit_log WHERE tenant_id = ? AND action = 'contact.erased'`,
    )
      .bind(t.tenantId)
      .first<{ data: string }>();
    expect(JSON.parse(aud!.data)).toMatchObject({ contactId, conversations: 2 });
    expect(aud!.data).not.toContain("erase.me");
    const left = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM audit_log WHERE tenant_id = ? AND data LIKE '%erase.me%'`,
    )
      .bind(t.tenantId)
      .first<{ n: number }>();
    expect(left!.n).toBe(0);
  });

  it("should delete nothing from D1 when a conversation object cannot be erased, so a retry works", async () => {
    const { auth, contactId, convs, store } = await richContact();
    store.failErase.add(convs[1]);
    await expect(eraseContact(quietEnv, store, auth, contactId)).rejects.toMatchObject({
      code: "ERASURE_INCOMPLETE",
    });
    expect(await traces([contactId])).toMatchObject({ contacts: 1 });
    store.failErase.clear();
    await eraseContact(quietEnv, store, auth, contactId);
    expect(await traces([contactId, ...convs])).toEqual({});
  });

  it("should not erase another tenant's contact", async () => {
    const { contactId, store } = await richContact();
    const intruder = await signupTenant();
    await expect(
      eraseContact(
        quietEnv,
        store,
        {
          tenantId: intruder.tenantId,
          userId: intruder.userId,
          role: "owner",
          apiKeyId: null,
          email: null,
        },
        contactId,
      ),
    ).rejects.toMatchObject({ code: "CONTACT_NOT_FOUND" });
    expect(await traces([contactId])).toMatchObject({ contacts: 1 });
  });
});

describe("retention", () => {
  it("should erase resolved conversations past the tenant's retention and keep the rest", async () => {
    const t = await signupTenant();
    const auth: Auth = {
      tenantId: t.tenantId,
      userId: t.userId,
      role: "owner",
      apiKeyId: null,
      email: null,
    };
    const day = 86_400_000;
    const now = T0 + 100 * day;
    const contactId = await seedContact(t.tenantId);
    const old = await seedConversation(t.tenantId, contactId, {
      status: "resolved",
      createdAt: T0,
      resolvedAt: T0 + 1000,
      lastMessageAt: T0 + 1000,
    });
    const openOld = await seedConversation(t.tenantId, contactId, {
      status: "waiting",
      createdAt: T0,
      lastMessageAt: T0,
    });
    const recent = await seedConversation(t.tenantId, contactId, {
      status: "resolved",
      createdAt: now - day,
      resolvedAt: now - day,
      lastMessageAt: now - day,
    });
    await env.MEDIA.put(`${mediaPrefix(t.tenantId, old)}a.jpg`, "x");
    const store = fakeStore({ [old]: [message(old, 1, "bye")] });
    const run = (id: string, startedAt: number, status: string) =>
      env.DB.prepare(
        `INSERT INTO workflow_runs (id, tenant_id, workflow_id, conversation_id, event_key, status, started_at) VALUES (?, ?, 'wf_x', ?, ?, ?, ?)`,
      )
        .bind(id, t.tenantId, recent, id, status, startedAt)
        .run();
    await run("wfr_old", now - 91 * day, "succeeded");
    await run("wfr_parked", now - 91 * day, "waiting");
    await run("wfr_new", now - day, "failed");
    await setRetention(db(), auth, {
      conversationsDays: 30,
      unansweredQuestionsDays: null,
      webhookDeliveriesDays: 30,
      workflowRunsDays: 90,
    });
    await applyRetention(env, store, now);
    expect(store.erased).toEqual([old]);
    expect(await traces([old])).toEqual({});
    expect(await traces([openOld, recent])).toMatchObject({ conversations: 2 });
    expect(await r2Keys(mediaPrefix(t.tenantId, old))).toEqual([]);
    const runs = await env.DB.prepare(
      `SELECT id FROM workflow_runs WHERE tenant_id = ? ORDER BY id`,
    )
      .bind(t.tenantId)
      .all<{ id: string }>();
    expect(runs.results.map((r) => r.id)).toEqual(["wfr_new", "wfr_parked"]);
    const actions = await env.DB.prepare(
      `SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY created_at`,
    )
      .bind(t.tenantId)
      .all<{ action: string }>();
    expect(actions.results.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "settings.retention_changed",
        "retention.applied",
        "retention.trimmed",
      ]),
    );
  });
});
