/**
 * The AI turn's configuration cached in the tenant's shard: no D1 statement in a warm turn, and every
 * edit of AI settings, stage agents or knowledge used by the very next turn.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { shardStub } from "../durable-objects/rpc";
import { monthRange } from "../workers/analytics/usage";
import { createAiResponder } from "../workers/services/ai-responder";
import type { AiTurnInput } from "../workers/wire/ai-turn";
import type { TurnConfig } from "../workers/wire/shard";
import { countingDb } from "./counting-db";
import { call, signupTenant, type Caller } from "./helpers";
import { seedContact, seedConversation } from "./ops-fixtures";

async function send(owner: Caller, method: "POST" | "PUT" | "DELETE", path: string, body?: object) {
  const res = await call(method, path, { cookie: owner.cookie, ...(body ? { body } : {}) });
  expect(res.status).toBeLessThan(300);
  return res.status === 204 ? null : ((await res.json()) as Record<string, { id: string }>);
}

/** A tenant with one entry, and a turn runner whose D1 statements are counted. */
async function shop() {
  const owner = await signupTenant();
  await send(owner, "POST", "/api/kb/entries", {
    question: "How long does shipping take?",
    phrasings: ["delivery time"],
    answer: "Orders arrive in 2-4 business days.",
    tags: ["shipping"],
  });
  const contactId = await seedContact(owner.tenantId);
  const conversationId = await seedConversation(owner.tenantId, contactId);
  const { db, statements } = countingDb(env.DB);
  const respond = createAiResponder({ ...env, DB: db });
  const turn = async (message: string) => {
    statements.length = 0;
    const input: AiTurnInput = {
      tenantId: owner.tenantId,
      conversationId,
      contactId,
      message,
      attachments: [],
      history: [],
      contact: { vip: false, language: "en" },
      signal: new AbortController().signal,
      onToken() {},
    };
    const result = await respond(input);
    return { result, statements: [...statements] };
  };
  return { owner, turn };
}

describe("AI turn context", () => {
  it("should read D1 in the first turn only, and no statement at all in a warm turn", async () => {
    const { turn } = await shop();
    const cold = await turn("How long does shipping take?");
    expect(cold.result.kind).toBe("answer");
    expect(cold.statements.length).toBeGreaterThan(0);
    const warm = await turn("How long does shipping take?");
    expect(warm.result).toMatchObject({ kind: "answer", text: cold.result.text });
    expect(warm.statements).toEqual([]);
  });

  it("should use an edit of the settings, the agents or the knowledge in the very next turn", async () => {
    const { owner, turn } = await shop();
    expect((await turn("How long does shipping take?")).result.author).not.toBe("Aurora");
    await send(owner, "PUT", "/api/settings/ai", {
      persona: { name: "Aurora", tone: "friendly", instructions: "" },
    });
    expect((await turn("How long does shipping take?")).result.author).toBe("Aurora");

    const created = await send(owner, "POST", "/api/ai-agents", {
      name: "Pre-sales",
      stage: "pre_sales",
    });
    expect((await turn("How long does shipping take?")).result.agent).toMatchObject({
      name: "Pre-sales",
    });
    await send(owner, "DELETE", `/api/ai-agents/${created!.agent.id}`);
    expect((await turn("How long does shipping take?")).result.agent).toBeUndefined();

    const paypal = "Can I pay with PayPal at checkout?";
    const before = await turn(paypal);
    const entry = await send(owner, "POST", "/api/kb/entries", {
      question: paypal,
      phrasings: ["paypal payment"],
      answer: "Yes, PayPal is accepted at checkout.",
      tags: [],
    });
    const after = await turn(paypal);
    expect(before.result.citations ?? []).not.toContain(entry!.entry.id);
    expect(after.result).toMatchObject({ kind: "answer", citations: [entry!.entry.id] });
    expect(after.result.text).toContain("PayPal is accepted");
  });

  it("should refuse a fill read before a change, and serve the month's usage with a metered configuration", async () => {
    const owner = await signupTenant();
    const shard = shardStub(env, owner.tenantId);
    const config: TurnConfig = {
      ai: null,
      agents: null,
      usageLimits: JSON.stringify({ ai_replies: 10 }),
      kbFingerprint: "0:0:0",
      metered: true,
    };
    const stale = await shard.turnContext(monthRange());
    await shard.turnConfigChanged();
    expect(await shard.fillTurnConfig(stale.version, config)).toBe(false);
    const miss = await shard.turnContext(monthRange());
    expect(miss.config).toBeNull();
    expect(await shard.fillTurnConfig(miss.version, config)).toBe(true);
    const day = new Date().toISOString().slice(0, 10);
    await shard.addUsage(day, { ai_replies: 3 });
    const hit = await shard.turnContext(monthRange());
    expect(hit.config).toEqual(config);
    expect(hit.usage?.live).toEqual([{ day, metric: "ai_replies", value: 3 }]);
    expect((await shard.turnContext()).usage).toBeNull();
  });
});
