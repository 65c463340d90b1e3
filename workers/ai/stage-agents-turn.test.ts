import { describe, expect, it } from "vitest";
import { SHOP_KB, fakeAi } from "../../test/ai-fakes";
import { runAiTurn, type AiTurnInput } from "./agent";
import { AiSettings, type AiSettingsInput } from "./ai-settings";
import { KnowledgeIndex } from "./engine";
import { createProviders } from "./providers";
import { agentIndex, agentSettings, type StageAgent } from "./stage-agents";
import type { OrderSource } from "./store-orders";

const WED_NOON = new Date("2025-03-05T12:00:00Z");
const KB = KnowledgeIndex.build([
  { ...SHOP_KB[0], tags: ["shipping"] },
  { ...SHOP_KB[1], tags: ["returns"] },
]);

const afterSales: StageAgent = {
  id: "aia_after",
  name: "After-sales",
  stage: "after_sales",
  tone: "professional",
  instructions: "Always thank the customer for their patience.",
  knowledgeTags: [],
  allowedActions: ["order_lookup"],
  model: "",
};

/** A connected store whose orders are all the shopper's; records what the turn asked of it. */
function store() {
  const calls: string[] = [];
  const orders: OrderSource = {
    connected: async () => true,
    lookup: async (n) => {
      calls.push(`lookup ${n}`);
      return { kind: "order", order: { status: "shipped" } };
    },
    propose: async (n, action) => {
      calls.push(`propose ${action} ${n}`);
      return { kind: "proposed", action, amount: null };
    },
  };
  return { calls, orders };
}

function turn(
  message: string,
  agent: StageAgent | null,
  settingsIn: AiSettingsInput = {},
  over: Partial<AiTurnInput> & { ai?: ReturnType<typeof fakeAi> } = {},
) {
  const settings = agentSettings(AiSettings.parse(settingsIn), agent);
  return runAiTurn({
    tenantId: "t1",
    settings,
    entries: agentIndex(KB, agent),
    history: [],
    message,
    contact: { vip: false },
    now: WED_NOON,
    providers: createProviders({ AI: over.ai }, settings),
    ...(agent ? { allowedActions: agent.allowedActions } : {}),
    ...over,
  });
}

describe("stage agents in the AI turn", () => {
  it("should not propose a cancellation the agent may not take, and hand it to a person", async () => {
    const s = store();
    const r = await turn("Please cancel my order #10234", afterSales, {}, { orders: s.orders });
    expect(s.calls).toEqual([]);
    expect(r).toMatchObject({ kind: "handover", rule: "action_approval" });
    const allowed = store();
    const ok = await turn(
      "Please cancel my order #10234",
      { ...afterSales, allowedActions: ["order_lookup", "cancel"] },
      {},
      { orders: allowed.orders },
    );
    expect(allowed.calls).toEqual(["propose cancel 10234"]);
    expect(ok).toMatchObject({ kind: "handover", rule: "action_approval" });
  });

  it("should not look an order up for an agent without order lookup", async () => {
    const s = store();
    await turn("Where is my order #10234?", { ...afterSales, allowedActions: [] }, {}, s);
    expect(s.calls).toEqual([]);
    const allowed = store();
    const r = await turn("Where is my order #10234?", afterSales, {}, allowed);
    expect(allowed.calls).toEqual(["lookup 10234"]);
    expect(r.kind === "answer" && r.text).toContain("shipped");
    // The workspace persona (no agent) keeps every action.
    const none = store();
    await turn("Please cancel my order #10234", null, {}, none);
    expect(none.calls).toEqual(["propose cancel 10234"]);
  });

  it("should answer only from the agent's knowledge sources", async () => {
    const all = await turn("How do I return an item?", afterSales);
    expect(all).toMatchObject({ kind: "answer", citations: ["returns"] });
    const scoped = await turn("How do I return an item?", {
      ...afterSales,
      knowledgeTags: ["shipping"],
    });
    expect(scoped.kind).not.toBe("answer");
    expect(
      await turn("How long does shipping take?", { ...afterSales, knowledgeTags: ["shipping"] }),
    ).toMatchObject({ kind: "answer", citations: ["shipping-time"] });
  });

  it("should give the model the agent's persona in the system prompt", async () => {
    const ai = fakeAi({ chat: ["Thanks for your patience: 2-4 days [#shipping-time]."] });
    const r = await turn(
      "How long does shipping take?",
      afterSales,
      { provider: "workers-ai" },
      {
        ai,
      },
    );
    expect(r).toMatchObject({ kind: "answer", citations: ["shipping-time"] });
    const chat = ai.calls.find((c) => c.model === "@cf/meta/llama-3.1-8b-instruct");
    const system = (chat!.inputs.messages as { content: string }[])[0].content;
    expect(system).toContain("You are the shop's After-sales agent (after-sales).");
    expect(system).toContain("Always thank the customer for their patience.");
    expect(system).toContain("Style: clear, courteous and concise");
  });
});
