import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { AiTurnInput, AiTurnResult } from "../workers/wire/ai-turn";
import { setAiResponder } from "./ai-responder";
import type { ServerFrame } from "../workers/wire/socket";
import { clientId, openSocket, readMessages, waitFor, widgetSession } from "./engine-helpers";
import { addMember, call, signupTenant, type Caller } from "./helpers";

afterEach(() => setAiResponder(null));

async function shopper(owner: Caller) {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  const say = async (text: string) => {
    sock.send({ type: "message", clientId: clientId(), text });
    const echo = await sock.next(
      (f) => f.type === "message" && f.message.text === text && f.message.author.type === "shopper",
      `echo of ${text}`,
    );
    return echo.type === "message" ? echo.message : null;
  };
  return { sock, say, token: visitorToken };
}

async function conversationIdOf(owner: Caller): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM conversations WHERE tenant_id = ?")
    .bind(owner.tenantId)
    .first<{ id: string }>();
  return row!.id;
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("AI turn", () => {
  it("should stream tokens, then commit one AI message with the history it was given", async () => {
    const owner = await signupTenant();
    const inputs: AiTurnInput[] = [];
    setAiResponder(async (input) => {
      inputs.push(input);
      for (const t of ["Your ", "order ", "ships today."]) input.onToken(t);
      return {
        kind: "answer",
        text: "Your order ships today.",
        citations: ["kb_1"],
        language: "en",
        tags: ["shipping"],
      };
    });
    const { sock, say } = await shopper(owner);
    await say("hi");
    await sock.next((f) => f.type === "ai_done", "first turn");
    await say("where is my order?");
    const done = await waitFor(
      () => sock.frames.filter((f) => f.type === "ai_done").length === 2,
      "second turn",
    );
    expect(done).toBe(true);
    const tokens = sock.frames.filter(
      (f): f is Extract<ServerFrame, { type: "ai_token" }> => f.type === "ai_token",
    );
    expect(
      tokens
        .slice(-3)
        .map((t) => t.token)
        .join(""),
    ).toBe("Your order ships today.");
    expect(inputs[1]).toMatchObject({ message: "where is my order?", contact: { vip: false } });
    expect(inputs[1].history.map((h) => [h.role, h.text])).toEqual([
      ["shopper", "hi"],
      ["ai", "Your order ships today."],
    ]);
    // The AI's earlier turn says what it was (the policy reads it to know whether a person was offered).
    expect(inputs[1].history.map((h) => h.kind)).toEqual([undefined, "answer"]);
    const id = await conversationIdOf(owner);
    const msgs = await readMessages(owner.cookie, id);
    expect(msgs.filter((m) => m.author.type === "ai").map((m) => m.citations)).toEqual([
      ["kb_1"],
      ["kb_1"],
    ]);
    const conv = (await (
      await call("GET", `/api/conversations/${id}`, { cookie: owner.cookie })
    ).json()) as {
      conversation: {
        tags: string[];
        firstResponseAt: number;
        firstAiResponseAt: number;
        language: string;
      };
    };
    expect(conv.conversation).toMatchObject({ tags: ["shipping"], language: "en" });
    expect(conv.conversation.firstAiResponseAt).toBe(conv.conversation.firstResponseAt);
  });

  it("should cancel an AI turn in flight when an agent takes over, and never deliver it after the agent's message", async () => {
    const owner = await signupTenant();
    const gate = deferred<void>();
    let calls = 0;
    // A responder that ignores its abort signal: the commit check alone must keep it silent.
    setAiResponder(async (input): Promise<AiTurnResult> => {
      calls += 1;
      input.onToken("Let me check");
      await gate.promise;
      return { kind: "answer", text: "Late AI answer" };
    });
    const { sock, say } = await shopper(owner);
    await say("I need help");
    await sock.next((f) => f.type === "ai_token", "the AI starts typing");
    const id = await conversationIdOf(owner);
    const agentSock = await openSocket(`/ws/conversations/${id}`, owner.cookie);
    await agentSock.next((f) => f.type === "ready");
    expect(
      (await call("POST", `/api/conversations/${id}/takeover`, { cookie: owner.cookie })).status,
    ).toBe(200);
    const sent = await call("POST", `/api/conversations/${id}/messages`, {
      cookie: owner.cookie,
      body: { clientId: clientId(), text: "Hi, I'm Sam from support." },
    });
    expect(sent.status).toBe(201);
    gate.resolve();
    await sock.next((f) => f.type === "ai_cancelled", "cancellation");
    await say("thanks");
    // The conversation's log is ordered: once a later agent message reaches the shopper, anything
    // the late turn or the shopper's "thanks" could have caused is already there.
    const marker = `marker-${crypto.randomUUID()}`;
    expect(
      (
        await call("POST", `/api/conversations/${id}/messages`, {
          cookie: owner.cookie,
          body: { clientId: clientId(), text: marker },
        })
      ).status,
    ).toBe(201);
    await sock.next((f) => f.type === "message" && f.message.text === marker, "the later message");
    const msgs = await readMessages(owner.cookie, id);
    expect(msgs.some((m) => m.author.type === "ai")).toBe(false);
    expect(msgs.filter((m) => m.kind !== "event").map((m) => m.author.type)).toEqual([
      "shopper",
      "agent",
      "shopper",
      "agent",
    ]);
    for (const s of [sock, agentSock]) {
      const seen = s.frames.flatMap((f) => (f.type === "message" ? [f.message.author.type] : []));
      expect(seen).not.toContain("ai");
    }
    expect(calls).toBe(1);
  });

  it("should answer again after the agent hands back to the AI", async () => {
    const owner = await signupTenant();
    const answered: string[] = [];
    setAiResponder(async (input) => {
      answered.push(input.message);
      return { kind: "answer", text: `answer ${answered.length}` };
    });
    const { sock, say } = await shopper(owner);
    await say("one");
    await sock.next((f) => f.type === "ai_done");
    const id = await conversationIdOf(owner);
    await call("POST", `/api/conversations/${id}/takeover`, { cookie: owner.cookie });
    await say("two");
    const back = await call("POST", `/api/conversations/${id}/handback`, { cookie: owner.cookie });
    expect(
      ((await back.json()) as { conversation: { status: string; assigneeId: string | null } })
        .conversation,
    ).toMatchObject({ status: "bot", assigneeId: null });
    await say("three");
    await waitFor(() => answered.length === 2, "AI answers after handback");
    await waitFor(
      async () => (await readMessages(owner.cookie, id)).some((m) => m.text === "answer 2"),
      "second AI answer stored",
    );
    // A conversation runs its turns one after another: a turn started by "two" during the takeover would come first.
    expect(answered).toEqual(["one", "three"]);
  });

  it("should hand over when the shopper asks for a person, and when the AI fails", async () => {
    const owner = await signupTenant();
    const gate = deferred<void>();
    setAiResponder(async (input) => {
      input.onToken("…");
      await gate.promise;
      return { kind: "answer", text: "too late" };
    });
    const first = await shopper(owner);
    await first.say("hello");
    await first.sock.next((f) => f.type === "ai_token");
    first.sock.send({ type: "handover_request" });
    const waiting = await first.sock.next(
      (f) => f.type === "state" && f.conversation.status === "waiting",
      "waiting",
    );
    expect(waiting.type === "state" && waiting.reason).toBe("shopper_request");
    gate.resolve();
    await first.sock.next((f) => f.type === "ai_cancelled");

    const other = await signupTenant();
    setAiResponder(async () => {
      throw new Error("model unavailable");
    });
    const second = await shopper(other);
    await second.say("hello?");
    const state = await second.sock.next(
      (f) => f.type === "state" && f.conversation.status === "waiting",
      "handover after failure",
    );
    expect(state.type === "state" && state.reason).toBe("ai_error");
    const id = await conversationIdOf(other);
    const detail = (await (
      await call("GET", `/api/conversations/${id}`, { cookie: other.cookie })
    ).json()) as { conversation: { handoverReason: string; handover: { reason: string } } };
    expect(detail.conversation.handoverReason).toBe("ai_error");
  });

  it("should record the AI's handover details and accept a rating only once resolved", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    setAiResponder(async () => ({
      kind: "handover",
      text: "Connecting you with a colleague.",
      reason: "refund_request",
      rule: "refunds",
      summary: "Wants a refund for order 1234",
      intent: "refund",
      sentiment: "negative",
    }));
    const { sock, say } = await shopper(owner);
    await say("I want my money back");
    await sock.next((f) => f.type === "state" && f.conversation.status === "waiting");
    sock.send({ type: "rating", score: 5 });
    const refused = await sock.next((f) => f.type === "error", "rating refused");
    expect(refused).toMatchObject({ code: "INVALID_STATE" });
    const id = await conversationIdOf(owner);
    const detail = (await (
      await call("GET", `/api/conversations/${id}`, { cookie: agent.cookie })
    ).json()) as { conversation: { handover: unknown } };
    expect(detail.conversation.handover).toEqual({
      reason: "refund_request",
      rule: "refunds",
      summary: "Wants a refund for order 1234",
      intent: "refund",
      sentiment: "negative",
    });
    expect(
      (await call("POST", `/api/conversations/${id}/resolve`, { cookie: agent.cookie })).status,
    ).toBe(200);
    sock.send({ type: "rating", score: 4, comment: "quick" });
    await sock.next(
      (f) => f.type === "state" && f.conversation.rating?.score === 4,
      "rating stored",
    );
    const after = (await (
      await call("GET", `/api/conversations/${id}`, { cookie: agent.cookie })
    ).json()) as { conversation: { csat: unknown; status: string } };
    expect(after.conversation).toMatchObject({
      status: "resolved",
      csat: { score: 4, comment: "quick" },
    });
  });
});
