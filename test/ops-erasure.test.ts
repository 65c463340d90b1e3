/** Export and erasure against real conversation objects: messages come from the DO, and erasure leaves nothing behind. */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handoverResponder, setAiResponder } from "./ai-responder";
import { conversationStub } from "../durable-objects/rpc";
import { addChannel, inbound, searchIndexed, shardRows, waitFor } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";
import { recordSends } from "./recording-channel";

let restore = () => {};

beforeEach(() => {
  // Telegram sends are accepted locally (no network); the AI hands over, so a review item is made.
  setAiResponder(handoverResponder);
  ({ restore } = recordSends("telegram"));
});
afterEach(() => {
  restore();
  setAiResponder(null);
});

/** A contact with a live telegram conversation that workflows, tags, analytics and the inbox all touched. */
async function busyContact(owner: Caller) {
  expect(
    (
      await call("POST", "/api/workflows/from-template", {
        cookie: owner.cookie,
        body: { templateId: "welcome-by-language" },
      })
    ).status,
  ).toBe(201);
  const tg = await addChannel(owner.tenantId, "telegram");
  const conversationId = await inbound(
    owner.tenantId,
    tg,
    "telegram",
    `tg-${crypto.randomUUID()}`,
    ["hola, necesito ayuda con mi pedido"],
    { language: "es" },
  );
  expect(
    (
      await call("POST", `/api/conversations/${conversationId}/tags`, {
        cookie: owner.cookie,
        body: { add: ["vip"] },
      })
    ).status,
  ).toBe(200);
  const { contact_id: contactId } = (await env.DB.prepare(
    "SELECT contact_id FROM conversations WHERE id = ?",
  )
    .bind(conversationId)
    .first<{ contact_id: string }>())!;
  // Everything ops derives from the events has landed (the welcome run, the rollup facts in the shard, the handover review item).
  await waitFor(async () => {
    const n = await env.DB.prepare(
      `SELECT (SELECT count(*) FROM workflow_runs WHERE conversation_id = ?1) AS runs,
              (SELECT count(*) FROM review_items WHERE conversation_id = ?1) AS reviews`,
    )
      .bind(conversationId)
      .first<{ runs: number; reviews: number }>();
    const facts = await shardFacts(owner.tenantId, conversationId);
    return n && n.runs > 0 && facts > 0 && n.reviews > 0;
  }, "ops effects of the conversation's events");
  return { conversationId, contactId };
}

const shardFacts = async (tenantId: string, conversationId: string) =>
  (
    await shardRows<{ n: number }>(
      tenantId,
      "SELECT (SELECT count(*) FROM conv_facts WHERE conversation_id = ?1) + (SELECT count(*) FROM conv_index WHERE id = ?1) AS n",
      conversationId,
    )
  )[0].n;

async function exportLines(
  owner: Caller,
): Promise<
  { type: string; conversation_id?: string; text?: string; author_type?: string; errors?: number }[]
