/** Per-region style: the shopper's country (phone number, widget edge) and language pick the persona's tone and notes. */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AiSettings, regionalStyleFor, settingsForShopper } from "../workers/ai/ai-settings";
import { systemPrompt } from "../workers/ai/prompt";
import { countryOfPhone, edgeCountry } from "../workers/services/contacts";
import { openAiSse } from "./ai-fakes";
import { addChannel, runConsumer, waitFor } from "./engine-helpers";
import { call, errorOf, signupTenant } from "./helpers";

afterEach(() => vi.restoreAllMocks());

const REGIONS = [
  { region: "de", tone: "professional" as const, instructions: "Use the formal Sie." },
  { region: "CH", tone: "premium" as const, instructions: "Write ss, never ß; prices in CHF." },
  { region: "pt-BR", instructions: "Use você." },
  { region: "pt", instructions: "Use o senhor / a senhora." },
];

describe("regional style", () => {
  it("should read the country from international phone numbers, with or without the plus", () => {
    expect(countryOfPhone("41446681800")).toBe("CH");
    expect(countryOfPhone("+1 415 555 2671")).toBe("US");
    expect(countryOfPhone("+44 20 7946 0958")).toBe("GB");
    expect(countryOfPhone("5511987654321")).toBe("BR");
    expect(countryOfPhone("12345")).toBeNull();
    expect(countryOfPhone(null)).toBeNull();
  });

  it("should take a widget shopper's country from the edge, ignoring unknown and Tor codes", () => {
    const at = (country: unknown) =>
      edgeCountry(
        new Request("https://desk.example/ws/widget", { cf: { country } } as RequestInit),
      );
    expect(at("CH")).toBe("CH");
    expect(at("XX")).toBeNull();
    expect(at("T1")).toBeNull();
    expect(at(undefined)).toBeNull();
    expect(edgeCountry(new Request("https://desk.example/"))).toBeNull();
  });

  it("should pick the most specific region: country, then language-region, then language", () => {
    const persona = AiSettings.parse({ persona: { tone: "friendly", regions: REGIONS } }).persona;
    expect(regionalStyleFor(persona, { country: "CH", language: "de" })?.region).toBe("CH");
    expect(regionalStyleFor(persona, { country: "AT", language: "de" })?.region).toBe("de");
    expect(regionalStyleFor(persona, { country: "BR", language: "pt" })?.region).toBe("pt-BR");
    expect(regionalStyleFor(persona, { country: null, language: "pt-BR" })?.region).toBe("pt-BR");
    expect(regionalStyleFor(persona, { country: "PT", language: "pt" })?.region).toBe("pt");
    expect(regionalStyleFor(persona, { country: "US", language: "en" })).toBeNull();
    // A country and a language with the same letters never stand in for each other.
    const both = AiSettings.parse({
      persona: {
        regions: [
          { region: "DE", instructions: "Germany" },
          { region: "de", instructions: "German" },
        ],
      },
    }).persona;
    expect(regionalStyleFor(both, { country: "AT", language: "de" })?.instructions).toBe("German");
    expect(regionalStyleFor(both, { country: "DE", language: "en" })?.instructions).toBe("Germany");
    const germanyOnly = AiSettings.parse({ persona: { regions: [{ region: "DE" }] } }).persona;
    expect(regionalStyleFor(germanyOnly, { country: "AT", language: "de" })).toBeNull();
    const settings = AiSettings.parse({
      persona: { tone: "friendly", instructions: "Sign as Ana.", regions: REGIONS },
    });
    const swiss = settingsForShopper(settings, { country: "CH", language: "de" });
    expect(swiss.persona.tone).toBe("premium");
    expect(systemPrompt({ settings: swiss, languageName: "German", canary: "c" })).toContain(
      "Sign as Ana.\nFor shoppers in CH: Write ss, never ß; prices in CHF.",
    );
    const brazil = settingsForShopper(settings, { country: "BR", language: "pt" });
    expect(brazil.persona.tone).toBe("friendly");
    expect(settingsForShopper(settings, { country: "US", language: "en" })).toBe(settings);
  });

  it("should refuse a region that is not a country or language code, or one given twice, and keep the settings", async () => {
    const owner = await signupTenant();
    const put = (regions: unknown) =>
      call("PUT", "/api/settings/ai", {
        cookie: owner.cookie,
        body: { persona: { name: "Ana", regions } },
      });
    expect((await put([{ region: "CH", tone: "premium" }])).status).toBe(200);
    for (const bad of [
      [{ region: "Switzerland" }],
      [{ region: "CH" }, { region: "CH" }],
      [{ region: "DE", tone: "casual" }],
    ]) {
      const res = await put(bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
    }
    const stored = (await (
      await call("GET", "/api/settings/ai", { cookie: owner.cookie })
    ).json()) as { settings: AiSettings };
    expect(stored.settings.persona.regions).toEqual([
      { region: "CH", tone: "premium", instructions: "" },
    ]);
  });

  it("should give a WhatsApp shopper from Switzerland the Swiss style and one from Germany the base tone", async () => {
    const owner = await signupTenant();
    const settings = {
      provider: "openai-compatible",
      openai: { baseUrl: "https://llm.example/v1", apiKey: "sk-test", model: "m1" },
      languages: ["de", "en"],
      persona: { name: "Ana", tone: "friendly", regions: [REGIONS[1]] },
    };
    expect(
      (await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: settings })).status,
    ).toBe(200);
    const entries = [
      {
        question: "Wie lange dauert der Versand?",
        phrasings: ["Lieferzeit", "wann kommt meine Bestellung", "wie lange dauert die Lieferung"],
        answer: "Der Versand dauert 2 bis 4 Werktage.",
        language: "de",
      },
      {
        question: "Wie kann ich einen Artikel zurückgeben?",
        phrasings: ["Rücksendung", "Artikel zurückschicken"],
        answer: "Rücksendungen sind 30 Tage lang kostenlos.",
        language: "de",
      },
      {
        question: "Welche Zahlungsarten gibt es?",
        phrasings: ["bezahlen mit Kreditkarte", "Zahlung per Rechnung"],
        answer: "Wir akzeptieren Karte, TWINT und Rechnung.",
        language: "de",
      },
    ];
    for (const entry of entries)
      expect(
        (await call("POST", "/api/kb/entries", { cookie: owner.cookie, body: entry })).status,
      ).toBe(201);
    const prompts: string[] = [];
    const real = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith("https://llm.example/")) {
        const body = JSON.parse(
          String(init?.body ?? (input instanceof Request ? await input.clone().text() : "{}")),
        ) as { messages: { role: string; content: string }[] };
        prompts.push(body.messages.find((m) => m.role === "system")!.content);
        return openAiSse(["Der Versand dauert 2 bis 4 Werktage. ", "[#", "x]"]);
      }
      if (url.startsWith("https://graph.facebook.com/"))
        return Response.json({ messages: [{ id: `wamid.${crypto.randomUUID()}` }] });
      return real(input, init);
    });
    const wa = await addChannel(owner.tenantId, "whatsapp");
    const ask = async (waId: string) => {
      const event = {
        kind: "message",
        channel: "whatsapp",
        externalUserId: waId,
        externalMessageId: `wamid.${crypto.randomUUID()}`,
        timestamp: Date.now(),
        contact: { name: "Kundin", phone: waId },
        message: { type: "text", text: "Wie lange dauert der Versand?" },
      };
      await runConsumer("edgedesk-inbound", [
        {
          id: crypto.randomUUID(),
          body: {
            v: 1,
            kind: "event",
            tenantId: owner.tenantId,
            channelId: wa.id,
            channelType: "whatsapp",
            event,
          },
        },
      ]);
    };
    await ask("41446681800");
    await waitFor(() => prompts.length === 1, "Swiss prompt");
    await ask("4930901820");
    await waitFor(() => prompts.length === 2, "German prompt");
    expect(prompts[0]).toContain("polished, attentive and discreet");
    expect(prompts[0]).toContain("For shoppers in CH: Write ss, never ß; prices in CHF.");
    expect(prompts[1]).toContain("warm, upbeat");
    expect(prompts[1]).not.toContain("For shoppers in CH");
    const countries = await env.DB.prepare(
      "SELECT phone, country FROM contacts WHERE tenant_id = ? ORDER BY phone",
    )
      .bind(owner.tenantId)
      .all<{ phone: string; country: string }>();
    expect(countries.results).toEqual([
      { phone: "41446681800", country: "CH" },
      { phone: "4930901820", country: "DE" },
    ]);
  });
});
