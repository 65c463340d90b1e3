import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handoverResponder, setAiResponder } from "./ai-responder";
import type { ServerFrame } from "../workers/wire/socket";
import {
  addChannel,
  clientId,
  conversationRows,
  inbound,
  openInbox,
  openSocket,
  waitFor,
  widgetSession,
  type TestSocket,
} from "./engine-helpers";
import { addMember, call, signupTenant, type Caller } from "./helpers";

// Routing is under test, not the AI: every first message is handed to a person.
beforeEach(() => setAiResponder(handoverResponder));
afterEach(() => setAiResponder(null));

async function shopperHandedOver(
  owner: Caller,
  text = "I need a human",
): Promise<{ sock: TestSocket<ServerFrame>; conversationId: string }> {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  sock.send({ type: "message", clientId: clientId(), text });
  await sock.next((f) => f.type === "state" && f.conversation.status !== "bot", "handover");
  const again = await widgetSession(owner, { visitorToken });
  return { sock, conversationId: again.conversationId! };
}

const online = (agent: Caller, status = "online") =>
  call("PUT", "/api/presence", { cookie: agent.cookie, body: { status } });
const setCapacity = (owner: Caller, user: Caller, capacity: number) =>
  call("PATCH", `/api/users/${user.userId}`, { cookie: owner.cookie, body: { capacity } });
const inboxStub = (tenantId: string) => env.INBOX.get(env.INBOX.idFromName(tenantId));

async function assigneeOf(conversationId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT assignee_id, status FROM conversations WHERE id = ?")
    .bind(conversationId)
    .first<{ assignee_id: string | null; status: string }>();
  return row?.status === "assigned" ? row.assignee_id : null;
}

