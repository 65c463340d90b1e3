import { describe, expect, it } from "vitest";
import {
  expandDraft,
  makePolite,
  searchKb,
  suggestReplies,
  summarize,
  type CopilotContext,
} from "./copilot";
import { KnowledgeIndex } from "./engine";
import { createProviders } from "./providers";
import { AiSettings } from "./ai-settings";
import { SHOP_KB, fakeAi } from "../../test/ai-fakes";

const index = KnowledgeIndex.build(SHOP_KB);
const history = [
  {
    role: "shopper" as const,
    text: "Hi, I bought shoes last week. How do I return an item that doesn't fit?",
  },
  { role: "ai" as const, text: "You can return unused items within 30 days." },
  {
    role: "shopper" as const,
    text: "ok but how do I start the return? my email is jo@example.com",
  },
];

function ctx(
  provider: "builtin" | "workers-ai" = "builtin",
  chat: string[] = ["x"],
): CopilotContext & { ai: ReturnType<typeof fakeAi> } {
  const settings = AiSettings.parse({ provider, persona: { tone: "friendly" } });
  const ai = fakeAi({ chat });
  return {
    tenantId: "t1",
    index,
    history,
    settings,
    providers: createProviders({ AI: ai }, settings),
    ai,
  };
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
    expect(r.text).toContain('Latest message: "ok but how do I start the return?"');
  });

  it("should expand a terse draft with a greeting, KB detail and a closing", async () => {
    const r = await expandDraft(ctx(), "start it at our returns page");
    expect(r.text).toMatch(/^Hi there! Start it at our returns page\./);
    expect(r.text).toContain("example.com/returns");
    expect(r.method).toMatch(/^builtin/);
  });

  it("should make a blunt draft polite", async () => {
    const r = await makePolite(ctx(), "you must send me the receipt!!! we cant refund WITHOUT it");
    expect(r.text).toBe(
      "Hi there! Could you please send me the receipt. Unfortunately we are not able to refund without it. Let me know if there's anything else I can do!",
    );
  });

  it("should search the knowledge base", async () => {
    const hits = await searchKb(ctx(), "gift card");
    expect(hits[0]).toMatchObject({ id: "injected", question: "Gift cards" });
  });
});

describe("copilot suggestions in the shopper's language (builtin)", () => {
  const withHistory = (
    h: CopilotContext["history"],
    tone: "friendly" | "professional" = "friendly",
  ): CopilotContext => {
    const settings = AiSettings.parse({ provider: "builtin", persona: { tone } });
    return {
      tenantId: "t1",
      index,
      history: h,
      settings,
      providers: createProviders({ AI: fakeAi({ chat: ["x"] }) }, settings),
    };
  };

  it("should greet a German shopper in German on a German entry and fill in German replies", async () => {
    const r = await suggestReplies(
      withHistory([
        {
          role: "shopper",
          text: "Hallo, wie lange dauert der Versand nach Berlin? Ich warte schon eine Woche auf meine Bestellung.",
        },
      ]),
    );
    expect(r.suggestions[0].citations).toEqual(["versand-de"]);
    expect(r.suggestions[0].text).toMatch(/^Hallo! /);
    for (const s of r.suggestions)
      expect(s.text).not.toMatch(/Hi there|Could you|Thanks for your patience/);
    expect(
      r.suggestions
        .filter((s) => s.citations.length === 0)
        .every((s) => s.text.startsWith("Hallo! ")),
    ).toBe(true);
  });

  it("should never glue a greeting in one language onto an entry written in another", async () => {
    // A Spanish shopper; the matching entries are English and no translator is configured.
    const r = await suggestReplies(
      withHistory([
        {
          role: "shopper",
          text: "Hola, ¿cómo puedo devolver un artículo que no me queda bien? Quiero hacer la devolución.",
        },
      ]),
    );
    expect(r.suggestions).toHaveLength(3);
    // The fill-in replies are Spanish, greeted in Spanish.
    const fillers = r.suggestions.filter((s) => s.citations.length === 0);
    for (const f of fillers) expect(f.text).toMatch(/^¡Hola! .*(pedido|paciencia|ocurrió)/);
    // An English entry offered as written carries no greeting at all.
    for (const s of r.suggestions.filter((x) => x.citations.length > 0))
      expect(s.text).not.toMatch(/^(Hi there! |Hello, |¡Hola! )/);
  });

  it("should keep English conversations as before", async () => {
    const r = await suggestReplies(
      withHistory(
        [{ role: "shopper", text: "How do I return an item that doesn't fit?" }],
        "professional",
      ),
    );
    expect(r.suggestions[0].text).toMatch(/^Hello, /);
    expect(r.suggestions[0].citations).toEqual(["returns"]);
  });
});

describe("copilot (workers-ai)", () => {
  it("should ask the model for three grounded replies and keep PII out of the prompt", async () => {
    const c = ctx("workers-ai", [
      '["Sure — start at example.com/returns.", "You can return it within 30 days.", "Happy to help with that return!"]',
    ]);
    const r = await suggestReplies(c);
    expect(r.method).toBe("model");
    expect(r.suggestions.map((s) => s.text)).toEqual([
      "Sure — start at example.com/returns.",
      "You can return it within 30 days.",
      "Happy to help with that return!",
    ]);
    expect(JSON.stringify(c.ai.calls)).not.toContain("jo@example.com");
  });

  it("should fall back to builtin suggestions when the model output is not JSON", async () => {
    const r = await suggestReplies(ctx("workers-ai", ["I think you should..."]));
    expect(r.method).toMatch(/^builtin/);
    expect(r.suggestions).toHaveLength(3);
  });
});
