/**
 * The message hot path: the conversation object writes its index row to the tenant's shard and sends its
 * events coalesced (at most once a second per conversation, events batched in one job), writes D1 no
 * index row per message, and what ops derive from them (search, usage, analytics facts, workflows) is the
 * same as one job per message gave.
 */
import { env } from "cloudflare:workers";
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FLUSH_MS } from "../durable-objects/conversation/commands";
import { Conversation } from "../durable-objects/conversation/conversation-core";
import { Scheduler } from "../durable-objects/conversation/scheduler";
import { ConversationStore } from "../durable-objects/conversation/store";
import { conversationStub, shardStub } from "../durable-objects/rpc";
import { utcDay } from "../workers/analytics/usage";
import type { NormalizedEvent } from "../workers/wire/queue";
import { setAiResponder } from "./ai-responder";
import { indexWritesOf, jobsOf } from "./binding-tap";
import {
  addChannel,
  inbound,
  messageEvent,
  readMessages,
  searchIndexed,
  shardRows,
  waitFor,
} from "./engine-helpers";
import { call, signupTenant } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

/** The conversation's row in the tenant's shard, in the D1 column names the assertions use. */
const indexRow = async (tenantId: string, id: string) => {
  const r = await shardStub(env, tenantId).indexRow(id);
  return r
    ? {
        message_count: r.messageCount,
        inbound_count: r.inboundCount,
        last_message_text: r.lastMessageText,
        status: r.status,
      }
    : null;
};

/** The conversation's analytics facts in the tenant's shard. */
const shardFacts = (tenantId: string, id: string) =>
  runInDurableObject(env.TENANT_SHARD.get(env.TENANT_SHARD.idFromName(tenantId)), (_, state) => {
    const row = state.storage.sql
      .exec<{ facts: string }>("SELECT facts FROM conv_facts WHERE conversation_id = ?", id)
      .toArray()[0];
    return row ? (JSON.parse(row.facts) as Record<string, number>) : null;
  });

/** A conversation with one shopper message, its flush and its job handled. */
async function conversation() {
  const owner = await signupTenant();
  const tg = await addChannel(owner.tenantId, "telegram");
  const user = `tg-${crypto.randomUUID()}`;
  const id = await inbound(owner.tenantId, tg, "telegram", user, ["first words"]);
  await waitFor(
    async () => (await indexRow(owner.tenantId, id))?.message_count === 1,
    "first message indexed",
  );
  await waitFor(
    async () => (await searchIndexed(owner.tenantId, id)) === 1,
    "first message searchable",
  );
  return { owner, id, user };
}