describe("inbox routing", () => {
  it("should assign to the least-loaded online agent within capacity and queue the rest", async () => {
    const owner = await signupTenant();
    const a = await addMember(owner, "agent");
    const b = await addMember(owner, "agent");
    await setCapacity(owner, a, 1);
    await setCapacity(owner, b, 2);
    expect((await online(a)).status).toBe(200);
    const presence = (await (await online(b)).json()) as {
      agent: { status: string; capacity: number };
    };
    expect(presence.agent).toMatchObject({ status: "online", capacity: 2 });
    const chats: Awaited<ReturnType<typeof shopperHandedOver>>[] = [];
    for (let i = 0; i < 4; i++) chats.push(await shopperHandedOver(owner, `customer ${i}`));
    await waitFor(
      async () =>
        (await Promise.all(chats.slice(0, 3).map((c) => assigneeOf(c.conversationId)))).every(
          Boolean,
        ),
      "three assigned",
    );
    const assignees = await Promise.all(chats.map((c) => assigneeOf(c.conversationId)));
    expect(assignees.filter((x) => x === a.userId)).toHaveLength(1);
    expect(assignees.filter((x) => x === b.userId)).toHaveLength(2);
    expect(assignees[3]).toBeNull();
    await chats[3].sock.next(
      (f) =>
        f.type === "state" &&
        f.conversation.status === "waiting" &&
        f.conversation.queuePosition === 1,
      "queue position 1",
    );
    const aChat = chats[assignees.indexOf(a.userId)];
    expect(
      (
        await call("POST", `/api/conversations/${aChat.conversationId}/resolve`, {
          cookie: a.cookie,
        })
      ).status,
    ).toBe(200);
    await waitFor(
      async () => (await assigneeOf(chats[3].conversationId)) === a.userId,
      "the waiting shopper goes to the freed agent",
    );
    const assigned = await chats[3].sock.next(
      (f) => f.type === "state" && f.conversation.status === "assigned",
      "shopper told",
    );
    expect(assigned.type === "state" && assigned.conversation.assignee?.id).toBe(a.userId);
  });

  it("should tell waiting shoppers their place and move them up as the queue drains", async () => {
    const owner = await signupTenant();
    const chats: Awaited<ReturnType<typeof shopperHandedOver>>[] = [];
    for (let i = 0; i < 3; i++) chats.push(await shopperHandedOver(owner, `waiting ${i}`));
    for (const [i, c] of chats.entries())
      await c.sock.next(
        (f) => f.type === "state" && f.conversation.queuePosition === i + 1,
        `position ${i + 1}`,
      );
    expect(
      (
        await call("POST", `/api/conversations/${chats[0].conversationId}/resolve`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(200);
    await chats[1].sock.next(
      (f) => f.type === "state" && f.conversation.queuePosition === 1,
      "second moves to 1",
    );
    await chats[2].sock.next(
      (f) => f.type === "state" && f.conversation.queuePosition === 2,
      "third moves to 2",
    );
  });

  it("should reassign an agent's conversations when their console disconnects past the grace period", async () => {
    const owner = await signupTenant();
    const a = await addMember(owner, "agent");
    const b = await addMember(owner, "agent");
    const consoleA = await openInbox(a.cookie);
    const ready = await consoleA.next((f) => f.type === "ready");
    expect(ready.type === "ready" && ready.me).toMatchObject({ id: a.userId, status: "online" });
    const chat = await shopperHandedOver(owner);
    await waitFor(
      async () => (await assigneeOf(chat.conversationId)) === a.userId,
      "assigned to A",
    );
    await consoleA.next((f) => f.type === "assigned" && f.agentId === a.userId, "A's console told");
    consoleA.close();
    await online(b);
    const stub = inboxStub(owner.tenantId);
    await waitFor(
      async () =>
        runInDurableObject(
          stub,
          (_i, state) =>
            state.storage.sql
              .exec<{ d: number | null }>(
                "SELECT disconnected_at AS d FROM agents WHERE user_id = ?",
                a.userId,
              )
              .one().d !== null,
        ),
      "disconnect noted",
    );
    // Still within the grace period: a reload must not cost the agent their conversations.
    await runDurableObjectAlarm(stub);
    expect(await assigneeOf(chat.conversationId)).toBe(a.userId);
    await runInDurableObject(stub, (_i, state) => {
      state.storage.sql.exec(
        "UPDATE agents SET disconnected_at = ? WHERE user_id = ?",
        Date.now() - 60_000,
        a.userId,
      );
    });
    await runDurableObjectAlarm(stub);
    await waitFor(
      async () => (await assigneeOf(chat.conversationId)) === b.userId,
      "reassigned to B",
    );
    await chat.sock.next(
      (f) => f.type === "state" && f.reason === "agent_offline",
      "shopper sees the requeue",
    );
    const snap = await stub.snapshot();
    expect(snap.agents.find((x) => x.id === a.userId)).toMatchObject({
      status: "offline",
      active: 0,
    });
    expect(snap.agents.find((x) => x.id === b.userId)).toMatchObject({
      status: "online",
      active: 1,
    });
  });

  it("should requeue at once when an agent sets themselves offline", async () => {
    const owner = await signupTenant();
    const a = await addMember(owner, "agent");
    await online(a);
    const chat = await shopperHandedOver(owner);
    await waitFor(async () => (await assigneeOf(chat.conversationId)) === a.userId, "assigned");
    expect((await online(a, "offline")).status).toBe(200);
    // D1's row follows the conversation object's coalesced flush (within a second or so).
    const row = await waitFor(async () => {
      const r = await env.DB.prepare("SELECT status, assignee_id FROM conversations WHERE id = ?")
        .bind(chat.conversationId)
        .first<{ status: string; assignee_id: string | null }>();
      return r?.status === "assigned" ? undefined : r;
    }, "the requeue in D1's conversation row");
    expect(row).toEqual({ status: "waiting", assignee_id: null });
    expect((await inboxStub(owner.tenantId).snapshot()).queue.map((q) => q.conversationId)).toEqual(
      [chat.conversationId],
    );
  });

  it("should route by team language filters, and let anyone take what no team claims", async () => {
    const owner = await signupTenant();
    const a = await addMember(owner, "agent");
    const b = await addMember(owner, "agent");
    await env.DB.prepare(
      "INSERT INTO teams (id, tenant_id, name, languages, channels, members) VALUES (?, ?, 'German desk', '[\"de\"]', '[]', ?)",
    )
      .bind(`team_${crypto.randomUUID()}`, owner.tenantId, JSON.stringify([b.userId]))
      .run();
    await online(a);
    await online(b);
    const tg = await addChannel(owner.tenantId, "telegram");
    const german = await inbound(
      owner.tenantId,
      tg,
      "telegram",
      "hans",
      ["Wo ist meine Bestellung?"],
      { language: "de" },
    );
    await waitFor(
      async () => (await assigneeOf(german)) === b.userId,
      "German conversation to the German desk",
    );
    const english = await inbound(owner.tenantId, tg, "telegram", "jane", ["Where is my order?"], {
      language: "en",
    });
    await waitFor(
      async () => (await assigneeOf(english)) === a.userId,
      "English conversation to the less-loaded agent",
    );
    expect((await conversationRows(owner.tenantId)).map((r) => r.status)).toEqual([
      "assigned",
      "assigned",
    ]);
  });

  it("should offer a conversation to the agent whose skills match it, even when busier", async () => {
    const owner = await signupTenant();
    const a = await addMember(owner, "agent");
    const b = await addMember(owner, "agent");
    expect(
      (
        await call("PATCH", `/api/users/${b.userId}`, {
          cookie: owner.cookie,
          body: { skills: ["ja"] },
        })
      ).status,
    ).toBe(200);
    await online(a);
    await online(b);
    const tg = await addChannel(owner.tenantId, "telegram");
    const first = await inbound(owner.tenantId, tg, "telegram", "aiko", ["注文が届きません"], {
      language: "ja",
    });
    await waitFor(
      async () => (await assigneeOf(first)) === b.userId,
      "Japanese conversation to the agent with the skill",
    );
    // b is now busier than a, and still gets the next Japanese conversation; an English one goes to a.
    const second = await inbound(owner.tenantId, tg, "telegram", "kenji", ["返品したいです"], {
      language: "ja",
    });
    await waitFor(
      async () => (await assigneeOf(second)) === b.userId,
      "second Japanese conversation to the skilled agent",
    );
    const english = await inbound(owner.tenantId, tg, "telegram", "jane", ["Where is my order?"], {
      language: "en",
    });
    await waitFor(
      async () => (await assigneeOf(english)) === a.userId,
      "English conversation to the other agent",
    );
  });

  it("should push presence, queue and conversation updates to consoles, and keep viewers out of routing", async () => {
    const owner = await signupTenant();
    const viewer = await addMember(owner, "viewer");
    const watcher = await openInbox(viewer.cookie);
    const ready = await watcher.next((f) => f.type === "ready");
    expect(ready.type === "ready" && ready.me).toBeNull();
    watcher.send({ type: "presence", status: "online" });
    watcher.send({ type: "ping" });
    await watcher.next((f) => f.type === "pong");
    const chat = await shopperHandedOver(owner);
    await watcher.next(
      (f) => f.type === "queue" && f.queue.some((q) => q.conversationId === chat.conversationId),
      "queue frame",
    );
    await watcher.next(
      (f) =>
        f.type === "conversation" &&
        f.conversation.id === chat.conversationId &&
        f.conversation.status === "waiting",
      "list update",
    );
    expect((await inboxStub(owner.tenantId).snapshot()).agents).toHaveLength(0);
    // A takeover right after the handover reaches the lists too, with the index already saying so.
    const agent = await addMember(owner, "agent");
    expect(
      (
        await call("POST", `/api/conversations/${chat.conversationId}/takeover`, {
          cookie: agent.cookie,
        })
      ).status,
    ).toBe(200);
    await watcher.next(
      (f) =>
        f.type === "conversation" &&
        f.conversation.id === chat.conversationId &&
        f.conversation.status === "assigned",
      "assigned list update",
    );
    const list = (await (
      await call("GET", "/api/conversations?view=waiting", { cookie: owner.cookie })
    ).json()) as { conversations: { id: string }[] };
    expect(list.conversations.map((c) => c.id)).not.toContain(chat.conversationId);
    watcher.send("garbage");
    await watcher.next((f) => f.type === "error");
  });

  it("should announce an assignment made elsewhere to the assignee's console, with its reason", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const console = await openInbox(agent.cookie);
    await console.next((f) => f.type === "ready");
    // Away: the router leaves the handover alone, so the owner's assignment is what moves it.
    console.send({ type: "presence", status: "away" });
    const chat = await shopperHandedOver(owner);
    const res = await call("POST", `/api/conversations/${chat.conversationId}/assign`, {
      cookie: owner.cookie,
      body: { assigneeId: agent.userId },
    });
    expect(res.status).toBe(200);
    const frame = await console.next((f) => f.type === "assigned", "assigned frame");
    expect(frame).toEqual({
      type: "assigned",
      conversationId: chat.conversationId,
      agentId: agent.userId,
      reason: "assigned",
    });
  });
});
