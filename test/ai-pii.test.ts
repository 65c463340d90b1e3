/**
 * PII never reaches a model: not from the current message, not from earlier messages in the history,
 * not from an order-lookup result. Checked on the request bodies the real AI turn sends to an
 * OpenAI-compatible server, caught at the fetch boundary.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "../durable-objects/ai-turn";
import { clientId, openSocket, waitFor, widgetSession } from "./engine-helpers";
import { call, signupTenant } from "./helpers";

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

describe("PII sent to a model", () => {
  it("should redact email, phone and card from earlier messages and from order-lookup results", async () => {
    const owner = await signupTenant();
    const ai = {
      provider: "openai-compatible",
      openai: { baseUrl: "https://llm.example/v1", apiKey: "sk-test", model: "m1" },
      orderLookup: { url: "https://shop.example/orders", secretHeaderName: "x-key", secretValue: "order-secret" },
    };
    expect((await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: ai })).status).toBe(200);
    expect((await call("POST", "/api/kb/entries", { cookie: owner.cookie, body: { question: "How long does shipping take?", phrasings: ["delivery time", "where is my parcel"], answer: "Shipping takes 2-4 days.", language: "en" } })).status).toBe(201);
    const modelBodies: string[] = [];
    const real = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith("https://llm.example/")) {
        modelBodies.push(typeof init?.body === "string" ? init.body : await new Request(input, init).text());
        return Response.json({ choices: [{ message: { content: "Shipping takes 2-4 days [#entry]." } }] });
      }
      if (url === "https://shop.example/orders") {
        return Response.json({ status: `shipped to ${ORDER_EMAIL}, paid with ${ORDER_CARD}`, carrier: "DHL", eta: `call ${ORDER_PHONE}`, trackingNumber: "JD0146" });
      }
      return real(input, init);
    });
    const { visitorToken } = await widgetSession(owner);
    const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
    await sock.next((f) => f.type === "ready");
    const turns = () => sock.frames.filter((f) => f.type === "ai_done").length;
    sock.send({ type: "message", clientId: clientId(), text: `Hi, I'm Ada: ${EMAIL}, phone ${PHONE}, my card ${CARD}. How long does shipping take?` });
    await waitFor(() => turns() === 1, "first AI turn", 15000);
    sock.send({ type: "message", clientId: clientId(), text: "Where is my order #A12345?" });
    await waitFor(() => turns() === 2, "second AI turn", 15000);
    sock.close();
    // The second turn's request carries the first message as history and the order result as a tool block.
    const second = modelBodies.find((b) => b.includes("A12345") && b.includes("<conversation>") && b.includes("<tool"));
    expect(second, `model requests: ${modelBodies.length}`).toBeDefined();
    expect(second).toContain("JD0146");
    // One numbering for the whole prompt: the shopper's values and the order's never share a placeholder.
    for (const type of ["EMAIL", "PHONE", "CARD"]) expect(new Set(second!.match(new RegExp(`\\[${type}_\\d+\\]`, "g"))), type).toHaveProperty("size", 2);
    for (const body of modelBodies) {
      for (const secret of [EMAIL, ORDER_EMAIL]) expect(body).not.toContain(secret);
      for (const number of [PHONE, CARD, ORDER_PHONE, ORDER_CARD]) expect(digits(body)).not.toContain(digits(number));
    }
  }, 40000);
});
