/** Stage agents in live AI turns: who answers, the handoff line in the log, and no extra D1 read per turn. */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { createAiResponder } from "../workers/services/ai-responder";
import type { AiTurnInput } from "../workers/wire/ai-turn";
import { setAiResponder } from "./ai-responder";
import { clientId, openSocket, readMessages, waitFor, widgetSession } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";
import { countingDb } from "./counting-db";
import { seedContact, seedConversation } from "./ops-fixtures";

afterEach(() => setAiResponder(null));

async function addAgent(owner: Caller, body: Record<string, unknown>): Promise<string> {
  const res = await call("POST", "/api/ai-agents", { cookie: owner.cookie, body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { agent: { id: string } }).agent.id;
}

async function addEntry(owner: Caller, entry: Record<string, unknown>) {
  const res = await call("POST", "/api/kb/entries", { cookie: owner.cookie, body: entry });
  expect(res.status).toBe(201);
}

async function shopTenant(): Promise<Caller> {
  const owner = await signupTenant();
  await addEntry(owner, {
    question: "Is the Aurora sneaker in stock?",
    phrasings: ["aurora sneaker stock", "do you have the aurora sneakers"],
    answer: "The Aurora sneaker is in stock in sizes 36 to 46.",
    tags: ["products"],
  });
  await addEntry(owner, {
    question: "How long does shipping take?",
    phrasings: ["delivery time"],
    answer: "Orders arrive in 2-4 business days.",
    tags: ["shipping"],
  });
  await addAgent(owner, {
    name: "Pre-sales",
    stage: "pre_sales",
    knowledgeTags: ["products"],
    instructions: "Help shoppers choose.",
  });
  await addAgent(owner, {
    name: "After-sales",
    stage: "after_sales",
    allowedActions: ["order_lookup"],
  });
  return owner;
}

describe("stage agents in live AI turns", () => {
  it("should label each AI message with its agent and log the handoff for agents only", async () => {
    const owner = await shopTenant();
    const { visitorToken } = await widgetSession(owner);
    const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
    await sock.next((f) => f.type === "ready");
    sock.send({
      type: "message",
      clientId: clientId(),
      text: "Do you have the Aurora sneakers in stock?",
    });
    await sock.next((f) => f.type === "message" && f.message.author.type === "ai");
    const conversationId = (await widgetSession(owner, { visitorToken })).conversationId!;
    sock.send({ type: "message", clientId: clientId(), text: "And where is my order #10234?" });
    const messages = await waitFor(async () => {
      const ms = await readMessages(owner.cookie, conversationId);
      return ms.filter((m) => m.author.type === "ai").length === 2 && ms;
    }, "second AI message");
    const ai = messages.filter((m) => m.author.type === "ai");
    expect(ai[0].meta.agent).toMatchObject({
      name: "Pre-sales",
      stage: "pre_sales",
      reason: "pre-sales: product question",
    });
    expect(ai[0].text).toContain("sizes 36 to 46");
    expect(ai[1].meta.agent).toMatchObject({
      name: "After-sales",
      reason: "after-sales: order-status intent about order 10234",
    });
    const handoff = messages.find((m) => m.meta.event === "ai_agent_handoff");
    expect(handoff).toMatchObject({
      kind: "event",
      text: "AI agent Pre-sales passed the conversation to After-sales (after-sales: order-status intent about order 10234)",
      meta: { internal: true, from: { name: "Pre-sales" }, to: { name: "After-sales" } },
    });
    expect(handoff!.seq).toBeLessThan(ai[1].seq);
    // The shopper got the second answer (its frame follows the handoff line) but never the line.
    await sock.next((f) => f.type === "message" && f.message.id === ai[1].id);
    const seen = sock.frames.flatMap((f) => (f.type === "message" ? [f.message] : []));
    expect(seen.some((m) => m.meta.event === "ai_agent_handoff" || m.meta.agent)).toBe(false);
    sock.ws.close();
  });

  it("should load the agents with the AI settings: no extra D1 statement per turn", async () => {
    const plain = await signupTenant();
    const withAgents = await shopTenant();
    const counted = async (tenantId: string) => {
      const contactId = await seedContact(tenantId);
      const conversationId = await seedConversation(tenantId, contactId);
      const { db, statements } = countingDb(env.DB);
      const input: AiTurnInput = {
        tenantId,
        conversationId,
        contactId,
        message: "How long does shipping take?",
        attachments: [],
        history: [],
        contact: { vip: false, language: "en" },
        signal: new AbortController().signal,
        onToken() {},
      };
      const respond = createAiResponder({ ...env, DB: db });
      await respond(input);
      const cold = [...statements];
      statements.length = 0;
      const result = await respond(input);
      return { result, cold, warm: [...statements] };
    };
    const a = await counted(plain.tenantId);
    const b = await counted(withAgents.tenantId);
    expect(a.result.agent).toBeUndefined();
    expect(b.result.agent).toMatchObject({ name: "Pre-sales", reason: "pre-sales: new visitor" });
    // The settings row and the agents come in one statement, read once; later turns use the shard's copy.
    const settingsReads = (list: string[]) => list.filter((q) => /\b(tenants|ai_agents)\b/.test(q));
    expect(settingsReads(a.cold)).toHaveLength(1);
    expect(settingsReads(b.cold)).toHaveLength(1);
    expect(settingsReads(a.warm)).toHaveLength(0);
    expect(settingsReads(b.warm)).toHaveLength(0);
  });
});
