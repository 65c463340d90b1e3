import { describe, expect, it } from "vitest";
import { KnowledgeIndex } from "./engine";
import { AiSettings } from "./ai-settings";
import { agentIndex, agentSettings, chooseAgent, type StageAgent } from "./stage-agents";

const agent = (id: string, stage: StageAgent["stage"], name: string): StageAgent => ({
  id,
  name,
  stage,
  tone: null,
  instructions: "",
  knowledgeTags: [],
  allowedActions: [],
  model: "",
});
const pre = agent("aia_pre", "pre_sales", "Pre-sales");
const after = agent("aia_after", "after_sales", "After-sales");
const mkt = agent("aia_mkt", "marketing", "Marketing");
const gen = agent("aia_gen", "general", "General");
const all = [pre, after, mkt, gen];

const route = (
  agents: StageAgent[],
  message: string,
  opts: { history?: string[]; previous?: string | null } = {},
) =>
  chooseAgent(agents, {
    message,
    shopperHistory: opts.history ?? [],
    previousAgentId: opts.previous ?? null,
  });

describe("stage agents: routing", () => {
  it.each([
    [
      "Where is my order #10234?",
      [],
      "aia_after",
      "after-sales: order-status intent about order 10234",
    ],
    [
      "Please cancel order #10234",
      ["hi"],
      "aia_after",
      "after-sales: cancel intent about order 10234",
    ],
    [
      "I want a refund for order #55120, it broke",
      ["hi"],
      "aia_after",
      "after-sales: refund intent about order 55120",
    ],
    [
      "Can you change the address of order #10234 to 5 Elm Street, 10001 New York?",
      ["hi"],
      "aia_after",
      "after-sales: address-change intent about order 10234",
    ],
    [
      "¿Dónde está mi pedido #10234?",
      [],
      "aia_after",
      "after-sales: order-status intent about order 10234",
    ],
    ["I want to buy two of the blue sneakers", ["hello"], "aia_pre", "pre-sales: purchase intent"],
    ["Is this jacket in stock in size M?", ["hello"], "aia_pre", "pre-sales: product question"],
    ["Do you have a discount code?", ["hello"], "aia_mkt", "marketing: promotion question"],
    ["Hello there", [], "aia_pre", "pre-sales: new visitor"],
    ["What are your opening hours?", ["hello"], "aia_gen", "general: no stage intent"],
  ])("%s (earlier: %j) → %s", (message, history, id, reason) => {
    const c = route(all, message, { history });
    expect(c.agent?.id).toBe(id);
    expect(c.reason).toBe(reason);
    expect(c.handoffFrom).toBeNull();
  });

  it("should be the same choice for the same input, whatever the agents' order beyond the first per stage", () => {
    const second = agent("aia_pre2", "pre_sales", "Pre-sales 2");
    expect(route([pre, second, after], "Is it in stock?").agent?.id).toBe("aia_pre");
    expect(route([second, pre, after], "Is it in stock?").agent?.id).toBe("aia_pre2");
    expect(route(all, "Is it in stock?")).toEqual(route(all, "Is it in stock?"));
  });

  it("should keep the agent already in the conversation when the message names no stage", () => {
    const c = route(all, "thanks, and what colours are there?", {
      history: ["I want to buy the blue sneakers"],
      previous: "aia_pre",
    });
    expect(c.agent?.id).toBe("aia_pre");
    expect(c.handoffFrom).toBeNull();
    const d = route(all, "ok thanks", { history: ["hi"], previous: "aia_after" });
    expect(d).toMatchObject({ agent: after, reason: "no new stage intent; After-sales continues" });
  });

  it("should pass the conversation to after-sales when a pre-sales shopper asks about an order", () => {
    const c = route(all, "Where is my order #10234?", { history: ["hi"], previous: "aia_pre" });
    expect(c.agent?.id).toBe("aia_after");
    expect(c.handoffFrom?.id).toBe("aia_pre");
  });

  it("should fall back to general, then to the workspace persona, when no agent has the stage", () => {
    expect(route([pre, gen], "Where is my order #10234?", { history: ["hi"] })).toMatchObject({
      agent: gen,
      reason: "general: no after-sales agent",
    });
    expect(route([pre], "Where is my order #10234?", { history: ["hi"] })).toMatchObject({
      agent: null,
      reason: "no agent for this stage: workspace persona",
    });
    expect(route([], "Hello")).toMatchObject({
      agent: null,
      reason: "no AI agents: workspace persona",
    });
  });
});

describe("stage agents: persona and knowledge", () => {
  it("should add the agent's persona after the workspace's notes, with its tone", () => {
    const base = AiSettings.parse({ persona: { instructions: "Never promise dates." } });
    const s = agentSettings(base, {
      ...pre,
      tone: "premium",
      instructions: "Suggest the size guide.",
    });
    expect(s.persona.tone).toBe("premium");
    expect(s.persona.instructions).toBe(
      "Never promise dates.\nYou are the shop's Pre-sales agent (pre-sales).\nSuggest the size guide.",
    );
    expect(agentSettings(base, null)).toBe(base);
  });

  it("should index only the entries with one of the agent's tags, once per tag set", () => {
    const index = KnowledgeIndex.build([
      { id: "a", question: "What sizes?", phrasings: [], answer: "S to XL", tags: ["Products"] },
      { id: "b", question: "Returns?", phrasings: [], answer: "30 days", tags: ["returns"] },
      { id: "c", question: "Hours?", phrasings: [], answer: "9-5", tags: [] },
    ]);
    const withTags = { ...pre, knowledgeTags: ["products"] };
    const sub = agentIndex(index, withTags);
    expect(sub.entries.map((e) => e.id)).toEqual(["a"]);
    expect(agentIndex(index, { ...withTags })).toBe(sub);
    expect(agentIndex(index, pre)).toBe(index);
  });

  it("should use the agent's model for the workspace's provider only", () => {
    const wai = AiSettings.parse({ provider: "workers-ai" });
    const withModel = (model: string) => ({ ...after, model });
    expect(agentSettings(wai, withModel("workers-ai/@cf/qwen/qwen3-30b")).models.chat).toBe(
      "@cf/qwen/qwen3-30b",
    );
    expect(agentSettings(wai, withModel("openai-compatible/gpt-4o")).models.chat).toBe(
      wai.models.chat,
    );
    const oai = AiSettings.parse({ provider: "openai-compatible" });
    expect(agentSettings(oai, withModel("openai-compatible/gpt-4o")).openai.model).toBe("gpt-4o");
    expect(agentSettings(oai, withModel("")).openai.model).toBe(oai.openai.model);
  });
});
