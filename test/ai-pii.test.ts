/**
 * PII never reaches a model: not from the current message, not from earlier messages in the history,
 * not from an order-lookup result. Checked on what the real AI turn sends to an OpenAI-compatible
 * server, caught at the fetch boundary, and on every input it gives the Workers AI binding.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import { sseStream } from "./ai-fakes";
import { clientId, openSocket, waitFor, widgetSession } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
});

const EMAIL = "ada.lovelace@example.com";
const PHONE = "+44 20 7946 0958";
const CARD = "4111 1111 1111 1111";
const ORDER_EMAIL = "grace.hopper@example.net";
const ORDER_PHONE = "+1 (415) 555-0142";
const ORDER_CARD = "5500 0000 0000 0004";
const digits = (s: string) => s.replace(/\D/g, "");
const ORDER_LOOKUP = {
  url: "https://shop.example/orders",
  secretHeaderName: "x-key",
  secretValue: "order-secret",
};
const orderFound = () =>
  Response.json({
    status: `shipped to ${ORDER_EMAIL}, paid with ${ORDER_CARD}`,
    carrier: "DHL",
    eta: `call ${ORDER_PHONE}`,
    trackingNumber: "JD0146",
  });

async function shippingEntry(owner: Caller): Promise<void> {
  expect(
    (
      await call("POST", "/api/kb/entries", {
        cookie: owner.cookie,
        body: {
          question: "How long does shipping take?",
          phrasings: ["delivery time", "where is my parcel"],
          answer: "Shipping takes 2-4 days.",
          language: "en",
        },
      })
    ).status,
  ).toBe(201);
}

/** A widget conversation that sends `texts` one after another, each waiting for its AI turn to end. */
async function converse(owner: Caller, texts: string[]): Promise<void> {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  const turns = () => sock.frames.filter((f) => f.type === "ai_done").length;
  for (const [i, text] of texts.entries()) {
    sock.send({ type: "message", clientId: clientId(), text });
    await waitFor(() => turns() === i + 1, `AI turn ${i + 1}`, 15000);
  }
  sock.close();
}

function expectNoPii(sent: string[]): void {
  for (const body of sent) {
    for (const secret of [EMAIL, ORDER_EMAIL]) expect(body).not.toContain(secret);
    for (const number of [PHONE, CARD, ORDER_PHONE, ORDER_CARD])
      expect(digits(body)).not.toContain(digits(number));
  }
}

describe("PII sent to a model", () => {
  it("should redact email, phone and card from earlier messages and from order-lookup results", async () => {
    const owner = await signupTenant();
    const ai = {
      provider: "openai-compatible",
      openai: { baseUrl: "https://llm.example/v1", apiKey: "sk-test", model: "m1" },
      orderLookup: ORDER_LOOKUP,
    };
    expect((await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: ai })).status).toBe(
      200,
    );
    await shippingEntry(owner);
    const modelBodies: string[] = [];
    const real = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith("https://llm.example/")) {
        modelBodies.push(
          typeof init?.body === "string" ? init.body : await new Request(input, init).text(),
        );
        return Response.json({
          choices: [{ message: { content: "Shipping takes 2-4 days [#entry]." } }],
        });
      }
      if (url === ORDER_LOOKUP.url) return orderFound();
      return real(input, init);
    });
    // Workers AI, when bound, still scores sentiment next to an OpenAI-compatible server.
    const bindingInputs: string[] = [];
    vi.spyOn(env.AI, "run").mockImplementation((async (
      _model: string,
      inputs: Record<string, unknown>,
    ) => {
      bindingInputs.push(JSON.stringify(inputs));
      return [
        { label: "NEGATIVE", score: 0.1 },
        { label: "POSITIVE", score: 0.9 },
      ];
    }) as never);
    await converse(owner, [
      `Hi, I'm Ada: ${EMAIL}, phone ${PHONE}, my card ${CARD}. How long does shipping take?`,
      "Where is my order #A12345?",
    ]);
    // The second turn's request carries the first message as history and the order result as a tool block.
    const second = modelBodies.find(
      (b) => b.includes("A12345") && b.includes("<conversation>") && b.includes("<tool"),
    );
    expect(second, `model requests: ${modelBodies.length}`).toBeDefined();
    expect(second).toContain("JD0146");
    // One numbering for the whole prompt: the shopper's values and the order's never share a placeholder.
    for (const type of ["EMAIL", "PHONE", "CARD"])
      expect(new Set(second!.match(new RegExp(`\\[${type}_\\d+\\]`, "g"))), type).toHaveProperty(
        "size",
        2,
      );
    expect(bindingInputs).toHaveLength(2);
    expectNoPii([...modelBodies, ...bindingInputs]);
  }, 40000);

  it("should give the Workers AI binding no email, phone or card: not the chat model, the translator nor the sentiment model", async () => {
    const owner = await signupTenant();
    expect(
      (
        await call("PUT", "/api/settings/ai", {
          cookie: owner.cookie,
          body: { provider: "workers-ai", orderLookup: ORDER_LOOKUP },
        })
      ).status,
    ).toBe(200);
    await shippingEntry(owner);
    const calls: { model: string; inputs: string }[] = [];
    vi.spyOn(env.AI, "run").mockImplementation((async (
      model: string,
      inputs: Record<string, unknown>,
    ) => {
      const text = JSON.stringify(inputs);
      calls.push({ model, inputs: text });
      if (model.includes("m2m100"))
        return { translated_text: `[${String(inputs.target_lang)}] ${String(inputs.text)}` };
      if (model.includes("sst-2"))
        return [
          { label: "NEGATIVE", score: 0.1 },
          { label: "POSITIVE", score: 0.9 },
        ];
      // The chat model fails on the Czech turn, so its order status is the builtin reply through the translator.
      if (text.includes("Kde je")) throw new Error("upstream 500");
      return sseStream(
        ["Shipping takes ", "2-4 days [#entry]."].map((t) => JSON.stringify({ response: t })),
      );
    }) as never);
    const real = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) =>
      (input instanceof Request ? input.url : String(input)) === ORDER_LOOKUP.url
        ? orderFound()
        : real(input, init),
    );
    await converse(owner, [
      `Hi, I'm Ada: ${EMAIL}, phone ${PHONE}, my card ${CARD}. How long does shipping take?`,
      "Where is my order #A12345?",
      `Kde je moje objednávka #A12345? Prosím o odpověď na ${EMAIL} nebo na čísle ${PHONE}.`,
    ]);
    const models = [...new Set(calls.map((c) => c.model))];
    expect(models).toEqual(
      expect.arrayContaining([
        "@cf/meta/llama-3.1-8b-instruct",
        "@cf/meta/m2m100-1.2b",
        "@cf/huggingface/distilbert-sst-2-int8",
      ]),
    );
    // The second turn's chat request carries the first message as history and the order result as a tool block.
    const second = calls.find(
      (c) =>
        c.inputs.includes("A12345") &&
        c.inputs.includes("<conversation>") &&
        c.inputs.includes("<tool"),
    );
    expect(second, `binding calls: ${calls.map((c) => c.model).join(", ")}`).toBeDefined();
    expect(second!.inputs).toContain("JD0146");
    for (const type of ["EMAIL", "PHONE", "CARD"])
      expect(
        new Set(second!.inputs.match(new RegExp(`\\[${type}_\\d+\\]`, "g"))),
        type,
      ).toHaveProperty("size", 2);
    // The Czech order status (no fixed-reply table) went through the translator with the order's values as placeholders.
    expect(calls.some((c) => c.model.includes("m2m100") && c.inputs.includes("JD0146"))).toBe(true);
    expectNoPii(calls.map((c) => c.inputs));
  }, 60000);
});

