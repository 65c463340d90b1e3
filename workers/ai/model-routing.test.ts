import { describe, expect, it } from "vitest";
import { AiSettings } from "./ai-settings";
import { costUsd } from "./model-pricing";
import { ModelRouting, resolveRoute, stepKey } from "./model-routing";
import { createProviders, type RouteRecorder } from "./providers";
import { fakeAi, openAiSse } from "../../test/ai-fakes";

const keys = (s: AiSettings, task: Parameters<typeof resolveRoute>[1], o?: string, over = false) =>
  resolveRoute(s, task, o, { overBudget: over }).map(stepKey);

const chained = AiSettings.parse({
  provider: "workers-ai",
  openai: { baseUrl: "https://llm.example.com/v1", apiKey: "sk-test-1234" },
  routing: {
    tasks: {
      answer: ["workers-ai/@cf/meta/llama-3.1-8b-instruct", "openai-compatible/gpt-4o-mini"],
    },
  },
});

describe("resolveRoute", () => {
  it("should follow the tenant's provider when no chain is set, builtin last", () => {
    expect(keys(AiSettings.parse({}), "answer")).toEqual(["builtin"]);
    const wai = AiSettings.parse({ provider: "workers-ai" });
    expect(keys(wai, "answer")).toEqual(["workers-ai/@cf/meta/llama-3.1-8b-instruct", "builtin"]);
    expect(keys(wai, "translate")).toEqual(["workers-ai/@cf/meta/m2m100-1.2b", "builtin"]);
    expect(keys(wai, "classify")).toEqual([
      "workers-ai/@cf/huggingface/distilbert-sst-2-int8",
      "builtin",
    ]);
    const oa = AiSettings.parse({ provider: "openai-compatible" });
    expect(keys(oa, "summarise")).toEqual(["openai-compatible/gpt-4o-mini", "builtin"]);
  });

  it("should put a stage agent's override first, once, and ignore one the task cannot use", () => {
    expect(keys(chained, "answer", "openai-compatible/gpt-4o-mini")).toEqual([
      "openai-compatible/gpt-4o-mini",
      "workers-ai/@cf/meta/llama-3.1-8b-instruct",
      "builtin",
    ]);
    expect(keys(chained, "answer", "acme/model-x")).toEqual([
      "workers-ai/@cf/meta/llama-3.1-8b-instruct",
      "openai-compatible/gpt-4o-mini",
      "builtin",
    ]);
    expect(keys(chained, "classify", "openai-compatible/gpt-4o")).toEqual([
      "workers-ai/@cf/huggingface/distilbert-sst-2-int8",
      "builtin",
    ]);
  });

  it("should keep only builtin when the budget is reached", () => {
    expect(keys(chained, "answer", "openai-compatible/gpt-4o", true)).toEqual(["builtin"]);
  });

  it("should refuse an unknown provider, a provider the task cannot use and a bad budget", () => {
    expect(ModelRouting.safeParse({ tasks: { answer: ["acme/gpt"] } }).success).toBe(false);
    expect(
      ModelRouting.safeParse({ tasks: { classify: ["openai-compatible/gpt-4o-mini"] } }).success,
    ).toBe(false);
    expect(ModelRouting.safeParse({ monthlyBudgetUsd: -5 }).success).toBe(false);
    expect(ModelRouting.safeParse({ monthlyBudgetUsd: "ten" }).success).toBe(false);
    expect(ModelRouting.safeParse({ tasks: { answer: ["builtin"] } }).success).toBe(true);
  });
});

describe("routed providers", () => {
  it("should fall to the next model on a 500 and record who answered, tokens and cost", async () => {
    const ai = fakeAi({ chat: "error" });
    const calls: string[] = [];
    const fetchMock = (async (url: string, init: RequestInit) => {
      calls.push(`${url} ${JSON.parse(String(init.body)).model}`);
      return openAiSse(["Ships ", "in 3 days."]);
    }) as unknown as typeof fetch;
    const rec: RouteRecorder = { uses: [] };
    const p = createProviders({ AI: ai }, chained, { fetch: fetchMock, recorder: rec });
    const messages = [{ role: "user" as const, content: "x".repeat(400) }];
    expect(await p.generator.generate({ messages })).toBe("Ships in 3 days.");
    expect(ai.calls.map((c) => c.model)).toEqual(["@cf/meta/llama-3.1-8b-instruct"]);
    expect(calls).toEqual(["https://llm.example.com/v1/chat/completions gpt-4o-mini"]);
    expect(rec.uses).toEqual([
      {
        task: "answer",
        provider: "openai-compatible",
        model: "gpt-4o-mini",
        fallback: true,
        failed: [{ route: "workers-ai/@cf/meta/llama-3.1-8b-instruct", error: "upstream 500" }],
        tokensIn: 100,
        tokensOut: 4,
        costUsd: costUsd("openai-compatible/gpt-4o-mini", 100, 4),
      },
    ]);
    expect(rec.uses[0].costUsd).toBeCloseTo((100 * 0.15 + 4 * 0.6) / 1e6, 12);
  });

  it("should fall to the next model on an HTTP 429 from an OpenAI-compatible server", async () => {
    const s = AiSettings.parse({
      ...chained,
      routing: {
        tasks: {
          summarise: ["openai-compatible/gpt-4o", "workers-ai/@cf/meta/llama-3.1-8b-instruct"],
        },
      },
    });
    const fetchMock = (async () =>
      new Response("slow down", { status: 429 })) as unknown as typeof fetch;
    const rec: RouteRecorder = { uses: [] };
    const p = createProviders({ AI: fakeAi({ chat: ["Summary"] }) }, s, {
      fetch: fetchMock,
      recorder: rec,
      task: "summarise",
    });
    expect(await p.generator.generate({ messages: [{ role: "user", content: "hi" }] })).toBe(
      "Summary",
    );
    expect(rec.uses.map((u) => [u.task, u.provider, u.fallback, u.failed[0]?.error])).toEqual([
      ["summarise", "workers-ai", true, "chat completion failed: HTTP 429"],
    ]);
  });

  it("should record builtin when every model fails, so the caller's builtin answer is the one counted", async () => {
    const fetchMock = (async () => new Response("", { status: 503 })) as unknown as typeof fetch;
    const rec: RouteRecorder = { uses: [] };
    const p = createProviders({ AI: fakeAi({ chat: "error" }) }, chained, {
      fetch: fetchMock,
      recorder: rec,
    });
    await expect(
      p.generator.generate({ messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toThrow("chat completion failed: HTTP 503");
    expect(rec.uses.map((u) => [u.provider, u.fallback, u.failed.length, u.costUsd])).toEqual([
      ["builtin", true, 2, 0],
    ]);
  });

  it("should call no paid model over budget", async () => {
    const ai = fakeAi();
    const p = createProviders({ AI: ai }, chained, { overBudget: true });
    expect(p.generator.canGenerate).toBe(false);
    expect(p.translator.available).toBe(false);
    expect((await p.sentiment.analyze("this is terrible", "en")).source).toBe("lexicon");
    expect(ai.calls).toEqual([]);
  });
});
