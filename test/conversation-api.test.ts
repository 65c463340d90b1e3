import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import type { ConversationDO } from "../durable-objects/conversation-do";
import type { ConversationStore } from "../durable-objects/conversation/store";
import type { ConversationDetail, ConversationSummary } from "../workers/wire/conversations";
import { addChannel, clientId, inbound, readMessages } from "./engine-helpers";
import { addMember, call, errorOf, signupTenant } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

type List = {
  conversations: ConversationSummary[];
  nextCursor: string | null;
  counts: Record<string, number>;
};
const list = async (cookie: string, query = "") =>
  (await (await call("GET", `/api/conversations?${query}`, { cookie })).json()) as List;
const detail = async (cookie: string, id: string) =>
  (
    (await (await call("GET", `/api/conversations/${id}`, { cookie })).json()) as {
      conversation: ConversationDetail;
    }
  ).conversation;
const post = (cookie: string, path: string, body?: unknown) => call("POST", path, { cookie, body });

describe("conversation API", () => {
  it("should list, filter, search and page conversations with view counts", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const tg = await addChannel(owner.tenantId, "telegram");
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const c1 = await inbound(owner.tenantId, tg, "telegram", "alice", ["Where is parcel 991?"]);
    const c2 = await inbound(
      owner.tenantId,
      wa,
      "whatsapp",
      "bruno",
      ["Hallo, ich habe eine Frage"],
      { language: "de" },
    );
    const c3 = await inbound(owner.tenantId, tg, "telegram", "chen", ["refund please"]);
    await post(agent.cookie, `/api/conversations/${c3}/takeover`);
    await post(agent.cookie, `/api/conversations/${c2}/tags`, { add: ["VIP", "billing"] });
    const all = await list(owner.cookie);
    expect(all.conversations.map((c) => c.id).sort()).toEqual([c1, c2, c3].sort());
    expect(all.counts).toEqual({ mine: 0, unassigned: 2, waiting: 0, all: 3 });
    expect((await list(agent.cookie, "view=mine")).conversations.map((c) => c.id)).toEqual([c3]);
    expect((await list(owner.cookie, "channel=whatsapp")).conversations.map((c) => c.id)).toEqual([
      c2,
    ]);
    expect((await list(owner.cookie, "tag=vip")).conversations.map((c) => c.id)).toEqual([c2]);
    expect((await list(owner.cookie, "language=de")).conversations.map((c) => c.id)).toEqual([c2]);
    expect(
      (await list(owner.cookie, `assignee=${agent.userId}`)).conversations.map((c) => c.id),
    ).toEqual([c3]);
    expect((await list(owner.cookie, "status=assigned")).conversations.map((c) => c.id)).toEqual([
      c3,
    ]);
    expect((await list(owner.cookie, "q=parcel%20991")).conversations.map((c) => c.id)).toEqual([
      c1,
    ]);
    expect((await list(owner.cookie, "q=bruno")).conversations.map((c) => c.id)).toEqual([c2]);
    const page1 = await list(owner.cookie, "limit=2");
    const page2 = await list(owner.cookie, `limit=2&cursor=${page1.nextCursor}`);
    expect(page1.conversations).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    expect([...page1.conversations, ...page2.conversations].map((c) => c.id).sort()).toEqual(
      [c1, c2, c3].sort(),
    );
    expect(
      (await call("GET", "/api/conversations?cursor=garbage", { cookie: owner.cookie })).status,
    ).toBe(422);
    expect(
      (await call("GET", "/api/conversations?view=everything", { cookie: owner.cookie })).status,
    ).toBe(422);
  });

  it("should page messages backwards and forwards", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(
      owner.tenantId,
      tg,
      "telegram",
      "pat",
      Array.from({ length: 7 }, (_, i) => `m${i + 1}`),
    );
    expect((await readMessages(owner.cookie, id, "limit=3")).map((m) => m.seq)).toEqual([5, 6, 7]);
    expect((await readMessages(owner.cookie, id, "limit=3&before=5")).map((m) => m.seq)).toEqual([
      2, 3, 4,
    ]);
    expect((await readMessages(owner.cookie, id, "limit=3&after=4")).map((m) => m.seq)).toEqual([
      5, 6, 7,
    ]);
    expect(
      (
        await call("GET", `/api/conversations/${id}/messages?before=3&after=1`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(422);
  });

  it("should take over on an agent reply, keep notes private, and make retries with the same clientId safe", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", "sam", ["hello"]);
    const note = await post(agent.cookie, `/api/conversations/${id}/messages`, {
      clientId: clientId(),
      text: "check order history",
      note: true,
    });
    expect(note.status).toBe(201);
    expect((await detail(owner.cookie, id)).status).toBe("bot");
    const body = { clientId: clientId(), text: "Hi Sam, looking into it." };
    const first = (await (
      await post(agent.cookie, `/api/conversations/${id}/messages`, body)
    ).json()) as { message: { id: string; delivery: unknown } };
    const retry = (await (
      await post(agent.cookie, `/api/conversations/${id}/messages`, body)
    ).json()) as { message: { id: string } };
    expect(retry.message.id).toBe(first.message.id);
    expect(first.message.delivery).toEqual({ status: "pending", error: null });
    const d = await detail(owner.cookie, id);
    expect(d).toMatchObject({ status: "assigned", assigneeId: agent.userId, humanMessageCount: 1 });
    expect(d.firstHumanResponseAt).toBeTypeOf("number");
    const msgs = await readMessages(owner.cookie, id);
    expect(msgs.filter((m) => m.author.type === "agent").map((m) => m.kind)).toEqual([
      "note",
      "text",
    ]);
    expect(msgs.find((m) => m.kind === "event")?.meta).toMatchObject({
      from: "bot",
      to: "assigned",
      reason: "agent_replied",
    });
  });

  it("should answer oversize, malformed and empty messages with 413/422 and store nothing", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", "kim", ["hi"]);
    const path = `/api/conversations/${id}/messages`;
    const tooLong = await post(owner.cookie, path, {
      clientId: clientId(),
      text: "z".repeat(4001),
    });
    expect(tooLong.status).toBe(422);
    expect(JSON.stringify((await errorOf(tooLong)).details)).toMatch(/4000/);
    const huge = await call("POST", path, {
      cookie: owner.cookie,
      rawBody: JSON.stringify({ clientId: clientId(), text: "z".repeat(1_100_000) }),
      headers: { "content-type": "application/json" },
    });
    expect(huge.status).toBe(413);
    expect((await post(owner.cookie, path, { clientId: clientId(), text: "   " })).status).toBe(
      422,
    );
    expect(
      (await post(owner.cookie, path, { clientId: clientId(), text: "x", bcc: "all" })).status,
    ).toBe(422);
    expect((await post(owner.cookie, path, { text: "no client id" })).status).toBe(422);
    expect(await readMessages(owner.cookie, id)).toHaveLength(1);
    expect((await detail(owner.cookie, id)).status).toBe("bot");
  });

  it("should take over, hand back, assign, transfer, resolve and reopen, refusing impossible transitions with 409", async () => {
    const owner = await signupTenant();
    const a = await addMember(owner, "agent");
    const b = await addMember(owner, "agent");
    const viewer = await addMember(owner, "viewer");
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", "lee", ["help"]);
    const base = `/api/conversations/${id}`;
    expect((await post(a.cookie, `${base}/handback`)).status).toBe(409);
    expect((await post(a.cookie, `${base}/reopen`)).status).toBe(409);
    expect(
      (
        (await (await post(a.cookie, `${base}/takeover`)).json()) as {
          conversation: ConversationDetail;
        }
      ).conversation,
    ).toMatchObject({ status: "assigned", assigneeId: a.userId });
    expect((await detail(owner.cookie, id)).status).toBe("assigned");
    expect((await post(a.cookie, `${base}/handback`)).status).toBe(200);
    expect(await detail(owner.cookie, id)).toMatchObject({ status: "bot", assigneeId: null });
    expect(
      (
        (await (await post(owner.cookie, `${base}/assign`, { assigneeId: a.userId })).json()) as {
          conversation: ConversationDetail;
        }
      ).conversation.assigneeId,
    ).toBe(a.userId);
    expect((await post(a.cookie, `${base}/assign`, { assigneeId: b.userId })).status).toBe(200);
    expect((await detail(owner.cookie, id)).assigneeId).toBe(b.userId);
    expect((await post(owner.cookie, `${base}/assign`, { assigneeId: viewer.userId })).status).toBe(
      422,
    );
    expect((await post(owner.cookie, `${base}/assign`, { assigneeId: "usr_nobody" })).status).toBe(
      404,
    );
    expect((await post(b.cookie, `${base}/resolve`)).status).toBe(200);
    const resolved = await detail(owner.cookie, id);
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt).toBeTypeOf("number");
    expect((await post(b.cookie, `${base}/resolve`)).status).toBe(409);
    expect((await post(b.cookie, `${base}/takeover`)).status).toBe(409);
    expect(
      (
        (await (await post(a.cookie, `${base}/reopen`)).json()) as {
          conversation: ConversationDetail;
        }
      ).conversation,
    ).toMatchObject({ status: "assigned", assigneeId: a.userId, resolvedAt: null });
    const events = (await readMessages(owner.cookie, id))
      .filter((m) => m.kind === "event")
      .map((m) => `${m.meta.from}>${m.meta.to}:${m.meta.reason}`);
    expect(events).toEqual([
      "bot>assigned:takeover",
      "assigned>bot:handback",
      "bot>assigned:assigned",
      "assigned>assigned:assigned",
      "assigned>resolved:resolved",
      "resolved>assigned:reopened",
    ]);
    const snap = await runInDurableObject(
      env.CONVERSATION.get(
        env.CONVERSATION.idFromName(id),
      ) as unknown as DurableObjectStub<ConversationDO>,
      (instance) => instance.snapshot(),
    );
    expect(snap.ok && snap.value.transitions.map((t) => t.reason)).toEqual([
      "takeover",
      "handback",
      "assigned",
      "assigned",
      "resolved",
      "reopened",
    ]);
  });

  it("should let viewers read but not act, and change nothing when they try", async () => {
    const owner = await signupTenant();
    const viewer = await addMember(owner, "viewer");
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", "vi", ["hi"]);
    expect((await call("GET", `/api/conversations/${id}`, { cookie: viewer.cookie })).status).toBe(
      200,
    );
    expect((await list(viewer.cookie)).conversations[0].contact).not.toHaveProperty("email");
    for (const action of ["takeover", "handback", "resolve", "reopen"]) {
      const res = await post(viewer.cookie, `/api/conversations/${id}/${action}`);
      expect(res.status).toBe(403);
    }
    expect(
      (
        await post(viewer.cookie, `/api/conversations/${id}/messages`, {
          clientId: clientId(),
          text: "hi",
        })
      ).status,
    ).toBe(403);
    expect(
      (await post(viewer.cookie, `/api/conversations/${id}/tags`, { add: ["x"] })).status,
    ).toBe(403);
    expect(
      (await call("PUT", "/api/presence", { cookie: viewer.cookie, body: { status: "online" } }))
        .status,
    ).toBe(403);
    expect((await call("GET", "/api/dead-letters", { cookie: viewer.cookie })).status).toBe(403);
    expect(await detail(owner.cookie, id)).toMatchObject({ status: "bot", tags: [] });
    expect(await readMessages(owner.cookie, id)).toHaveLength(1);
  });

  it("should refuse replies after a WhatsApp contact's 24-hour window closed, but keep notes possible", async () => {
    const owner = await signupTenant();
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const id = await inbound(owner.tenantId, wa, "whatsapp", "+4915100000", ["hello"]);
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(id));
    // Time travel: the contact last wrote 25 hours ago.
    await runInDurableObject(stub, (instance) => {
      const store = (instance as unknown as { commands: { store: ConversationStore } }).commands
        .store;
      const s = store.state()!;
      s.lastInboundAt = Date.now() - 25 * 3600_000;
      store.saveState(s);
    });
    const res = await post(owner.cookie, `/api/conversations/${id}/messages`, {
      clientId: clientId(),
      text: "late reply",
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("WINDOW_CLOSED");
    expect(
      (
        await post(owner.cookie, `/api/conversations/${id}/messages`, {
          clientId: clientId(),
          text: "remember to follow up",
          note: true,
        })
      ).status,
    ).toBe(201);
  });

  it("should answer 404 on every route when tenant A names tenant B's conversation", async () => {
    const a = await signupTenant("A");
    const b = await signupTenant("B");
    const tg = await addChannel(b.tenantId, "telegram");
    const id = await inbound(b.tenantId, tg, "telegram", "secret", ["B's private message"]);
    const attempts: [string, string, unknown?][] = [
      ["GET", `/api/conversations/${id}`],
      ["GET", `/api/conversations/${id}/messages`],
      ["POST", `/api/conversations/${id}/messages`, { clientId: clientId(), text: "hijack" }],
      ["POST", `/api/conversations/${id}/takeover`],
      ["POST", `/api/conversations/${id}/handback`],
      ["POST", `/api/conversations/${id}/resolve`],
      ["POST", `/api/conversations/${id}/reopen`],
      ["POST", `/api/conversations/${id}/assign`, { assigneeId: a.userId }],
      ["POST", `/api/conversations/${id}/tags`, { add: ["mine"] }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, { cookie: a.cookie, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await errorOf(res)).code).toBe("CONVERSATION_NOT_FOUND");
    }
    expect((await list(a.cookie)).conversations).toHaveLength(0);
    expect(
      (await post(b.cookie, `/api/conversations/${id}/assign`, { assigneeId: a.userId })).status,
    ).toBe(404);
    expect(await detail(b.cookie, id)).toMatchObject({ status: "bot", tags: [], assigneeId: null });
    expect((await readMessages(b.cookie, id)).map((m) => m.text)).toEqual(["B's private message"]);
  });
});
