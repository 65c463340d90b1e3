import { describe, expect, it } from "vitest";
import { expandDraft, makePolite, searchKb, suggestReplies, summarize, type CopilotContext } from "./copilot";
import { KnowledgeIndex } from "./engine";
import { createProviders } from "./providers";
import { AiSettings } from "./settings";
import { SHOP_KB, fakeAi } from "./testing";

const index = KnowledgeIndex.build(SHOP_KB);
const history = [
  { role: "shopper" as const, text: "Hi, I bought shoes last week. How do I return an item that doesn't fit?" },
  { role: "ai" as const, text: "You can return unused items within 30 days." },
  { role: "shopper" as const, text: "ok but how do I start the return? my email is jo@example.com" },
];

function ctx(provider: "builtin" | "workers-ai" = "builtin", chat: string[] = ["x"]): CopilotContext & { ai: ReturnType<typeof fakeAi> } {
  const settings = AiSettings.parse({ provider, persona: { tone: "friendly" } });
  const ai = fakeAi({ chat });
  return { tenantId: "t1", index, history, settings, providers: createProviders({ AI: ai }, settings), ai };
}

describe("copilot (builtin)", () => {
  it("should suggest three replies, the first grounded in the matching entry", async () => {
    const r = await suggestReplies(ctx());
    expect(r.suggestions).toHaveLength(3);
    expect(r.suggestions[0]).toMatchObject({ citations: ["returns"] });
    expect(r.suggestions[0].text).toContain("within 30 days");
    expect(r.method).toMatch(/^builtin/);
  });

  it("should summarise extractively and say so", async () => {
    const r = await summarize(ctx());
    expect(r.method).toBe("builtin: extractive summary");
    expect(r.text).toContain("How do I return an item that doesn't fit?");
    expect(r.text).toContain("Latest message: \"ok but how do I start the return?\"");
  });

  it("should expand a terse draft with a greeting, KB detail and a closing", async () => {
    const r = await expandDraft(ctx(), "start it at our returns page");
    expect(r.text).toMatch(/^Hi there! Start it at our returns page\./);
    expect(r.text).toContain("example.com/returns");
    expect(r.method).toMatch(/^builtin/);
  });

  it("should make a blunt draft polite", async () => {
    const r = await makePolite(ctx(), "you must send me the receipt!!! we cant refund WITHOUT it");
    expect(r.text).toBe("Hi there! Could you please send me the receipt. Unfortunately we are not able to refund without it. Let me know if there's anything else I can do!");
  });

  it("should search the knowledge base", async () => {
    const hits = await searchKb(ctx(), "gift card");
    expect(hits[0]).toMatchObject({ id: "injected", question: "Gift cards" });
  });
});

describe("copilot (workers-ai)", () => {
  it("should ask the model for three grounded replies and keep PII out of the prompt", async () => {
    const c = ctx("workers-ai", ['["Sure — start at example.com/returns.", "You can return it within 30 days.", "Happy to help with that return!"]']);
    const r = await suggestReplies(c);
    expect(r.method).toBe("model");
    expect(r.suggestions.map((s) => s.text)).toEqual(["Sure — start at example.com/returns.", "You can return it within 30 days.", "Happy to help with that return!"]);
    expect(JSON.stringify(c.ai.calls)).not.toContain("jo@example.com");
  });

  it("should fall back to builtin suggestions when the model output is not JSON", async () => {
    const r = await suggestReplies(ctx("workers-ai", ["I think you should..."]));
    expect(r.method).toMatch(/^builtin/);
    expect(r.suggestions).toHaveLength(3);
  });
});