describe("POST /api/translate", () => {
  const TEXT = `Write to ${EMAIL} or call ${PHONE}; the card was ${CARD}.`;

  it("should give the Workers AI translator no email, phone or card, and put them back in the translation", async () => {
    const owner = await signupTenant();
    expect(
      (
        await call("PUT", "/api/settings/ai", {
          cookie: owner.cookie,
          body: { provider: "workers-ai" },
        })
      ).status,
    ).toBe(200);
    const inputs: string[] = [];
    vi.spyOn(env.AI, "run").mockImplementation((async (
      _model: string,
      input: Record<string, unknown>,
    ) => {
      inputs.push(JSON.stringify(input));
      return { translated_text: `[${String(input.target_lang)}] ${String(input.text)}` };
    }) as never);
    const res = await call("POST", "/api/translate", {
      cookie: owner.cookie,
      body: { text: TEXT, from: "en", to: "es" },
    });
    expect(res.status).toBe(200);
    expect(inputs.length).toBeGreaterThan(0);
    expectNoPii(inputs);
    expect(((await res.json()) as { text: string }).text).toBe(`[es] ${TEXT}`);
  });

  it("should give an OpenAI-compatible translator no email, phone or card", async () => {
    const owner = await signupTenant();
    const ai = {
      provider: "openai-compatible",
      openai: { baseUrl: "https://llm.example/v1", apiKey: "sk-test", model: "m1" },
    };
    expect((await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: ai })).status).toBe(
      200,
    );
    const bodies: string[] = [];
    const real = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      if (
        (input instanceof Request ? input.url : String(input)).startsWith("https://llm.example/")
      ) {
        const body =
          typeof init?.body === "string" ? init.body : await new Request(input, init).text();
        bodies.push(body);
        const user =
          (JSON.parse(body) as { messages: { role: string; content: string }[] }).messages.findLast(
            (m) => m.role === "user",
          )?.content ?? "";
        return Response.json({ choices: [{ message: { content: user } }] });
      }
      return real(input, init);
    });
    const res = await call("POST", "/api/translate", {
      cookie: owner.cookie,
      body: { text: TEXT, from: "en", to: "es" },
    });
    expect(res.status).toBe(200);
    expect(bodies.length).toBeGreaterThan(0);
    expectNoPii(bodies);
    const out = ((await res.json()) as { text: string }).text;
    for (const value of [EMAIL, PHONE, CARD]) expect(out).toContain(value);
  });
});
