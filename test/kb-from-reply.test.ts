/** "Save to knowledge" on an agent's reply: the reply is the answer, the customer's message before it the question. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { addChannel, clientId, inbound, readMessages } from "./engine-helpers";
import { addMember, call, errorOf, signupTenant } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "" })));
afterEach(() => setAiResponder(null));

describe("save a reply to knowledge", () => {
  it("should make an entry from the reply and the question it answered, findable by the knowledge search", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(
      owner.tenantId,
      tg,
      "telegram",
      `tg-${crypto.randomUUID()}`,
      ["hola", "¿Hacéis envíos a Canarias?"],
      { language: "es" },
    );
    const sent = await call("POST", `/api/conversations/${id}/messages`, {
      cookie: owner.cookie,
      body: { clientId: clientId(), text: "Sí, enviamos a Canarias en 5 a 7 días." },
    });
    const { message } = (await sent.json()) as { message: { id: string } };
    const res = await call(
      "POST",
      `/api/conversations/${id}/messages/${message.id}/save-to-knowledge`,
      { cookie: owner.cookie },
    );
    expect(res.status).toBe(201);
    const { entry } = (await res.json()) as {
      entry: {
        id: string;
        question: string;
        answer: string;
        language: string | null;
        source: string;
      };
    };
    expect(entry).toMatchObject({
      question: "¿Hacéis envíos a Canarias?",
      answer: "Sí, enviamos a Canarias en 5 a 7 días.",
      language: "es",
      source: "agent",
    });
    const found = await call("GET", `/api/kb/entries?q=${encodeURIComponent("Canarias")}`, {
      cookie: owner.cookie,
    });
    expect(
      ((await found.json()) as { entries: { id: string }[] }).entries.map((e) => e.id),
    ).toContain(entry.id);
    // The question can be given instead.
    const named = await call(
      "POST",
      `/api/conversations/${id}/messages/${message.id}/save-to-knowledge`,
      { cookie: owner.cookie, body: { question: "Envíos a Canarias" } },
    );
    expect(((await named.json()) as { entry: { question: string } }).entry.question).toBe(
      "Envíos a Canarias",
    );
  });

  it("should refuse a shopper's message, another tenant, a viewer and unknown messages", async () => {
    const owner = await signupTenant();
    const stranger = await signupTenant();
    const viewer = await addMember(owner, "viewer");
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(owner.tenantId, tg, "telegram", `tg-${crypto.randomUUID()}`, [
      "¿Tenéis la talla 44?",
    ]);
    const [shopper] = (await readMessages(owner.cookie, id)).filter(
      (m) => m.author.type === "shopper",
    );
    const path = `/api/conversations/${id}/messages/${shopper.id}/save-to-knowledge`;
    const own = await call("POST", path, { cookie: owner.cookie });
    expect(own.status).toBe(422);
    expect((await errorOf(own)).code).toBe("VALIDATION_FAILED");
    expect((await call("POST", path, { cookie: stranger.cookie })).status).toBe(404);
    expect((await call("POST", path, { cookie: viewer.cookie })).status).toBe(403);
    expect(
      (
        await call("POST", `/api/conversations/${id}/messages/msg_nope/save-to-knowledge`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(404);
    const list = await call("GET", "/api/kb/entries", { cookie: owner.cookie });
    expect(((await list.json()) as { entries: unknown[] }).entries).toEqual([]);
  });

  it("should draft the question the reply answered, not the request for a person before it, and drop the agent's greeting", async () => {
    const owner = await signupTenant();
    const tg = await addChannel(owner.tenantId, "telegram");
    const id = await inbound(
      owner.tenantId,
      tg,
      "telegram",
      `tg-${crypto.randomUUID()}`,
      ["¿Cuánto tarda el envío a Madrid?", "quiero hablar con una persona"],
      { language: "es" },
    );
    const sent = await call("POST", `/api/conversations/${id}/messages`, {
      cookie: owner.cookie,
      body: {
        clientId: clientId(),
        text: "¡Hola! Soy Bo. El envío a Madrid tarda de 3 a 5 días laborables.",
      },
    });
    const { message } = (await sent.json()) as { message: { id: string } };
    const draftRes = await call(
      "GET",
      `/api/conversations/${id}/messages/${message.id}/knowledge-draft`,
      { cookie: owner.cookie },
    );
    expect(draftRes.status).toBe(200);
    const { draft } = (await draftRes.json()) as {
      draft: { question: string; answer: string; language: string | null; tags: string[] };
    };
    expect(draft).toMatchObject({
      question: "¿Cuánto tarda el envío a Madrid?",
      answer: "El envío a Madrid tarda de 3 a 5 días laborables.",
      language: "es",
    });
    // Bad input changes nothing.
    const bad = await call(
      "POST",
      `/api/conversations/${id}/messages/${message.id}/save-to-knowledge`,
      { cookie: owner.cookie, body: { question: "x", colour: "red" } },
    );
    expect(bad.status).toBe(422);
    expect(
      (
        (await (await call("GET", "/api/kb/entries", { cookie: owner.cookie })).json()) as {
          entries: unknown[];
        }
      ).entries,
    ).toEqual([]);
    // What the agent edited is what is saved.
    const saved = await call(
      "POST",
      `/api/conversations/${id}/messages/${message.id}/save-to-knowledge`,
      {
        cookie: owner.cookie,
        body: {
          question: "¿Cuánto tarda el envío?",
          answer: draft.answer,
          language: "es",
          tags: ["shipping"],
        },
      },
    );
    expect(saved.status).toBe(201);
    expect(((await saved.json()) as { entry: unknown }).entry).toMatchObject({
      question: "¿Cuánto tarda el envío?",
      answer: "El envío a Madrid tarda de 3 a 5 días laborables.",
      language: "es",
      tags: ["shipping"],
      source: "agent",
    });
  });
});
