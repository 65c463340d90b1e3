import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { setAiResponder } from "./ai-responder";
import { askWidget as ask, readMessages } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

// The real conversation path with the builtin engine: widget socket → ConversationDO → AI turn,
// whose lexicons are read from the Worker's ASSETS (web/dist/lexicons, built by `npm run build`).
afterEach(() => setAiResponder(null));

async function englishShop(
  settings: Record<string, unknown> = {},
): Promise<{ owner: Caller; ship: string; pay: string }> {
  const owner = await signupTenant();
  if (Object.keys(settings).length)
    expect(
      (await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: settings })).status,
    ).toBe(200);
  const add = async (entry: Record<string, unknown>) => {
    const res = await call("POST", "/api/kb/entries", {
      cookie: owner.cookie,
      body: { ...entry, language: "en" },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { entry: { id: string } }).entry.id;
  };
  const ship = await add({
    question: "How long does shipping to Mexico take?",
    phrasings: ["delivery time to Mexico"],
    answer: "Orders to Mexico arrive in 5 to 8 business days.",
  });
  const pay = await add({
    question: "Which payment methods do you accept?",
    phrasings: ["can I pay with PayPal"],
    answer: "We accept Visa, Mastercard and PayPal.",
  });
  await add({
    question: "What is your return policy?",
    phrasings: ["how do I return an item"],
    answer: "You can return unworn items within 30 days.",
  });
  return { owner, ship, pay };
}

describe("cross-lingual answers (builtin engine, English-only knowledge base)", () => {
  it("should answer a Spanish shopper with the English entry under a Spanish notice and keep the conversation in Spanish", async () => {
    const { owner, ship } = await englishShop();
    const { reply, conversationId } = await ask(owner, "¿Cuánto tarda la entrega a México?");
    expect(reply.citations).toEqual([ship]);
    expect(reply.text).toBe(
      "Por ahora solo tenemos esta respuesta en inglés:\n\nOrders to Mexico arrive in 5 to 8 business days.",
    );
    expect(reply.language).toBe("en");
    const line = (await readMessages(owner.cookie, conversationId)).find(
      (m) => m.author.type === "ai",
    );
    expect(line?.meta).toMatchObject({
      aiKind: "answer",
      entryLanguage: "en",
      shopperLanguage: "es",
    });
    const contact = await env.DB.prepare(
      "SELECT ct.language FROM contacts ct JOIN conversations c ON c.contact_id = ct.id WHERE c.id = ?",
    )
      .bind(conversationId)
      .first<{ language: string }>();
    expect(contact?.language).toBe("es");
  });

  it("should answer a Chinese shopper from the English entry", async () => {
    const { owner, pay } = await englishShop();
    const { reply } = await ask(owner, "你们接受哪些付款方式？");
    expect(reply.citations).toEqual([pay]);
    expect(reply.text).toBe("此回答目前只有英语版本：\n\nWe accept Visa, Mastercard and PayPal.");
  });

  it("should hand over instead when the merchant chose it for entries in another language", async () => {
    const { owner } = await englishShop({ crossLingualReply: "handover" });
    const { reply, conversationId } = await ask(owner, "¿Cuánto tarda la entrega a México?");
    expect(reply.text).not.toContain("Orders to Mexico");
    expect(reply.language).toBe("es");
    const line = (await readMessages(owner.cookie, conversationId)).find(
      (m) => m.author.type === "ai",
    );
    // The handover policy decides between offering a person and handing over at once.
    expect(["offer_handover", "handover"]).toContain(line?.meta.aiKind);
  });

  it("should hand over rather than guess for a language without a lexicon", async () => {
    const { owner } = await englishShop();
    const { reply, conversationId } = await ask(
      owner,
      "Bawo ni gbigbe si ilu Mexico ṣe pẹ to fun aṣẹ mi?",
    );
    expect(reply.citations ?? []).toEqual([]);
    const line = (await readMessages(owner.cookie, conversationId)).find(
      (m) => m.author.type === "ai",
    );
    expect(["offer_handover", "handover"]).toContain(line?.meta.aiKind);
  });
});