describe("message hot path", () => {
  it("should write the index and send events at most twice for a burst of 20 messages, and lose none of their effects", async () => {
    const { owner, id, user } = await conversation();
    const wf = await call("POST", "/api/workflows", {
      cookie: owner.cookie,
      body: {
        name: "Refunds",
        enabled: true,
        definition: {
          trigger: { type: "message.received", keywords: ["refund"] },
          steps: [{ type: "set_attribute", target: "conversation", key: "asked", value: "refund" }],
        },
      },
    });
    expect(wf.status).toBe(201);
    const writesBefore = indexWritesOf(id);
    const jobsBefore = jobsOf(id).length;
    const stub = conversationStub(env, id);
    const texts = Array.from({ length: 20 }, (_, i) =>
      i === 7 ? "I want a refund please" : `burst message number ${i} zq${i}x`,
    );
    // Twenty separate commands, as twenty webhooks would arrive.
    const results = await Promise.all(
      texts.map((text, i) =>
        stub.ingest(null, [
          messageEvent("telegram", user, `${user}-burst-${i}`, text) as NormalizedEvent,
        ]),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);

    const messages = await readMessages(owner.cookie, id);
    const chat = messages.filter((m) => m.kind === "text" && m.author.type === "shopper");
    expect(chat).toHaveLength(21);
    const last = chat[chat.length - 1].text;
    const row = await waitFor(async () => {
      const r = await indexRow(owner.tenantId, id);
      return r?.message_count === 21 && r.last_message_text === last ? r : null;
    }, "index with the burst");
    expect(row.inbound_count).toBe(21);

    // Search finds all twenty; usage counts them once each; the workflow ran on its message.
    await waitFor(async () => (await searchIndexed(owner.tenantId, id)) === 21, "burst searchable");
    for (const i of [0, 7, 19]) {
      const res = await call(
        "GET",
        `/api/conversations?view=all&q=${encodeURIComponent(texts[i].split(" ").pop()!)}`,
        { cookie: owner.cookie },
      );
      const found = (await res.json()) as { conversations: { id: string }[] };
      expect(found.conversations.map((c) => c.id)).toEqual([id]);
    }
    await waitFor(
      async () =>
        (
          await shardRows<{ n: number }>(
            owner.tenantId,
            "SELECT value AS n FROM usage_daily WHERE day = ? AND metric = 'messages'",
            utcDay(Date.now()),
          )
        )[0]?.n === 21,
      "usage counted",
    );
    await waitFor(
      async () => (await stub.attributes()).asked === "refund",
      "workflow ran on its message",
    );
    const facts = await waitFor(() => shardFacts(owner.tenantId, id), "facts in the shard");
    expect(Object.keys(facts).some((k) => k.includes("with_inbound"))).toBe(true);

    // The burst itself: at most two index writes and two jobs, the last carrying the last message.
    const lastId = chat[chat.length - 1].id;
    const burstJobs = jobsOf(id).slice(jobsBefore);
    const upTo = burstJobs.findIndex((j) =>
      (j.body.events as { data: { messageId?: string } }[]).some(
        (e) => e.data.messageId === lastId,
      ),
    );
    expect(upTo).toBeGreaterThanOrEqual(0);
    expect(upTo + 1).toBeLessThanOrEqual(2);
    // No D1 index write for the burst: its messages change no field D1 keeps.
    expect(indexWritesOf(id) - writesBefore).toBe(0);
    const events = burstJobs
      .slice(0, upTo + 1)
      .flatMap(
        (j) =>
          j.body.events as { type: string; data: { messageId?: string; authorType?: string } }[],
      );
    expect(burstJobs.every((j) => j.body.kind === "conversation_events")).toBe(true);
    const shopper = events.filter(
      (e) => e.type === "message.created" && e.data.authorType === "shopper",
    );
    expect(shopper.map((e) => e.data.messageId)).toEqual(chat.slice(1).map((m) => m.id));
  });

  it("should write a dirty index from the alarm after the object is killed before its flush", async () => {
    const { owner, id } = await conversation();
    const stub = () => env.CONVERSATION.get(env.CONVERSATION.idFromName(id));
    // The state a kill leaves: a message saved, its flush owed (timer in storage), the shard not yet written.
    const flushedAt = await runInDurableObject(stub(), async (_, state) => {
      const store = new ConversationStore(state.storage.sql);
      const conv = new Conversation(
        store,
        store.state()!,
        { message: () => {}, frame: () => {}, cancelTurn: () => {} },
        Date.now(),
      );
      conv.append({
        authorType: "shopper",
        authorId: null,
        authorName: null,
        kind: "text",
        text: "written before the kill",
      });
      conv.save();
      await new Scheduler(state.storage).schedule("flush", Date.now() + 60_000);
      return Number(store.kv("flushedAt"));
    });
    await abortAllDurableObjects();
    expect(await indexRow(owner.tenantId, id)).toMatchObject({ message_count: 1 });
    // Once the last flush is FLUSH_MS old, the alarm of the re-created object writes the latest state.
    await waitFor(() => Date.now() >= flushedAt + FLUSH_MS, "flush interval over");
    expect(await runDurableObjectAlarm(stub())).toBe(true);
    expect(await indexRow(owner.tenantId, id)).toMatchObject({
      message_count: 2,
      last_message_text: "written before the kill",
    });
    const sent = await waitFor(
      () =>
        jobsOf(id).find((j) =>
          (j.body.events as { data: { text?: string } }[]).some(
            (e) => e.data.text === "written before the kill",
          ),
        ),
      "its event sent",
    );
    expect(sent.body.kind).toBe("conversation_events");
  });
});
