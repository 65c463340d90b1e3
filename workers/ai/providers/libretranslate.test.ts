import { describe, expect, it } from "vitest";
import { AiSettings } from "../ai-settings";
import { createProviders } from "./index";
import { libreTranslator } from "./libretranslate";

/** A fetch stand-in recording requests and answering like a LibreTranslate server. */
function fakeServer(reply: (body: Record<string, unknown>) => Response) {
  const calls: { url: string; body: Record<string, unknown> }[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push({ url: String(input), body });
    return reply(body);
  }) as typeof fetch;
  return { calls, fetchFn };
}

describe("libreTranslator", () => {
  it("should post the text, the languages and the key to /translate and return translatedText", async () => {
    const { calls, fetchFn } = fakeServer(() =>
      Response.json({ translatedText: "¿Dónde está mi pedido?" }),
    );
    const t = libreTranslator({
      baseUrl: "https://lt.example.com/",
      apiKey: "k1",
      timeoutMs: 1000,
      fetch: fetchFn,
    });
    expect(await t.translate("Where is my order?", "en", "es-MX")).toEqual({
      ok: true,
      text: "¿Dónde está mi pedido?",
    });
    expect(calls).toEqual([
      {
        url: "https://lt.example.com/translate",
        body: {
          q: "Where is my order?",
          source: "en",
          target: "es",
          format: "text",
          api_key: "k1",
        },
      },
    ]);
  });

  it("should refuse a private or plain-http base URL without calling it", async () => {
    const { calls, fetchFn } = fakeServer(() => Response.json({ translatedText: "x" }));
    for (const baseUrl of ["http://lt.example.com", "https://127.0.0.1", "https://10.0.0.5:5000"]) {
      const r = await libreTranslator({ baseUrl, timeoutMs: 1000, fetch: fetchFn }).translate(
        "hello",
        "en",
        "de",
      );
      expect(r.ok).toBe(false);
    }
    expect(calls).toEqual([]);
  });

  it("should report the server's error (e.g. a wrong key) as a value", async () => {
    const { fetchFn } = fakeServer(() =>
      Response.json({ error: "Invalid API key" }, { status: 403 }),
    );
    const r = await libreTranslator({
      baseUrl: "https://lt.example.com",
      apiKey: "bad",
      timeoutMs: 1000,
      fetch: fetchFn,
    }).translate("hello", "en", "de");
    expect(r).toEqual({ ok: false, reason: "LibreTranslate 403: Invalid API key" });
  });

  it("should not call the server when both languages are the same", async () => {
    const { calls, fetchFn } = fakeServer(() => Response.json({ translatedText: "x" }));
    expect(
      await libreTranslator({
        baseUrl: "https://lt.example.com",
        timeoutMs: 1000,
        fetch: fetchFn,
      }).translate("Hallo", "de", "de-CH"),
    ).toEqual({ ok: true, text: "Hallo" });
    expect(calls).toEqual([]);
  });
});

describe("createProviders with libretranslate", () => {
  it("should translate through LibreTranslate on the builtin engine once a base URL is set", async () => {
    const { calls, fetchFn } = fakeServer(() => Response.json({ translatedText: "Bonjour" }));
    expect(createProviders({}, AiSettings.parse({})).translator.available).toBe(false);
    const p = createProviders(
      {},
      AiSettings.parse({ libretranslate: { baseUrl: "https://lt.example.com" } }),
      { fetch: fetchFn },
    );
    expect(p.translator.available).toBe(true);
    expect(await p.translator.translate("Hello", "en", "fr")).toEqual({
      ok: true,
      text: "Bonjour",
    });
    expect(calls).toHaveLength(1);
  });
});

describe("libretranslate settings", () => {
  it("should mask the key in what the API returns and keep the stored one only for the same host", async () => {
    const { mergeSecrets, publicAiSettings } = await import("../../services/ai");
    const stored = AiSettings.parse({
      libretranslate: { baseUrl: "https://lt.example.com", apiKey: "secret-1234" },
    });
    const shown = publicAiSettings(stored);
    expect(shown.libretranslate.apiKey).toBe("••••1234");
    expect(mergeSecrets(shown, stored).libretranslate.apiKey).toBe("secret-1234");
    expect(() =>
      mergeSecrets(
        {
          ...shown,
          libretranslate: { ...shown.libretranslate, baseUrl: "https://evil.example.net" },
        },
        stored,
      ),
    ).toThrow(/host changed/);
  });
});