describe("cross-lingual answers on awkward input (builtin engine)", () => {
  // Never a wrong entry with confidence: either the right entry or none (a person takes over).
  const answeredOnlyBy = async (owner: Caller, text: string, allowed: string[]) => {
    const { reply, conversationId } = await ask(owner, text);
    for (const id of reply.citations ?? []) expect(allowed, text).toContain(id);
    const line = (await readMessages(owner.cookie, conversationId)).find(
      (m) => m.author.type === "ai",
    );
    return { reply, kind: line?.meta.aiKind };
  };

  it("should answer a message mixing Spanish and English from the entry it asks about", async () => {
    const { owner, ship } = await englishShop();
    const { reply } = await answeredOnlyBy(
      owner,
      "Hola, my order is going to Mexico, ¿cuánto tarda la entrega?",
      [ship],
    );
    expect(reply.citations).toEqual([ship]);
  });

  it("should answer Latin-script Japanese and Hindi with the right entry or none, never another", async () => {
    const { owner, ship } = await englishShop();
    await answeredOnlyBy(owner, "Mekishiko made no haisou wa dono kurai kakarimasu ka?", [ship]);
    await answeredOnlyBy(owner, "Mera parcel Mexico mein kitne din mein pahunchega?", [ship]);
  });

  it("should cite no entry for an emoji-only message", async () => {
    const { owner } = await englishShop();
    const { reply } = await answeredOnlyBy(owner, "🙂📦❓🇲🇽", []);
    expect(reply.citations ?? []).toEqual([]);
  });

  it("should answer a 4,000-character Spanish message without failing the turn", async () => {
    const { owner, ship } = await englishShop();
    const question = "¿Cuánto tarda la entrega a México? ";
    const filler = "Les escribo porque necesito el pedido para un regalo de cumpleaños. ";
    let text = question;
    while (text.length + filler.length <= 4000) text += filler;
    text = text.padEnd(4000, ".");
    expect(text).toHaveLength(4000);
    const { reply, kind } = await answeredOnlyBy(owner, text, [ship]);
    expect(reply.text.length).toBeGreaterThan(0);
    expect(["answer", "offer_handover", "handover"]).toContain(kind);
  });

  it("should answer from an entry in a third language or hand over, never from an unrelated entry", async () => {
    const { owner, pay } = await englishShop();
    const res = await call("POST", "/api/kb/entries", {
      cookie: owner.cookie,
      body: {
        question: "Kann ich meine Bestellung nach Kanada schicken lassen?",
        phrasings: ["Versand nach Kanada"],
        answer: "Ja, wir versenden nach Kanada in 6 bis 9 Werktagen.",
        language: "de",
      },
    });
    expect(res.status).toBe(201);
    const canada = ((await res.json()) as { entry: { id: string } }).entry.id;
    // Spanish shopper, the answer only in the German entry; the English ones are about other things.
    await answeredOnlyBy(owner, "¿Envían a Canadá?", [canada]);
    // And the English entry still answers its own question in Spanish.
    const { reply } = await answeredOnlyBy(owner, "¿Qué métodos de pago aceptan?", [pay]);
    expect(reply.citations).toEqual([pay]);
  });
});

describe("GET /api/kb/language-gaps", () => {
  type Gaps = {
    mainLanguage: string | null;
    mainEntries: number;
    gaps: { language: string; conversations: number; entries: number }[];
    sources: { id: string; language: string | null }[];
  };
  const gapsOf = async (cookie: string) => {
    const res = await call("GET", "/api/kb/language-gaps", { cookie });
    expect(res.status).toBe(200);
    return (await res.json()) as Gaps;
  };

  it("should list a shopper language the knowledge base has no entry in, with English entries to translate", async () => {
    const { owner, ship } = await englishShop();
    expect((await gapsOf(owner.cookie)).gaps).toEqual([]);
    await ask(owner, "¿Cuánto tarda la entrega a México?");
    const before = await gapsOf(owner.cookie);
    expect(before).toMatchObject({
      mainLanguage: "en",
      mainEntries: 3,
      gaps: [{ language: "es", conversations: 1, entries: 0 }],
    });
    expect(before.sources.map((e) => e.id)).toContain(ship);
    expect(before.sources.every((e) => e.language === "en")).toBe(true);
    // One translated entry of three still leaves Spanish short; translating all three closes the gap.
    for (const question of [
      "¿Cuánto tarda el envío a México?",
      "¿Qué formas de pago aceptan?",
      "¿Cuál es su política de devoluciones?",
    ]) {
      expect(
        (
          await call("POST", "/api/kb/entries", {
            cookie: owner.cookie,
            body: { question, answer: "…", language: "es" },
          })
        ).status,
      ).toBe(201);
      const after = await gapsOf(owner.cookie);
      expect(after.gaps.find((g) => g.language === "es")?.entries ?? 3).toBeGreaterThan(0);
    }
    expect((await gapsOf(owner.cookie)).gaps).toEqual([]);
  });

  it("should refuse a caller who is not signed in and show no tenant's data", async () => {
    const res = await call("GET", "/api/kb/language-gaps");
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } });
  });
});
