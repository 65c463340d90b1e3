import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { clientId, openSocket, readMessages, waitFor, widgetSession } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

beforeEach(() => setAiResponder(async () => ({ kind: "answer", text: "Happy to help." })));
afterEach(() => setAiResponder(null));

async function widgetChat(owner: Caller, text: string) {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  sock.send({ type: "message", clientId: clientId(), text });
  await sock.next((f) => f.type === "message" && f.message.text === text, `echo of ${text}`);
  const row = await waitFor(
    () =>
      env.DB.prepare("SELECT id FROM conversations WHERE tenant_id = ?")
        .bind(owner.tenantId)
        .first<{ id: string }>(),
    "conversation row",
  );
  return { sock, token: visitorToken, conversationId: row.id };
}

describe("a merchant's first day", () => {
  it("should store each status line once: waiting, joined, resolved", async () => {
    const owner = await signupTenant();
    const { sock, conversationId } = await widgetChat(owner, "Where is my order?");
    await sock.next((f) => f.type === "message" && f.message.author.type === "ai", "AI answer");
    sock.send({ type: "handover_request" });
    await sock.next((f) => f.type === "state" && f.conversation.status === "waiting", "waiting");
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/takeover`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/messages`, {
          cookie: owner.cookie,
          body: { clientId: clientId(), text: "Hi, Marta here." },
        })
      ).status,
    ).toBe(201);
    expect(
      (await call("POST", `/api/conversations/${conversationId}/resolve`, { cookie: owner.cookie }))
        .status,
    ).toBe(200);
    // A note after the resolution: once it is in the log, any repeated status line before it is too.
    const marker = `after-${clientId()}`;
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/messages`, {
          cookie: owner.cookie,
          body: { clientId: clientId(), text: marker, note: true },
        })
      ).status,
    ).toBe(201);
    const log = await waitFor(async () => {
      const all = await readMessages(owner.cookie, conversationId);
      return all.some((m) => m.text === marker) && all;
    }, "the note after the resolution");
    const events = log.filter((m) => m.kind === "event").map((m) => `${m.meta.to}`);
    expect(events).toEqual(["waiting", "assigned", "resolved"]);
  });

  it("should keep a rating with the resolution it rated when the shopper writes again from a second tab", async () => {
    const owner = await signupTenant();
    const { sock, token, conversationId } = await widgetChat(owner, "Where is my order?");
    expect(
      (await call("POST", `/api/conversations/${conversationId}/resolve`, { cookie: owner.cookie }))
        .status,
    ).toBe(200);
    await sock.next((f) => f.type === "state" && f.conversation.status === "resolved", "resolved");
    sock.send({ type: "rating", score: 5, comment: "Great help" });
    await sock.next((f) => f.type === "state" && f.reason === "rated", "rated");
    const second = await openSocket(`/ws/widget?token=${token}`);
    await second.next((f) => f.type === "ready");
    second.send({ type: "message", clientId: clientId(), text: "One more question" });
    await second.next((f) => f.type === "state" && f.conversation.status === "bot", "reopened");
    // The list's row follows the object within a second.
    const detail = await waitFor(async () => {
      const d = (await (
        await call("GET", `/api/conversations/${conversationId}`, { cookie: owner.cookie })
      ).json()) as { conversation: { status: string; csat: unknown } };
      return d.conversation.status === "bot" && d;
    }, "the reopened conversation indexed");
    expect(detail.conversation).toMatchObject({
      status: "bot",
      csat: { score: 5, comment: "Great help" },
    });
    const counted = await waitFor(async () => {
      const res = await call("GET", "/api/analytics/summary", { cookie: owner.cookie });
      const m = (
        (await res.json()) as {
          metrics: { conversations: number; csat: { responses: number; positive: number } };
        }
      ).metrics;
      return m.conversations === 1 && m.csat.responses === 1 ? m : null;
    }, "the rating still counted after the reopen");
    expect(counted.csat).toMatchObject({ responses: 1, positive: 1 });
    // Resolved again, the new resolution can be rated: the rating form is offered (no rating for it yet).
    expect(
      (await call("POST", `/api/conversations/${conversationId}/resolve`, { cookie: owner.cookie }))
        .status,
    ).toBe(200);
    const again = await second.next(
      (f) => f.type === "state" && f.conversation.status === "resolved",
      "resolved again",
    );
    expect(again.type === "state" && again.conversation.rating).toBeNull();
  });

  it("should let the AI answer after a hand-back, with the handover rules that fired before starting fresh", async () => {
    setAiResponder(null); // the real AI turn (builtin provider), with an empty knowledge base
    const owner = await signupTenant();
    const { sock, conversationId } = await widgetChat(
      owner,
      "Do you sell tents for winter camping in the mountains?",
    );
    const aiTurns = async () =>
      (await readMessages(owner.cookie, conversationId)).filter((m) => m.author.type === "ai");
    await waitFor(async () => (await aiTurns()).length === 1, "the AI offers a person");
    expect((await aiTurns())[0].meta.aiKind).toBe("offer_handover");
    sock.send({ type: "message", clientId: clientId(), text: "yes please" });
    await sock.next(
      (f) => f.type === "state" && f.conversation.status === "waiting",
      "handed over",
    );
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/takeover`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/messages`, {
          cookie: owner.cookie,
          body: { clientId: clientId(), text: "We do: the Fjell 2." },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/handback`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(200);
    await sock.next((f) => f.type === "state" && f.conversation.status === "bot", "back to the AI");
    sock.send({
      type: "message",
      clientId: clientId(),
      text: "Do you also have sleeping bags for the winter?",
    });
    await waitFor(async () => (await aiTurns()).length === 3, "the AI answers after the hand-back");
    // Read once the list's row has caught up with the third answer (it follows within a second).
    const third = (await aiTurns())[2].text;
    const detail = await waitFor(async () => {
      const d = (await (
        await call("GET", `/api/conversations/${conversationId}`, { cookie: owner.cookie })
      ).json()) as {
        conversation: { status: string; assigneeId: string | null; lastMessageText: string };
      };
      return d.conversation.lastMessageText === third && d;
    }, "the index after the third answer");
    expect(detail.conversation).toMatchObject({ status: "bot", assigneeId: null });
    expect((await aiTurns())[2].meta.aiKind).toBe("offer_handover");
  });

  it("should sign the AI's answers with the persona's name, for the shopper and the agent", async () => {
    setAiResponder(null);
    const owner = await signupTenant();
    expect(
      ((await widgetSession(owner)) as { config?: { persona?: string } }).config?.persona,
    ).toBe("Edgedesk Assistant");
    expect(
      (
        await call("PUT", "/api/settings/ai", {
          cookie: owner.cookie,
          body: { persona: { name: "Lucía" } },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call("POST", "/api/kb/entries", {
          cookie: owner.cookie,
          body: {
            question: "How long does shipping take?",
            answer: "Shipping takes 3 to 5 business days.",
            language: "en",
          },
        })
      ).status,
    ).toBe(201);
    const { sock, conversationId } = await widgetChat(owner, "How long does shipping take?");
    const answer = await sock.next(
      (f) => f.type === "message" && f.message.author.type === "ai",
      "AI answer",
    );
    expect(answer.type === "message" && answer.message.author.name).toBe("Lucía");
    const stored = (await readMessages(owner.cookie, conversationId)).find(
      (m) => m.author.type === "ai",
    );
    expect(stored?.author.name).toBe("Lucía");
    expect(
      ((await widgetSession(owner)) as { config?: { persona?: string } }).config?.persona,
    ).toBe("Lucía");
  });

  it("should show shoppers an agent's display name, or the team's name when none is set, never an email", async () => {
    const owner = await signupTenant("Nordlys Outdoor");
    const { sock, conversationId } = await widgetChat(owner, "Hello?");
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/takeover`, {
          cookie: owner.cookie,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/messages`, {
          cookie: owner.cookie,
          body: { clientId: clientId(), text: "Hi there" },
        })
      ).status,
    ).toBe(201);
    const reply = await sock.next(
      (f) => f.type === "message" && f.message.text === "Hi there",
      "agent reply",
    );
    expect(reply.type === "message" && reply.message.author.name).toBe("Nordlys Outdoor");
    const joined = await sock.next(
      (f) => f.type === "message" && f.message.kind === "event" && f.message.meta.to === "assigned",
      "joined line",
    );
    expect(joined.type === "message" && joined.message.meta.assignee).toBe("Nordlys Outdoor");
    expect(JSON.stringify(sock.frames)).not.toContain(owner.email);
    // With a display name, that name.
    expect(
      (
        await call("PATCH", `/api/users/${owner.userId}`, {
          cookie: owner.cookie,
          body: { name: "Marta" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call("POST", `/api/conversations/${conversationId}/messages`, {
          cookie: owner.cookie,
          body: { clientId: clientId(), text: "Marta again" },
        })
      ).status,
    ).toBe(201);
    const named = await sock.next(
      (f) => f.type === "message" && f.message.text === "Marta again",
      "named reply",
    );
    expect(named.type === "message" && named.message.author.name).toBe("Marta");
  });

  it("should give the conversation and its contact one language, by the shopper's recent messages weighted by confidence", async () => {
    setAiResponder(null);
    const owner = await signupTenant();
    for (const [question, answer] of [
      ["¿Cuánto cuesta el envío?", "El envío cuesta 5 euros."],
      ["¿Cuántos días tarda en llegar el paquete?", "El paquete tarda 3 días."],
      ["¿Puedo devolver un producto?", "Sí, tienes 30 días para devolverlo."],
    ]) {
      expect(
        (
          await call("POST", "/api/kb/entries", {
            cookie: owner.cookie,
            body: { question, answer, language: "es" },
          })
        ).status,
      ).toBe(201);
    }
    const { sock, conversationId } = await widgetChat(owner, "¿Cuánto cuesta el envío?");
    const aiCount = () =>
      sock.frames.filter((f) => f.type === "message" && f.message.author.type === "ai").length;
    await waitFor(() => aiCount() === 1, "first answer");
    // Three clear Spanish questions, then a short Japanese thank-you: the conversation is still Spanish.
    for (const [i, text] of [
      "¿Cuántos días tarda en llegar el paquete?",
      "¿Puedo devolver un producto?",
      "ありがとう",
    ].entries()) {
      sock.send({ type: "message", clientId: clientId(), text });
      await waitFor(() => aiCount() === i + 2, `answer ${i + 2}`, 15000).catch((e) => {
        throw new Error(
          `${e.message}: ${JSON.stringify(sock.frames.filter((f) => f.type === "message" || f.type === "state").map((f) => (f.type === "message" ? [f.message.author.type, f.message.text.slice(0, 40)] : f.conversation.status)))}`,
        );
      });
    }
    // Read once the list's row has caught up with the last answer (it follows within a second).
    const last = sock.frames
      .filter((f) => f.type === "message" && f.message.author.type === "ai")
      .at(-1);
    const lastText = last?.type === "message" ? last.message.text : "";
    const detail = await waitFor(async () => {
      const d = (await (
        await call("GET", `/api/conversations/${conversationId}`, { cookie: owner.cookie })
      ).json()) as {
        conversation: { language: string | null; contact: { id: string }; lastMessageText: string };
      };
      return d.conversation.lastMessageText === lastText && d;
    }, "the index after the last answer");
    const contact = (await (
      await call("GET", `/api/contacts/${detail.conversation.contact.id}`, { cookie: owner.cookie })
    ).json()) as { contact: { language: string | null } };
    expect([detail.conversation.language, contact.contact.language]).toEqual(["es", "es"]);
  });
});
