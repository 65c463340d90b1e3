import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setAiResponder } from "./ai-responder";
import type { Message, ServerFrame } from "../workers/wire/socket";
import { clientId, openSocket, readMessages, waitFor, widgetSession } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

// No responder is injected: these conversations run the real AI turn (builtin provider unless set).
afterEach(() => {
  setAiResponder(null);
  vi.restoreAllMocks();
});

async function shopper(owner: Caller) {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  const say = (text: string) => sock.send({ type: "message", clientId: clientId(), text });
  const aiMessages = () =>
    sock.frames.flatMap((f) =>
      f.type === "message" && f.message.author.type === "ai" ? [f.message] : [],
    );
  const conversationId = async () =>
    (await waitFor(
      async () => (await widgetSession(owner, { visitorToken })).conversationId,
      "conversation id",
    ))!;
  return { sock, say, aiMessages, conversationId };
}

async function addEntry(owner: Caller, entry: Record<string, unknown>): Promise<string> {
  const res = await call("POST", "/api/kb/entries", { cookie: owner.cookie, body: entry });
  expect(res.status).toBe(201);
  return ((await res.json()) as { entry: { id: string } }).entry.id;
}

async function aiSettings(owner: Caller, settings: Record<string, unknown>) {
  expect(
    (await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: settings })).status,
  ).toBe(200);
}

type Detail = {
  conversation: {
    status: string;
    language: string | null;
    tags: string[];
    handoverReason: string | null;
    handover: {
      reason: string;
      rule: string | null;
      summary: string | null;
      intent: string | null;
      sentiment: string | null;
    } | null;
  };
};
const detailOf = async (owner: Caller, id: string) =>
  (await (
    await call("GET", `/api/conversations/${id}`, { cookie: owner.cookie })
  ).json()) as Detail;

