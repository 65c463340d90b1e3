import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { hmacSha256, toHex } from "../workers/lib/crypto";
import {
  clientId,
  messagesOf,
  openSocket,
  readMessages,
  waitFor,
  widgetChannel,
  widgetSession,
} from "./engine-helpers";
import { addMember, call, errorOf, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

async function startChat(owner: Caller, texts: string[]) {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  const ready = await sock.next((f) => f.type === "ready");
  for (const text of texts) {
    sock.send({ type: "message", clientId: clientId(), text });
    await sock.next((f) => f.type === "message" && f.message.text === text, `echo of ${text}`);
  }
  // Before the first message the conversation does not exist yet; the socket already knows its id.
  const row = await env.DB.prepare("SELECT id FROM conversations WHERE tenant_id = ?")
    .bind(owner.tenantId)
    .first<{ id: string }>();
  if (texts.length) expect(row?.id).toBe(ready.type === "ready" && ready.conversation.id);
  return {
    sock,
    token: visitorToken,
    conversationId: ready.type === "ready" ? ready.conversation.id : "",
  };
}

describe("conversation sockets", () => {
  it("should resume a reconnecting client with exactly the messages after its last seq", async () => {
    const owner = await signupTenant();
    const { sock, token, conversationId } = await startChat(owner, ["one", "two", "three"]);
    sock.close();
    for (const text of ["agent reply A", "agent reply B"]) {
      expect(
        (
          await call("POST", `/api/conversations/${conversationId}/messages`, {
            cookie: owner.cookie,
            body: { clientId: clientId(), text },
          })
        ).status,
      ).toBe(201);
    }
    await call("POST", `/api/conversations/${conversationId}/messages`, {
      cookie: owner.cookie,
      body: { clientId: clientId(), text: "private: VIP customer", note: true },
    });
    const all = await readMessages(owner.cookie, conversationId);
    const resumed = await openSocket(`/ws/widget?token=${token}&after=3`);
    const ready = await resumed.next((f) => f.type === "ready");
    expect(ready.type === "ready" && ready.lastSeq).toBe(all[all.length - 1].seq);
    // A live message after the replay: once a socket has it, the replay is complete.
    const live = async (text: string) => {
      const res = await call("POST", `/api/conversations/${conversationId}/messages`, {
        cookie: owner.cookie,
        body: { clientId: clientId(), text },
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { message: { seq: number } }).message.seq;
    };
    const first = await live("live one");
    await resumed.next((f) => f.type === "message" && f.message.seq === first, "live one");
    const expected = all.filter((m) => m.seq > 3 && m.kind !== "note").map((m) => m.seq);
    expect(messagesOf(resumed.frames).map((m) => m.seq)).toEqual([...expected, first]);
    expect(messagesOf(resumed.frames).map((m) => m.text)).toEqual(
      expect.arrayContaining(["agent reply A", "agent reply B"]),
    );
    expect(JSON.stringify(resumed.frames)).not.toContain("VIP customer");
    const agent = await openSocket(`/ws/conversations/${conversationId}?after=3`, owner.cookie);
    await agent.next((f) => f.type === "ready");
    const second = await live("live two");
    await agent.next((f) => f.type === "message" && f.message.seq === second, "live two");
    expect(messagesOf(agent.frames).map((m) => m.seq)).toEqual([
      ...all.filter((m) => m.seq > 3).map((m) => m.seq),
      first,
      second,
    ]);
  });

  it("should close a socket that sends garbage with 1008 and leave the conversation unharmed", async () => {
    const owner = await signupTenant();
    const { sock, token, conversationId } = await startChat(owner, ["before garbage"]);
    sock.send("this is not json");
    const err = await sock.next((f) => f.type === "error", "error frame");
    expect(err).toMatchObject({ code: "INVALID_JSON" });
    sock.send({ type: "launch_missiles" });
    sock.send({ type: "message", clientId: "short" });
    await waitFor(() => sock.closed, "close");
    expect(sock.closed).toMatchObject({ code: 1008, reason: "too many invalid frames" });
    const again = await openSocket(`/ws/widget?token=${token}`);
    await again.next((f) => f.type === "ready");
    again.send({ type: "message", clientId: clientId(), text: "after garbage" });
    await again.next((f) => f.type === "message" && f.message.text === "after garbage");
    expect((await readMessages(owner.cookie, conversationId)).map((m) => m.text)).toEqual([
      "before garbage",
      "after garbage",
    ]);
  });

  it("should close a flooding socket with 1008 and an oversized frame with 1009", async () => {
    const owner = await signupTenant();
    const { sock, token } = await startChat(owner, []);
    for (let i = 0; i < 200; i++) sock.send({ type: "ping" });
    await waitFor(() => sock.closed, "flood close");
    expect(sock.closed).toMatchObject({ code: 1008, reason: "rate limit exceeded" });
    const big = await openSocket(`/ws/widget?token=${token}`);
    await big.next((f) => f.type === "ready");
    big.send(JSON.stringify({ type: "message", clientId: clientId(), text: "x".repeat(20_000) }));
    await waitFor(() => big.closed, "size close");
    expect(big.closed?.code).toBe(1009);
  });

  it("should refuse a message over 4000 characters with an error frame and store nothing", async () => {
    const owner = await signupTenant();
    const { sock, conversationId } = await startChat(owner, ["ok"]);
    sock.send({ type: "message", clientId: clientId(), text: "y".repeat(4001) });
    const err = await sock.next((f) => f.type === "error");
    expect(err).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(sock.closed).toBeNull();
    expect(await readMessages(owner.cookie, conversationId)).toHaveLength(1);
  });

  it("should store a re-sent frame once, relay typing to the other side, and keep supervisors read-only", async () => {
    const owner = await signupTenant();
    const viewer = await addMember(owner, "viewer");
    const { sock, conversationId } = await startChat(owner, ["hello"]);
    const agent = await openSocket(`/ws/conversations/${conversationId}`, owner.cookie);
    const supervisor = await openSocket(`/ws/conversations/${conversationId}`, viewer.cookie);
    expect(await supervisor.next((f) => f.type === "ready")).toMatchObject({ role: "supervisor" });
    const frame = { type: "message", clientId: clientId(), text: "sent twice" };
    sock.send(frame);
    sock.send(frame);
    sock.send({ type: "typing", on: true });
    const typing = await agent.next((f) => f.type === "typing", "typing at the agent");
    expect(typing).toMatchObject({ from: "shopper", on: true });
    supervisor.send({
      type: "message",
      clientId: clientId(),
      text: "I should not be able to say this",
    });
    expect(await supervisor.next((f) => f.type === "error")).toMatchObject({ code: "FORBIDDEN" });
    agent.send({ type: "message", clientId: clientId(), text: "internal", note: true });
    await agent.next((f) => f.type === "message" && f.message.kind === "note");
    // A socket gets its frames in order: once the shopper has the reply sent after the note, the note had its chance.
    agent.send({ type: "message", clientId: clientId(), text: "after the note" });
    await sock.next(
      (f) => f.type === "message" && f.message.text === "after the note",
      "the reply after the note at the shopper",
    );
    await supervisor.next(
      (f) => f.type === "message" && f.message.kind === "note",
      "the note at the supervisor",
    );
    const msgs = await readMessages(owner.cookie, conversationId);
    expect(msgs.filter((m) => m.text === "sent twice")).toHaveLength(1);
    expect(msgs.some((m) => m.text.includes("should not"))).toBe(false);
    expect(sock.frames.some((f) => f.type === "typing")).toBe(false);
    expect(messagesOf(sock.frames).some((m) => m.kind === "note")).toBe(false);
    expect(messagesOf(supervisor.frames).some((m) => m.kind === "note")).toBe(true);
  });

  it("should give identified visitors the same conversation on any device and refuse a forged hash", async () => {
    const owner = await signupTenant();
    const { identitySecret } = await widgetChannel(owner.tenantId);
    const hash = toHex(await hmacSha256(identitySecret, "customer-7"));
    const laptop = await widgetSession(owner, {
      identity: { userId: "customer-7", hash, name: "Grace", email: "grace@example.com" },
    });
    const sock = await openSocket(`/ws/widget?token=${laptop.visitorToken}`);
    await sock.next((f) => f.type === "ready");
    sock.send({ type: "message", clientId: clientId(), text: "from my laptop" });
    await sock.next((f) => f.type === "message");
    const phone = await widgetSession(owner, { identity: { userId: "customer-7", hash } });
    expect(phone.conversationId).toBeTruthy();
    const phoneSock = await openSocket(`/ws/widget?token=${phone.visitorToken}`);
    await phoneSock.next(
      (f) => f.type === "message" && f.message.text === "from my laptop",
      "history on the phone",
    );
    const forged = await call("POST", "/api/widget/session", {
      body: {
        publicKey: owner.publicKey,
        identity: { userId: "customer-7", hash: "0".repeat(64) },
      },
    });
    expect(forged.status).toBe(401);
    expect((await errorOf(forged)).code).toBe("INVALID_SIGNATURE");
    const anon = await widgetSession(owner);
    expect(anon.conversationId).toBeNull();
  });

  it("should refuse sockets without a valid token, for another tenant, or without an upgrade", async () => {
    const a = await signupTenant("A");
    const b = await signupTenant("B");
    const { conversationId } = await startChat(b, ["secret of B"]);
    expect(
      (
        await call("GET", "/ws/widget?token=vt1.forged.token", {
          headers: { upgrade: "websocket" },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await call("GET", `/ws/conversations/${conversationId}`, {
          headers: { upgrade: "websocket" },
          cookie: a.cookie,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call("GET", `/ws/conversations/${conversationId}`, {
          headers: { upgrade: "websocket" },
        })
      ).status,
    ).toBe(401);
    expect(
      (await call("GET", `/ws/conversations/${conversationId}`, { cookie: b.cookie })).status,
    ).toBe(426);
    expect(
      (await call("POST", "/api/widget/session", { body: { publicKey: "pk_unknown" } })).status,
    ).toBe(404);
  });
});
