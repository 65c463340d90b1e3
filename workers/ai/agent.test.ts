import { describe, expect, it } from "vitest";
import { runAiTurn, type AiTurnInput } from "./agent";
import { KnowledgeIndex } from "./engine";
import { createProviders } from "./providers";
import { AiSettings, type AiSettingsInput } from "./ai-settings";
import { SHOP_KB, fakeAi, openAiSse } from "../../test/ai-fakes";

const index = KnowledgeIndex.build(SHOP_KB);
const WED_NOON = new Date("2025-03-05T12:00:00Z");

function turn(
  message: string,
  settingsIn: AiSettingsInput = {},
  over: Partial<AiTurnInput> & { ai?: ReturnType<typeof fakeAi>; fetch?: typeof fetch } = {},
) {
  const settings = AiSettings.parse(settingsIn);
  const providers = createProviders({ AI: over.ai }, settings, { fetch: over.fetch });
  return runAiTurn({
    tenantId: "t1",
    settings,
    entries: index,
    history: [],
    message,
    contact: { vip: false },
    now: WED_NOON,
    providers,
    ...over,
  });
}

describe("runAiTurn (builtin)", () => {
  it("should answer from the matched entry and cite it", async () => {
    const r = await turn("how long does delivery take?");
    expect(r).toMatchObject({
      kind: "answer",
      citations: ["shipping-time"],
      language: "en",
      intent: "shipping",
    });
    expect(r.text).toBe(SHOP_KB[0].answer);
  });

  it("should prefer the entry in the shopper's language", async () => {
    const r = await turn("Wie lange dauert der Versand nach Berlin?");
    expect(r).toMatchObject({ kind: "answer", language: "de", citations: ["versand-de"] });
  });

  it("should report translation as unavailable instead of throwing", async () => {
    const r = await turn(
      "¿Cuánto tarda el envío? ¿Cuándo llega mi pedido?",
      {},
      {
        entries: KnowledgeIndex.build([
          { ...SHOP_KB[0], phrasings: [...SHOP_KB[0].phrasings, "cuanto tarda el envio"] },
          SHOP_KB[1],
        ]),
      },
    );
    expect(r.kind).toBe("answer");
    if (r.kind !== "answer") return;
    expect(r.language).toBe("en");
    expect(r.translation).toEqual({ ok: false, reason: "needs an AI provider" });
  });

  it("should offer a person below the threshold, in the shopper's language", async () => {
    const r = await turn("Quelle est la capitale de la Mongolie ?");
    expect(r).toMatchObject({ kind: "offer_handover", rule: "low_confidence", language: "fr" });
    expect(r.text).toContain("équipe");
  });

  it("should hand over with a summary, intent, language, sentiment and tags", async () => {
    const r = await turn("This is unacceptable, I want to talk to a human about my order #A12345");
    expect(r).toMatchObject({
      kind: "handover",
      rule: "explicit_request",
      language: "en",
      intent: "complaint",
    });
    if (r.kind === "answer") return;
    expect(r.summary).toContain("Customer asked");
    expect(r.sentiment.label).toBe("negative");
    expect(r.tags).toContain("sentiment:negative");
  });

  it("should collect contact details outside business hours", async () => {
    const r = await turn("talk to a human please", {
      businessHours: { timezone: "UTC", days: { mon: [["09:00", "10:00"]] } },
    });
    expect(r).toMatchObject({ kind: "collect_contact", rule: "explicit_request" });
  });

  it("should redact PII from the turn result", async () => {
    const r = await turn(
      "how long does shipping take? card 4111 1111 1111 1111, mail jo@example.com",
    );
    expect(r.redactions).toEqual([
      { type: "EMAIL", placeholder: "[EMAIL_1]" },
      { type: "CARD", placeholder: "[CARD_1]" },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/4111 1111|jo@example/);
  });
});

describe("runAiTurn (workers-ai)", () => {
  it("should stream a grounded reply from the chat model with the expected request shape", async () => {
    const ai = fakeAi({ chat: ["Orders ", "arrive in ", "2-4 days ", "[#shipping-time]."] });
    const tokens: string[] = [];
    const r = await turn(
      "how long does shipping take",
      { provider: "workers-ai" },
      { ai, onToken: (t) => tokens.push(t) },
    );
    expect(r).toMatchObject({ kind: "answer", citations: ["shipping-time"] });
    if (r.kind === "answer") expect(r.text).toBe("Orders arrive in 2-4 days [#shipping-time].");
    const chat = ai.calls.find((c) => c.model === "@cf/meta/llama-3.1-8b-instruct");
    expect(chat?.inputs).toMatchObject({ stream: true, max_tokens: 512 });
    const messages = chat?.inputs.messages as { role: string; content: string }[];
    expect(messages[0].role).toBe("system");
    expect(messages[1].content).toContain('<entry id="shipping-time">');
    expect(tokens.join("")).toContain("Orders arrive in");
  });

  it("should fall back to the builtin answer when the model times out", async () => {
    const started = Date.now();
    const r = await turn(
      "how long does shipping take",
      { provider: "workers-ai", timeoutMs: 500 },
      { ai: fakeAi({ chat: "hang" }) },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r).toMatchObject({
      kind: "answer",
      citations: ["shipping-time"],
      fallback: "provider failed: timeout",
    });
  });

  it("should hand over when the model fails and nothing matches", async () => {
    const r = await turn(
      "what is the airspeed of an unladen swallow",
      { provider: "workers-ai", policy: { offerFirst: false } },
      { ai: fakeAi({ chat: "error" }) },
    );
    expect(r).toMatchObject({ kind: "handover" });
  });

  it("should translate builtin fixed replies it has no table for", async () => {
    const ai = fakeAi({ chat: ["HANDOVER"] });
    const r = await turn(
      "Nem találom erre a kérdésre a választ, mit kellene most tennem?",
      { provider: "workers-ai" },
      { ai },
    );
    expect(r).toMatchObject({ kind: "offer_handover", language: "hu" });
    expect(r.text).toMatch(/^\[hu\] /);
    expect(
      ai.calls.some(
        (c) =>
          c.model === "@cf/meta/m2m100-1.2b" &&
          c.inputs.target_lang === "hu" &&
          c.inputs.source_lang === "en",
      ),
    ).toBe(true);
  });

  it("should use the sentiment model for English and hand over angry customers after one offer", async () => {
    const ai = fakeAi({ chat: ["ok"] });
    const r = await turn(
      "terrible service, shipping took forever",
      { provider: "workers-ai" },
      { ai },
    );
    expect(
      ai.calls.some(
        (c) =>
          c.model === "@cf/huggingface/distilbert-sst-2-int8" &&
          c.inputs.text === "terrible service, shipping took forever",
      ),
    ).toBe(true);
    expect(r).toMatchObject({ kind: "offer_handover", rule: "negative_sentiment" });
  });
});

describe("runAiTurn (PII and the model)", () => {
  it("should send only placeholders to the model and restore them in the reply", async () => {
    const ai = fakeAi({ chat: ["We will send tracking to ", "[EMAIL_1] ", "[#shipping-time]."] });
    const tokens: string[] = [];
    const r = await turn(
      "how long does shipping take? my email is jo@example.com",
      { provider: "workers-ai" },
      { ai, onToken: (t) => tokens.push(t) },
    );
    expect(JSON.stringify(ai.calls)).not.toContain("jo@example.com");
    expect(JSON.stringify(ai.calls)).toContain("[EMAIL_1]");
    expect(r.kind).toBe("answer");
    expect(r.text).toBe("We will send tracking to jo@example.com [#shipping-time].");
    expect(tokens.join("")).toContain("jo@example.com");
    expect(tokens.join("")).not.toContain("[EMAIL_1]");
  });
});

describe("runAiTurn (openai-compatible)", () => {
  it("should POST a streamed chat completion to the configured base URL", async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    const fetchMock: typeof fetch = async (url, init) => {
      seen.push({ url: String(url), init });
      return openAiSse(["Returns are accepted within 30 days ", "[#returns]."]);
    };
    const r = await turn(
      "how do I return an item",
      {
        provider: "openai-compatible",
        openai: { baseUrl: "https://llm.example/v1/", apiKey: "sk-test", model: "m1" },
      },
      { fetch: fetchMock },
    );
    expect(r).toMatchObject({ kind: "answer", citations: ["returns"] });
    expect(seen[0].url).toBe("https://llm.example/v1/chat/completions");
    const headers = new Headers(seen[0].init?.headers);
    expect(headers.get("authorization")).toBe("Bearer sk-test");
    expect(JSON.parse(String(seen[0].init?.body))).toMatchObject({ model: "m1", stream: true });
  });
});

