import { recordUsageAmounts } from "../workers/analytics/usage";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import type { RouteUse } from "../workers/wire/ai-turn";
import type { ModelSpend } from "../workers/wire/model-spend";
import { clientId, openSocket, readMessages, waitFor, widgetSession } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

// The real AI turn runs; providers are mocked at the binding (env.AI) and at fetch.
afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
});

const LLM = "https://llm.example/v1/";
const ROUTING = {
  tasks: {
    answer: ["workers-ai/@cf/meta/llama-3.1-8b-instruct", "openai-compatible/gpt-4o-mini"],
  },
  monthlyBudgetUsd: 5,
};

async function setup(routing: Record<string, unknown> = ROUTING) {
  const owner = await signupTenant();
  const put = await call("PUT", "/api/settings/ai", {
    cookie: owner.cookie,
    body: {
      provider: "workers-ai",
      openai: { baseUrl: "https://llm.example/v1", apiKey: "sk-test-routing" },
      routing,
    },
  });
  expect(put.status).toBe(200);
  const kb = await call("POST", "/api/kb/entries", {
    cookie: owner.cookie,
    body: {
      question: "How do I return an item?",
      phrasings: ["return policy", "send an item back", "can I return my order"],
      answer: "Returns are accepted within 30 days.",
      language: "en",
    },
  });
  expect(kb.status).toBe(201);
  return owner;
}

/** Workers AI's chat model answers 500; its classifier works. Returns the models the binding was asked for. */
function workersAiChatFails(): string[] {
  const models: string[] = [];
  vi.spyOn(env.AI, "run").mockImplementation((async (model: string) => {
    models.push(model);
    if (model.includes("sst-2"))
      return [
        { label: "NEGATIVE", score: 0.1 },
        { label: "POSITIVE", score: 0.9 },
      ];
    throw new Error("InferenceUpstreamError: HTTP 500");
  }) as never);
  return models;
}

/** The OpenAI-compatible server's requests (model names); it answers with the entry. */
function openAiAnswers(): string[] {
  const seen: string[] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(LLM)) return real(input, init);
    seen.push(JSON.parse(String(init?.body)).model);
    return Response.json({
      choices: [{ message: { content: "Returns are accepted within 30 days of delivery." } }],
    });
  });
  return seen;
}

async function ask(owner: Caller, text: string) {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  sock.send({ type: "message", clientId: clientId(), text });
  await sock.next((f) => f.type === "message" && f.message.author.type === "ai", "AI answer");
  const conversationId = (await widgetSession(owner, { visitorToken })).conversationId as string;
  const messages = await readMessages(owner.cookie, conversationId);
  const ai = messages.find((m) => m.author.type === "ai");
  expect(ai).toBeDefined();
  return ai!;
}

const usage = async (owner: Caller) =>
  (await (await call("GET", "/api/usage", { cookie: owner.cookie })).json()) as {
    models: ModelSpend;
    days: { metric: string; value: number }[];
  };

describe("model routing in the AI turn", () => {
  it("should fall to the second model when the first answers 500, and record who answered, tokens and cost", async () => {
    const owner = await setup();
    const binding = workersAiChatFails();
    const openai = openAiAnswers();
    const ai = await ask(owner, "How do I return an item?");
    expect(ai.text).toBe("Returns are accepted within 30 days of delivery.");
    expect(binding).toContain("@cf/meta/llama-3.1-8b-instruct");
    expect(openai).toEqual(["gpt-4o-mini"]);
    const routes = ai.meta.routes as RouteUse[];
    const answer = routes.at(-1)!;
    expect(answer).toMatchObject({
      task: "answer",
      provider: "openai-compatible",
      model: "gpt-4o-mini",
      fallback: true,
      failed: [
        {
          route: "workers-ai/@cf/meta/llama-3.1-8b-instruct",
          error: "InferenceUpstreamError: HTTP 500",
        },
      ],
    });
    expect(answer.tokensIn).toBeGreaterThan(50);
    expect(answer.tokensOut).toBe(Math.ceil(ai.text.length / 4));
    expect(answer.costUsd).toBeCloseTo((answer.tokensIn * 0.15 + answer.tokensOut * 0.6) / 1e6, 12);
    // The classifier (Workers AI, English) is recorded too.
    expect(routes.find((r) => r.task === "classify")?.provider).toBe("workers-ai");

    const u = await usage(owner);
    const row = u.models.rows.find((r) => r.task === "answer");
    expect(row).toMatchObject({ route: "openai-compatible/gpt-4o-mini" });
    expect(row!.costUsd).toBeCloseTo(answer.costUsd, 12);
    expect(row!.tokens).toBe(answer.tokensIn + answer.tokensOut);
    expect(u.models).toMatchObject({ budgetUsd: 5, overBudget: false });
    expect(u.models.spentUsd).toBeGreaterThan(0);
  }, 40000);

  it("should skip paid models once the month's spend reaches the budget, and say so", async () => {
    const owner = await setup({ ...ROUTING, monthlyBudgetUsd: 0.01 });
    // This month's spend so far, counted where the turn counts it (the tenant's shard).
    await recordUsageAmounts(env, owner.tenantId, {
      "spend_usd:answer:openai-compatible/gpt-4o-mini": 0.012,
    });
    const binding = workersAiChatFails();
    const openai = openAiAnswers();
    const ai = await ask(owner, "How do I return an item?");
    expect(ai.text).toBe("Returns are accepted within 30 days.");
    expect(binding).toEqual([]);
    expect(openai).toEqual([]);
    expect(ai.meta.overBudget).toBe(true);
    expect((ai.meta.routes as RouteUse[]).at(-1)).toMatchObject({
      task: "answer",
      provider: "builtin",
      fallback: true,
      costUsd: 0,
    });
    const u = await usage(owner);
    expect(u.models).toMatchObject({ budgetUsd: 0.01, overBudget: true });
    expect(u.models.spentUsd).toBeCloseTo(0.012, 9);
  }, 40000);
});

describe("PUT /api/settings/ai routing", () => {
  it("should refuse an unknown provider, a task's wrong provider and a bad budget with one error shape, changing nothing", async () => {
    const owner = await setup();
    const before = await (await call("GET", "/api/settings/ai", { cookie: owner.cookie })).json();
    for (const routing of [
      { tasks: { answer: ["acme/gpt-9"] } },
      { tasks: { classify: ["openai-compatible/gpt-4o-mini"] } },
      { monthlyBudgetUsd: -1 },
      { monthlyBudgetUsd: "ten" },
      { tasks: { answer: [] } },
      { tasks: { rewrite: ["builtin"] } },
    ]) {
      const res = await call("PUT", "/api/settings/ai", {
        cookie: owner.cookie,
        body: { provider: "builtin", routing },
      });
      expect(res.status, JSON.stringify(routing)).toBe(422);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(body)).toEqual(["error"]);
    }
    const after = await (await call("GET", "/api/settings/ai", { cookie: owner.cookie })).json();
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain("sk-test-routing");
  });
});
