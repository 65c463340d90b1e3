import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import type { Message } from "../workers/wire/socket";
import { clientId, openSocket, readMessages, waitFor, widgetSession } from "./engine-helpers";
import { addMember, call, errorOf, signupTenant, type Caller } from "./helpers";

// The AI stays silent here: the conversation holds only what the shopper and the agent wrote.
beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

const SHIPPING = "Shipping takes 2 to 4 business days. You get a tracking link by email.";

/** A shopper asks, an agent replies; returns the conversation and the agent's message. */
async function conversationWithReply(
  owner: Caller,
  question: string,
  reply: string,
): Promise<{ id: string; reply: Message; shopper: Message }> {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  sock.send({ type: "message", clientId: clientId(), text: question });
  await sock.next((f) => f.type === "message" && f.message.author.type === "shopper");
  const id = (await waitFor(
    async () => (await widgetSession(owner, { visitorToken })).conversationId,
    "conversation",
  ))!;
  const res = await call("POST", `/api/conversations/${id}/messages`, {
    cookie: owner.cookie,
    body: { clientId: clientId(), text: reply },
  });
  expect(res.status).toBe(201);
  const msgs = await readMessages(owner.cookie, id);
  sock.close();
  return {
    id,
    reply: ((await res.json()) as { message: Message }).message,
    shopper: msgs.find((m) => m.author.type === "shopper")!,
  };
}

async function seedKb(owner: Caller) {
  for (const e of [
    {
      question: "How long does shipping take?",
      phrasings: ["delivery time", "when will my order arrive"],
      answer: SHIPPING,
    },
    {
      question: "What is your return policy?",
      phrasings: ["can I return an item"],
      answer: "You can return unused items within 30 days.",
    },
    {
      question: "Do you ship abroad?",
      phrasings: ["international shipping"],
      answer: "We ship to all EU countries.",
    },
  ]) {
    expect((await call("POST", "/api/kb/entries", { cookie: owner.cookie, body: e })).status).toBe(
      201,
    );
  }
}

describe("copilot on a conversation", () => {
  it("should suggest three replies grounded in the knowledge base and summarise the conversation", async () => {
    const owner = await signupTenant();
    await seedKb(owner);
    const { id } = await conversationWithReply(
      owner,
      "How long does shipping take to Lyon?",
      "Let me check that for you.",
    );
    const res = await call("POST", `/api/copilot/${id}/suggest`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { suggestions: string[]; method: string };
    expect(body.suggestions).toHaveLength(3);
    expect(body.suggestions[0]).toContain("Shipping takes 2 to 4 business days.");
    expect(body.method).toMatch(/^builtin/);
    const sum = await call("POST", `/api/copilot/${id}/summary`, { cookie: owner.cookie });
    expect(sum.status).toBe(200);
    const summary = (await sum.json()) as { summary: string; method: string };
    expect(summary.summary).toContain('Customer asked: "How long does shipping take to Lyon?"');
    expect(summary.summary).toContain("Let me check that for you.");
    expect(summary.method).toMatch(/extractive/);
  });

  it("should answer 404 for another tenant's conversation and 403 for viewers", async () => {
    const owner = await signupTenant();
    const { id } = await conversationWithReply(owner, "Where is my parcel?", "It is on its way.");
    const other = await signupTenant();
    for (const action of ["suggest", "summary"]) {
      const res = await call("POST", `/api/copilot/${id}/${action}`, { cookie: other.cookie });
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("CONVERSATION_NOT_FOUND");
    }
    const viewer = await addMember(owner, "viewer");
    expect(
      (await call("POST", `/api/copilot/${id}/suggest`, { cookie: viewer.cookie })).status,
    ).toBe(403);
    expect(
      (await call("POST", "/api/copilot/cnv_missing/summary", { cookie: owner.cookie })).status,
    ).toBe(404);
  });
});

describe("POST /api/kb/from-message", () => {
  it("should save an agent reply as an entry whose question is the shopper message before it", async () => {
    const owner = await signupTenant();
    const { id, reply } = await conversationWithReply(
      owner,
      "Can I pay with PayPal?",
      "Yes, we accept PayPal and all major cards.",
    );
    const res = await call("POST", "/api/kb/from-message", {
      cookie: owner.cookie,
      body: { conversationId: id, messageId: reply.id },
    });
    expect(res.status).toBe(201);
    const { entry } = (await res.json()) as {
      entry: { id: string; question: string; answer: string; source: string };
    };
    expect(entry).toMatchObject({
      question: "Can I pay with PayPal?",
      answer: "Yes, we accept PayPal and all major cards.",
      source: "agent",
    });
    const row = await env.DB.prepare("SELECT tenant_id, source FROM kb_entries WHERE id = ?")
      .bind(entry.id)
      .first<{ tenant_id: string; source: string }>();
    expect(row).toEqual({ tenant_id: owner.tenantId, source: "agent" });
    const withQuestion = await call("POST", "/api/kb/from-message", {
      cookie: owner.cookie,
      body: {
        conversationId: id,
        messageId: reply.id,
        question: "Which payment methods do you accept?",
      },
    });
    expect(((await withQuestion.json()) as { entry: { question: string } }).entry.question).toBe(
      "Which payment methods do you accept?",
    );
  });

  it("should refuse shopper messages, unknown messages, other tenants and bad bodies without creating entries", async () => {
    const owner = await signupTenant();
    const { id, shopper, reply } = await conversationWithReply(
      owner,
      "Do you have gift cards?",
      "Yes, from 10 to 200 euros.",
    );
    const notReply = await call("POST", "/api/kb/from-message", {
      cookie: owner.cookie,
      body: { conversationId: id, messageId: shopper.id },
    });
    expect(notReply.status).toBe(422);
    expect(
      (
        await call("POST", "/api/kb/from-message", {
          cookie: owner.cookie,
          body: { conversationId: id, messageId: "msg_nope" },
        })
      ).status,
    ).toBe(404);
    const other = await signupTenant();
    expect(
      (
        await call("POST", "/api/kb/from-message", {
          cookie: other.cookie,
          body: { conversationId: id, messageId: reply.id },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call("POST", "/api/kb/from-message", {
          cookie: owner.cookie,
          body: { conversationId: id },
        })
      ).status,
    ).toBe(422);
    const viewer = await addMember(owner, "viewer");
    expect(
      (
        await call("POST", "/api/kb/from-message", {
          cookie: viewer.cookie,
          body: { conversationId: id, messageId: reply.id },
        })
      ).status,
    ).toBe(403);
    for (const t of [owner, other]) {
      const n = await env.DB.prepare("SELECT count(*) AS n FROM kb_entries WHERE tenant_id = ?")
        .bind(t.tenantId)
        .first<{ n: number }>();
      expect(n?.n).toBe(0);
    }
  });
});