describe("runAiTurn (cross-lingual, English-only knowledge base)", () => {
  const english = KnowledgeIndex.build(
    SHOP_KB.filter((e) => e.language === "en" && e.id !== "injected"),
  );
  // A lexicon in the build script's format, so the test does not depend on data/lexicons.
  const lexicons = async (lang: string) =>
    lang === "es"
      ? "#translit\t{}\ncuándo\twhen\nentrega\tdelivery\nllegar\tarrive\npedido\torder\n"
      : null;
  const ask = "¿Cuándo va a llegar mi pedido?";

  it("should answer with the English entry under a notice in the shopper's language (builtin)", async () => {
    const r = await turn(ask, {}, { entries: english, lexicons });
    expect(r).toMatchObject({
      kind: "answer",
      citations: ["shipping-time"],
      language: "en",
      shopperLanguage: "es",
      entryLanguage: "en",
    });
    expect(r.text).toBe(`Por ahora solo tenemos esta respuesta en inglés:\n\n${SHOP_KB[0].answer}`);
  });

  it("should hand over instead when the merchant prefers it (builtin)", async () => {
    const r = await turn(ask, { crossLingualReply: "handover" }, { entries: english, lexicons });
    expect(r.kind).toMatch(/handover/);
    expect(r.language).toBe("es");
  });

  it("should not answer without the lexicon (the gloss is what finds the entry)", async () => {
    const r = await turn(ask, {}, { entries: english });
    expect(r.kind).not.toBe("answer");
  });

  it("should ground the model on the glossed entry and ask it to reply in the shopper's language (workers-ai)", async () => {
    const ai = fakeAi({ chat: ["Los pedidos llegan en 2-4 días hábiles ", "[#shipping-time]."] });
    const r = await turn(ask, { provider: "workers-ai" }, { ai, entries: english, lexicons });
    expect(r).toMatchObject({
      kind: "answer",
      citations: ["shipping-time"],
      shopperLanguage: "es",
    });
    const chat = ai.calls.find((c) => c.model === "@cf/meta/llama-3.1-8b-instruct");
    const prompt = JSON.stringify(chat?.inputs.messages);
    expect(prompt).toContain("Reply in Spanish");
    expect(prompt).toContain(SHOP_KB[0].answer);
  });
});
