import { describe, expect, it } from "vitest";
import { AiSettings, createProviders, type Providers } from "../ai";
import { metered } from "./ai-usage";

function fakeProviders(ok: boolean): Providers {
  const base = createProviders({}, AiSettings.parse({}));
  return {
    ...base,
    translator: {
      available: true,
      translate: async (text) =>
        ok ? { ok: true, text: `[es] ${text}` } : { ok: false, reason: "down" },
    },
    embedder: {
      available: true,
      embed: async (texts) =>
        ok ? { ok: true, vectors: texts.map(() => [0.1]) } : { ok: false, reason: "down" },
    },
  };
}

describe("metered providers", () => {
  it("should count translated characters and embedded texts that succeeded", async () => {
    const { providers, meter } = metered(fakeProviders(true));
    expect(await providers.translator.translate("hello", "en", "es")).toEqual({
      ok: true,
      text: "[es] hello",
    });
    await providers.translator.translate("good morning", "en", "es");
    await providers.embedder.embed(["a", "b", "c"]);
    expect(meter).toEqual({ translatedChars: 17, embeddings: 3, uses: [] });
    expect(providers.translator.available).toBe(true);
  });

  it("should not count failed calls", async () => {
    const { providers, meter } = metered(fakeProviders(false));
    await providers.translator.translate("hello", "en", "es");
    await providers.embedder.embed(["a"]);
    expect(meter).toEqual({ translatedChars: 0, embeddings: 0, uses: [] });
  });
});
