import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addMember, call, errorOf, signupTenant, type Caller } from "./helpers";

async function seedKb(owner: Caller) {
  const entries = [
    {
      question: "How long does shipping take?",
      phrasings: ["When will my order arrive?"],
      answer: "Delivery takes 2-4 business days in the EU.",
      language: "en",
    },
    {
      question: "¿Cuánto tarda el envío?",
      phrasings: ["¿Cuándo llegará mi pedido?"],
      answer: "La entrega tarda de 2 a 4 días laborables en la UE.",
      language: "es",
    },
    {
      question: "Which payment methods do you accept?",
      phrasings: ["Can I pay with PayPal?"],
      answer: "Visa, Mastercard and PayPal.",
      language: "en",
    },
  ];
  for (const e of entries)
    expect((await call("POST", "/api/kb/entries", { cookie: owner.cookie, body: e })).status).toBe(
      201,
    );
}

describe("AI API", () => {
  it("should answer a Spanish question from the knowledge base with the builtin engine and show the hits", async () => {
    const owner = await signupTenant();
    await seedKb(owner);
    const res = await call("POST", "/api/ai/try", {
      cookie: owner.cookie,
      body: { message: "¿cuándo llega mi pedido?" },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      decision: string;
      result: { kind: string; text: string; language: string; citations: string[] };
      hits: { question: string }[];
    };
    expect(body.decision).toBe("answer");
    expect(body.result.kind).toBe("answer");
    expect(body.result.language).toBe("es");
    expect(body.result.text).toContain("2 a 4 días");
    expect(body.hits[0].question).toBe("¿Cuánto tarda el envío?");
  });

  it("should hand over when asked for a person, and not guess on an unknown question", async () => {
    const owner = await signupTenant();
    await seedKb(owner);
    const person = (await (
      await call("POST", "/api/ai/try", {
        cookie: owner.cookie,
        body: { message: "I want to talk to a human please" },
      })
    ).json()) as { result: { kind: string; rule: string } };
    expect(person.result).toMatchObject({ kind: "handover", rule: "explicit_request" });
    const unknown = (await (
      await call("POST", "/api/ai/try", {
        cookie: owner.cookie,
        body: { message: "what is the airspeed velocity of an unladen swallow" },
      })
    ).json()) as { result: { kind: string } };
    expect(unknown.result.kind).not.toBe("answer");
  });

  it("should save AI settings for admins with secrets masked on the way out and kept on a masked PUT", async () => {
    const owner = await signupTenant();
    const put = await call("PUT", "/api/settings/ai", {
      cookie: owner.cookie,
      body: {
        persona: { name: "Aurora", tone: "premium", instructions: "" },
        threshold: 0.7,
        orderLookup: {
          url: "https://shop.example/orders",
          secretHeaderName: "x-key",
          secretValue: "super-secret-value",
        },
      },
    });
    expect(put.status).toBe(200);
    const got = (
      (await (await call("GET", "/api/settings/ai", { cookie: owner.cookie })).json()) as {
        settings: {
          persona: { name: string };
          threshold: number;
          orderLookup: { secretValue: string };
        };
      }
    ).settings;
    expect(got).toMatchObject({ persona: { name: "Aurora" }, threshold: 0.7 });
    expect(got.orderLookup.secretValue).toBe("••••alue");
    expect(JSON.stringify(got)).not.toContain("super-secret-value");
    const row = await env.DB.prepare("SELECT settings FROM tenants WHERE id = ?")
      .bind(owner.tenantId)
      .first<{ settings: string }>();
    expect(row!.settings).not.toContain("super-secret-value");
    // Sending the masked value back keeps the stored secret (the dashboard round-trips the form).
    expect(
      (
        await call("PUT", "/api/settings/ai", {
          cookie: owner.cookie,
          body: { ...got, threshold: 0.65 },
        })
      ).status,
    ).toBe(200);
    const again = (
      (await (await call("GET", "/api/settings/ai", { cookie: owner.cookie })).json()) as {
        settings: { threshold: number; orderLookup: { secretValue: string } };
      }
    ).settings;
    expect(again).toMatchObject({ threshold: 0.65, orderLookup: { secretValue: "••••alue" } });
    expect(
      (await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: { threshold: 3 } }))
        .status,
    ).toBe(422);
    const agent = await addMember(owner, "agent");
    expect(
      (await call("PUT", "/api/settings/ai", { cookie: agent.cookie, body: { threshold: 0.1 } }))
        .status,
    ).toBe(403);
  });

  it("should search the knowledge base and say translation needs an AI provider with builtin", async () => {
    const owner = await signupTenant();
    await seedKb(owner);
    const search = (await (
      await call("GET", "/api/kb/search?q=paypal", { cookie: owner.cookie })
    ).json()) as { hits: { question: string; answer: string }[] };
    expect(search.hits[0]).toMatchObject({
      question: "Which payment methods do you accept?",
      answer: "Visa, Mastercard and PayPal.",
    });
    const tr = await call("POST", "/api/translate", {
      cookie: owner.cookie,
      body: { text: "hola", to: "en" },
    });
    expect(tr.status).toBe(422);
    const err = (await tr.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe("AI_PROVIDER_REQUIRED");
    expect(err.error.message).toMatch(/AI provider/i);
    const polite = (await (
      await call("POST", "/api/copilot/polish", {
        cookie: owner.cookie,
        body: { text: "send the order number", mode: "polite" },
      })
    ).json()) as { text: string; method: string };
    expect(polite.text.length).toBeGreaterThan("send the order number".length);
  });

  it("should show the built-in tag rules until a merchant's own replace them, and tag with the merchant's rules", async () => {
    const owner = await signupTenant();
    type Rules = {
      rules: { tag: string; patterns: string[] }[];
      custom: boolean;
      defaults: { tag: string }[];
    };
    const rules = async () =>
      (await (
        await call("GET", "/api/settings/ai/tag-rules", { cookie: owner.cookie })
      ).json()) as Rules;
    const builtIn = await rules();
    expect(builtIn.custom).toBe(false);
    expect(builtIn.rules.map((r) => r.tag)).toContain("returns_refunds");
    expect(builtIn.defaults).toEqual(builtIn.rules);

    const mine = [
      {
        tag: "gift_wrap",
        kind: "intent",
        weight: 2,
        patterns: ["gift wrap*", "geschenkverpackung"],
      },
    ];
    expect(
      (await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: { tagRules: mine } }))
        .status,
    ).toBe(200);
    const custom = await rules();
    expect(custom.custom).toBe(true);
    expect(custom.rules).toEqual(mine);
    const tried = (await (
      await call("POST", "/api/ai/try", {
        cookie: owner.cookie,
        body: { message: "Do you offer gift wrapping for a birthday?" },
      })
    ).json()) as { result: { intent: string | null; tags: string[] } };
    expect(tried.result.intent).toBe("gift_wrap");
    expect(tried.result.tags).toContain("gift_wrap");

    const bad = await call("PUT", "/api/settings/ai", {
      cookie: owner.cookie,
      body: { tagRules: [{ tag: "x", kind: "mood", patterns: [] }] },
    });
    expect(bad.status).toBe(422);
    expect((await rules()).rules).toEqual(mine);
    // A PUT without tagRules restores the built-in rules.
    expect((await call("PUT", "/api/settings/ai", { cookie: owner.cookie, body: {} })).status).toBe(
      200,
    );
    expect((await rules()).custom).toBe(false);
  });

  it("should refuse a private, loopback or plain-http model, translation or order-lookup URL, storing nothing", async () => {
    const owner = await signupTenant();
    const put = (body: unknown) => call("PUT", "/api/settings/ai", { cookie: owner.cookie, body });
    const before = await (await call("GET", "/api/settings/ai", { cookie: owner.cookie })).json();
    for (const [path, body] of [
      [
        "openai.baseUrl",
        {
          provider: "openai-compatible",
          openai: { baseUrl: "http://127.0.0.1:11434/v1", apiKey: "sk-1" },
        },
      ],
      ["libretranslate.baseUrl", { libretranslate: { baseUrl: "https://10.0.0.7/" } }],
      [
        "orderLookup.url",
        {
          orderLookup: {
            url: "http://shop.example/orders",
            secretHeaderName: "X-Secret",
            secretValue: "s",
          },
        },
      ],
    ] as const) {
      const res = await put(body);
      expect(res.status, path).toBe(422);
      const err = await errorOf(res);
      expect(err.code).toBe("VALIDATION_FAILED");
      expect(JSON.stringify(err.details), path).toContain(path);
    }
    expect(await (await call("GET", "/api/settings/ai", { cookie: owner.cookie })).json()).toEqual(
      before,
    );
  });

  it("should never send a kept secret to a new host: a masked secret with a changed URL is refused", async () => {
    const owner = await signupTenant();
    const put = (body: unknown) => call("PUT", "/api/settings/ai", { cookie: owner.cookie, body });
    const lookup = {
      url: "https://shop.example/orders",
      secretHeaderName: "X-Secret",
      secretValue: "order-secret-123",
    };
    expect(
      (
        await put({
          orderLookup: lookup,
          provider: "openai-compatible",
          openai: { baseUrl: "https://llm.example/v1", apiKey: "sk-live-1" },
        })
      ).status,
    ).toBe(200);
    const shown = (
      (await (await call("GET", "/api/settings/ai", { cookie: owner.cookie })).json()) as {
        settings: { orderLookup: { secretValue: string }; openai: { apiKey: string } };
      }
    ).settings;
    expect(shown.orderLookup.secretValue.startsWith("••••")).toBe(true);
    // Same host, another path: the stored secret is kept.
    expect(
      (
        await put({
          orderLookup: {
            ...lookup,
            url: "https://shop.example/v2/orders",
            secretValue: shown.orderLookup.secretValue,
          },
          provider: "openai-compatible",
          openai: { baseUrl: "https://llm.example/v1", apiKey: shown.openai.apiKey },
        })
      ).status,
    ).toBe(200);
    for (const body of [
      {
        orderLookup: {
          ...lookup,
          url: "https://attacker.example/collect",
          secretValue: shown.orderLookup.secretValue,
        },
      },
      {
        provider: "openai-compatible",
        openai: { baseUrl: "https://attacker.example/v1", apiKey: shown.openai.apiKey },
      },
    ]) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect((await errorOf(res)).message).toMatch(/enter the secret again/);
    }
    const stored = (
      (await (await call("GET", "/api/settings/ai", { cookie: owner.cookie })).json()) as {
        settings: { orderLookup: { url: string } };
      }
    ).settings;
    expect(stored.orderLookup.url).toBe("https://shop.example/v2/orders");
    expect(
      (
        await put({
          orderLookup: {
            ...lookup,
            url: "https://orders.example/api",
            secretValue: "a-new-secret",
          },
        })
      ).status,
    ).toBe(200);
  });
});