> {
  const res = await call("GET", "/api/export?resources=messages", { cookie: owner.cookie });
  expect(res.status).toBe(200);
  return (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

describe("export and erasure with real conversation objects", () => {
  it("should export every message of a conversation, read from its object", async () => {
    const owner = await signupTenant();
    const { conversationId } = await busyContact(owner);
    const lines = await exportLines(owner);
    const messages = lines.filter(
      (l) => l.type === "message" && l.conversation_id === conversationId,
    );
    expect(messages.map((m) => [m.author_type, m.text])).toEqual(
      expect.arrayContaining([
        ["shopper", "hola, necesito ayuda con mi pedido"],
        ["system", "¡Hola! 👋 ¿En qué podemos ayudarte hoy?"],
        ["ai", "I'll get a person to help you."],
      ]),
    );
    expect(lines.at(-1)).toMatchObject({ type: "end", errors: 0 });
  });

  it("should erase a contact's rows, conversation storage and media, leaving other contacts alone", async () => {
    const owner = await signupTenant();
    const { conversationId, contactId } = await busyContact(owner);
    const other = await busyContact(owner);
    const t = owner.tenantId;
    await env.MEDIA.put(`media/${t}/${conversationId}/photo.jpg`, "jpeg bytes");
    await env.MEDIA.put(`media/${t}/contacts/${contactId}/passport.pdf`, "pdf bytes");
    await env.MEDIA.put(`media/${t}/${other.conversationId}/keep.jpg`, "other contact's bytes");

    // The search index has the contact's words before, and nothing of them after.
    await waitFor(
      async () =>
        (await searchIndexed(t, conversationId)) > 0 &&
        (await searchIndexed(t, other.conversationId)) > 0,
      "messages indexed",
    );
    const res = await call("POST", `/api/contacts/${contactId}/erase`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { receipt: Record<string, number> }).receipt).toMatchObject({
      conversations: 1,
      objectsErased: 1,
      mediaDeleted: 2,
    });

    const tables = [
      "message_search",
      "conversation_tags",
      "message_refs",
      "unanswered_questions",
      "email_threads",
      "review_items",
      "workflow_runs",
      "workflow_scheduled_steps",
      "webhook_deliveries",
      "analytics_conversation_facts",
      "contact_identities",
    ];
    for (const table of tables) {
      const n = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE conversation_id = ?`)
        .bind(conversationId)
        .first<{ n: number }>();
      expect([table, n?.n]).toEqual([table, 0]);
    }
    for (const table of [
      "contacts WHERE id",
      "conversations WHERE contact_id",
      "contact_identities WHERE contact_id",
      "contact_opt_ins WHERE contact_id",
      "broadcast_recipients WHERE contact_id",
    ]) {
      const n = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} = ?`)
        .bind(contactId)
        .first<{ n: number }>();
      expect([table, n?.n]).toEqual([table, 0]);
    }
    // Nothing of theirs is left in the shard's index and facts; the other contact's are.
    expect(await shardFacts(t, conversationId)).toBe(0);
    expect(await shardFacts(t, other.conversationId)).toBe(2);
    // Nothing of theirs is left in the tenant's search index; the other contact's messages are.
    expect(await searchIndexed(t, conversationId)).toBe(0);
    expect(await searchIndexed(t, other.conversationId)).toBeGreaterThan(0);
    // No text is left in the D1 full-text table (from before the shards) without its (deleted) index row.
    expect(
      (await env.DB.prepare(
        "SELECT count(*) AS n FROM message_fts WHERE rowid NOT IN (SELECT id FROM message_search)",
      ).first<{ n: number }>())!.n,
    ).toBe(0);
    // The object holds nothing: no messages through RPC, no rows in its storage, no alarm.
    const stub = conversationStub(env, conversationId);
    expect(await stub.listMessages({ after: 0, limit: 100 })).toEqual([]);
    expect(await stub.snapshot()).toMatchObject({ ok: false, code: "CONVERSATION_NOT_FOUND" });
    const left = await runInDurableObject(
      env.CONVERSATION.get(env.CONVERSATION.idFromName(conversationId)),
      async (_o, state) => ({
        rows: ["kv", "messages", "transitions", "participants", "outbox", "timers"].map((tb) =>
          Number(state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${tb}`).one().n),
        ),
        alarm: await state.storage.getAlarm(),
      }),
    );
    expect(left).toEqual({ rows: [0, 0, 0, 0, 0, 0], alarm: null });
    expect((await env.MEDIA.list({ prefix: `media/${t}/${conversationId}/` })).objects).toEqual([]);
    expect((await env.MEDIA.list({ prefix: `media/${t}/contacts/${contactId}/` })).objects).toEqual(
      [],
    );

    // The other contact keeps everything.
    expect(
      (await env.MEDIA.list({ prefix: `media/${t}/${other.conversationId}/` })).objects,
    ).toHaveLength(1);
    expect(
      (await conversationStub(env, other.conversationId).listMessages({ after: 0, limit: 100 }))
        .length,
    ).toBeGreaterThan(0);
    expect(
      (await call("GET", `/api/contacts/${other.contactId}`, { cookie: owner.cookie })).status,
    ).toBe(200);
    // The inbox no longer queues the erased conversation.
    const inbox = await env.INBOX.get(env.INBOX.idFromName(t)).snapshot();
    expect(inbox.queue.map((q) => q.conversationId)).not.toContain(conversationId);
    expect(inbox.queue.map((q) => q.conversationId)).toContain(other.conversationId);
  });
});