describe("live AI turn", () => {
  it("should answer a Spanish question from the knowledge base over the socket and store the contact's language", async () => {
    const owner = await signupTenant();
    await aiSettings(owner, { languages: ["en", "es"] });
    await addEntry(owner, {
      question: "What are your opening hours?",
      phrasings: ["when are you open"],
      answer: "We are open 9 to 5.",
      language: "en",
    });
    const id = await addEntry(owner, {
      question: "¿Cuánto tarda el envío?",
      phrasings: ["¿Cuándo llega mi pedido?", "tiempo de entrega", "cuántos días tarda la entrega"],
      answer: "El envío tarda de 3 a 5 días hábiles en la península.",
      language: "es",
    });
    const chat = await shopper(owner);
    chat.say("Hola, ¿cuánto tarda el envío de mi pedido?");
    const frame = await chat.sock.next(
      (f) => f.type === "message" && f.message.author.type === "ai",
      "AI answer",
    );
    const answer = (frame as Extract<ServerFrame, { type: "message" }>).message;
    expect(answer).toMatchObject({
      text: "El envío tarda de 3 a 5 días hábiles en la península.",
      citations: [id],
      language: "es",
    });
    const firstToken = chat.sock.frames.findIndex((f) => f.type === "ai_token");
    expect(firstToken).toBeGreaterThan(-1);
    expect(firstToken).toBeLessThan(chat.sock.frames.indexOf(frame));
    await chat.sock.next((f) => f.type === "ai_done");
    expect(chat.aiMessages()).toHaveLength(1);
    const conversationId = await chat.conversationId();
    const contact = await env.DB.prepare(
      "SELECT ct.language FROM contacts ct JOIN conversations c ON c.contact_id = ct.id WHERE c.id = ?",
    )
      .bind(conversationId)
      .first<{ language: string }>();
    expect(contact?.language).toBe("es");
    await waitFor(
      async () => (await detailOf(owner, conversationId)).conversation.language === "es",
      "conversation language indexed",
    );
    expect((await detailOf(owner, conversationId)).conversation.status).toBe("bot");
  });

  it("should hand a shopper who asks for a person to the queue with the reason and summary visible to agents", async () => {
    const owner = await signupTenant();
    const chat = await shopper(owner);
    chat.say("This is unacceptable, I want to talk to a person about my order #A12345");
    await chat.sock.next(
      (f) => f.type === "state" && f.conversation.status === "waiting",
      "handover",
    );
    const conversationId = await chat.conversationId();
    const { conversation } = await waitFor(async () => {
      const d = await detailOf(owner, conversationId);
      return d.conversation.handoverReason ? d : null;
    }, "handover indexed");
    expect(conversation.status).toBe("waiting");
    expect(conversation.handoverReason).toContain("asked for a person");
    expect(conversation.handover).toMatchObject({
      rule: "explicit_request",
      intent: "complaint",
      sentiment: "negative",
    });
    expect(conversation.handover?.summary).toContain("Customer asked");
    expect(conversation.tags).toContain("sentiment:negative");
    // Shoppers never see message meta; agents do, and the policy reads the turn's kind from it.
    const aiLine = (await readMessages(owner.cookie, conversationId)).find(
      (m) => m.author.type === "ai",
    );
    expect(aiLine?.meta).toMatchObject({ aiKind: "handover", rule: "explicit_request" });
  });

  it("should ask for contact details outside business hours and queue the conversation with its summary", async () => {
    const owner = await signupTenant();
    // No opening intervals on any day: the shop is always closed.
    await aiSettings(owner, { businessHours: { timezone: "UTC", days: {} } });
    const chat = await shopper(owner);
    chat.say("Can I talk to a human please?");
    await chat.sock.next(
      (f) => f.type === "state" && f.conversation.status === "waiting",
      "queued",
    );
    expect(chat.aiMessages()[0].text).toContain("leave your email address");
    const conversationId = await chat.conversationId();
    const { conversation } = await waitFor(async () => {
      const d = await detailOf(owner, conversationId);
      return d.conversation.handoverReason ? d : null;
    }, "handover indexed");
    expect(conversation.handoverReason).toContain("outside business hours");
    expect(conversation.handover?.summary).toContain("Customer asked");
    const ai = (await readMessages(owner.cookie, conversationId)).find(
      (m) => m.author.type === "ai",
    );
    expect(ai?.meta.aiKind).toBe("collect_contact");
  });

  it("should offer a person for an unknown question, hand over on the second failure, and record the gap", async () => {
    const owner = await signupTenant();
    await addEntry(owner, {
      question: "How long does shipping take?",
      phrasings: ["delivery time"],
      answer: "Shipping takes 2-4 days.",
      language: "en",
    });
    const chat = await shopper(owner);
    chat.say("What is the capital of Mongolia?");
    await waitFor(() => chat.aiMessages().length === 1, "offer");
    const conversationId = await chat.conversationId();
    const offer = (await readMessages(owner.cookie, conversationId)).find(
      (m) => m.author.type === "ai",
    );
    expect(offer?.meta).toMatchObject({ aiKind: "offer_handover", rule: "low_confidence" });
    expect((await detailOf(owner, conversationId)).conversation.status).toBe("bot");
    chat.say("Which planets have rings made of ice?");
    await chat.sock.next(
      (f) => f.type === "state" && f.conversation.status === "waiting",
      "handover after the offer",
    );
    const ai: Message[] = (await readMessages(owner.cookie, conversationId)).filter(
      (m) => m.author.type === "ai",
    );
    expect(ai.map((m) => m.meta.aiKind)).toEqual(["offer_handover", "handover"]);
    const unanswered = await call("GET", "/api/kb/unanswered", { cookie: owner.cookie });
    const { questions } = (await unanswered.json()) as {
      questions: {
        conversationId: string;
        text: string;
        reason: string;
        language: string | null;
      }[];
    };
    expect(questions.map((q) => q.text).sort()).toEqual([
      "What is the capital of Mongolia?",
      "Which planets have rings made of ice?",
    ]);
    expect(
      questions.every(
        (q) =>
          q.conversationId === conversationId &&
          q.language === "en" &&
          q.reason === "low_confidence",
      ),
    ).toBe(true);
  });

  it("should answer with the builtin engine, without calling the model, once a monthly AI limit is reached", async () => {
    const owner = await signupTenant();
    await aiSettings(owner, {
      provider: "openai-compatible",
      openai: { baseUrl: "https://llm.example/v1", apiKey: "sk-test", model: "m1" },
    });
    await addEntry(owner, {
      question: "How do I return an item?",
      phrasings: ["return policy", "send an item back", "can I return my order"],
      answer: "Returns are accepted within 30 days.",
      language: "en",
    });
    await addEntry(owner, {
      question: "How long does shipping take?",
      phrasings: ["delivery time", "when will my order arrive"],
      answer: "Shipping takes 2-4 days.",
      language: "en",
    });
    expect(
      (await call("PUT", "/api/usage/limits", { cookie: owner.cookie, body: { ai_replies: 5 } }))
        .status,
    ).toBe(200);
    await env.DB.prepare(
      "INSERT INTO usage_counters (tenant_id, day, metric, value) VALUES (?, ?, 'ai_replies', 5)",
    )
      .bind(owner.tenantId, new Date().toISOString().slice(0, 10))
      .run();
    const model = vi.spyOn(globalThis, "fetch");
    const chat = await shopper(owner);
    chat.say("How do I return an item?");
    await waitFor(() => chat.aiMessages().length === 1, "builtin answer");
    expect(chat.aiMessages()[0].text).toBe("Returns are accepted within 30 days.");
    expect(
      model.mock.calls.filter(([input]) =>
        String(input instanceof Request ? input.url : input).startsWith("https://llm.example/"),
      ),
    ).toHaveLength(0);
  });

  const FIRST_CHUNK =
    "Returns are accepted within 30 days of delivery, as long as the item is unused and still in its original packaging. ";

  it("should cancel the real responder when an agent takes over while a slow model is streaming", async () => {
    const owner = await signupTenant();
    await aiSettings(owner, {
      provider: "openai-compatible",
      openai: { baseUrl: "https://llm.example/v1", apiKey: "sk-test", model: "m1" },
    });
    await addEntry(owner, {
      question: "How do I return an item?",
      phrasings: ["return policy", "send an item back", "can I return my order"],
      answer: "Returns are accepted within 30 days.",
      language: "en",
    });
    await addEntry(owner, {
      question: "How long does shipping take?",
      phrasings: ["delivery time", "when will my order arrive"],
      answer: "Shipping takes 2-4 days.",
      language: "en",
    });
    await addEntry(owner, {
      question: "What are your opening hours?",
      phrasings: ["when are you open"],
      answer: "We are open 9 to 5.",
      language: "en",
    });
    const seen: string[] = [];
    const real = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.startsWith("https://llm.example/")) return real(input, init);
      seen.push(url);
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const body = new ReadableStream<Uint8Array>({
        start(ctrl) {
          ctrl.enqueue(
            new TextEncoder().encode(
              `data: ${JSON.stringify({ choices: [{ delta: { content: FIRST_CHUNK } }] })}\n\n`,
            ),
          );
          // The rest never comes: only the abort ends this stream.
          signal?.addEventListener("abort", () => ctrl.error(new Error("aborted")));
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    });
    const chat = await shopper(owner);
    chat.say("How do I return an item?");
    const token = await chat.sock.next((f) => f.type === "ai_token", "the model starts streaming");
    // The output guard holds back a few characters; what it streamed is the start of the model's text.
    expect(
      token.type === "ai_token" && token.token.length > 10 && FIRST_CHUNK.startsWith(token.token),
    ).toBe(true);
    const conversationId = await chat.conversationId();
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/takeover`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(200);
    await chat.sock.next((f) => f.type === "ai_cancelled", "cancellation");
    // A later agent message on the same ordered log: once the shopper has it, a late AI answer
    // would have arrived before it.
    const marker = `marker-${crypto.randomUUID()}`;
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/messages`, {
          cookie: owner.cookie,
          body: { clientId: clientId(), text: marker },
        })
      ).status,
    ).toBe(201);
    await chat.sock.next(
      (f) => f.type === "message" && f.message.text === marker,
      "the later message",
    );
    expect(seen).toEqual(["https://llm.example/v1/chat/completions"]);
    const msgs = await readMessages(owner.cookie, conversationId);
    expect(msgs.some((m) => m.author.type === "ai")).toBe(false);
    expect(chat.aiMessages()).toHaveLength(0);
  }, 20000);
});
