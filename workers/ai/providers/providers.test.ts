import { describe, expect, it } from "vitest";
import { createProviders, NEEDS_AI } from "./index";
import { syncKbVectors } from "../retrieve";
import { AiSettings } from "../ai-settings";
import { SHOP_KB, fakeAi } from "../../../test/ai-fakes";

describe("createProviders", () => {
  it("should refuse a merchant's private or loopback model URL without calling it, but trust the deployment's own", async () => {
    const calls: string[] = [];
    const fetchFn: typeof fetch = async (url) => {
      calls.push(String(url));
      return Response.json({ choices: [{ message: { content: "hi" } }] });
    };
    const settings = (baseUrl: string) =>
      AiSettings.parse({
        provider: "openai-compatible",
        openai: { baseUrl, apiKey: "sk-test", model: "m1" },
      });
    const ask = { messages: [{ role: "user" as const, content: "hello" }] };
    for (const baseUrl of ["http://127.0.0.1:11434/v1", "https://192.168.1.5/v1"]) {
      const p = createProviders({}, settings(baseUrl), { fetch: fetchFn });
      await expect(p.generator.generate(ask)).rejects.toThrow(/model URL refused/);
    }
    expect(calls).toEqual([]);
    // The operator's OPENAI_BASE_URL (a self-hosted model on the same network) is not the merchant's input.
    const own = "http://127.0.0.1:11434/v1";
    const p = createProviders({ OPENAI_BASE_URL: own }, settings(own), { fetch: fetchFn });
    expect(await p.generator.generate(ask)).toBe("hi");
    expect(calls).toEqual(["http://127.0.0.1:11434/v1/chat/completions"]);
  });

  it("should report builtin translation, speech and vision unavailable as values", async () => {
    const p = createProviders({}, AiSettings.parse({}));
    expect(p.generator.canGenerate).toBe(false);
    expect(await p.translator.translate("hi", "en", "de")).toEqual({ ok: false, reason: NEEDS_AI });
    expect(await p.speech.transcribe(new Uint8Array([1]))).toEqual({ ok: false, reason: NEEDS_AI });
    expect(await p.vision.describe(new Uint8Array([1]), "describe")).toEqual({
      ok: false,
      reason: NEEDS_AI,
    });
    expect((await p.sentiment.analyze("this is terrible!!!", "en")).label).toBe("negative");
  });

  it("should call Workers AI models with their documented input shapes", async () => {
    const ai = fakeAi();
    const p = createProviders({ AI: ai }, AiSettings.parse({ provider: "workers-ai" }));
    expect(await p.translator.translate("Hallo", "de", "en")).toEqual({
      ok: true,
      text: "[en] Hallo",
    });
    expect(await p.speech.transcribe(new Uint8Array([1, 2]))).toEqual({
      ok: true,
      text: "hello from audio",
    });
    expect(await p.vision.describe(new Uint8Array([3]), "What is this?")).toEqual({
      ok: true,
      text: "a red shoe",
    });
    expect(ai.calls.map((c) => [c.model, Object.keys(c.inputs).sort().join(",")])).toEqual([
      ["@cf/meta/m2m100-1.2b", "source_lang,target_lang,text"],
      ["@cf/openai/whisper", "audio"],
      ["@cf/llava-hf/llava-1.5-7b-hf", "image,max_tokens,prompt"],
    ]);
    expect(ai.calls[1].inputs.audio).toEqual([1, 2]);
  });

  it("should sync a tenant's vectors in batches and delete stale ids", async () => {
    const upserts: VectorizeVector[][] = [];
    const deletes: string[][] = [];
    const vectorize = {
      upsert: async (v: VectorizeVector[]) => (upserts.push(v), { count: v.length, ids: [] }),
      deleteByIds: async (ids: string[]) => (deletes.push(ids), { count: ids.length, ids }),
    } as unknown as VectorizeIndex;
    const ai = fakeAi();
    const p = createProviders(
      { AI: ai, VECTORIZE: vectorize },
      AiSettings.parse({ provider: "workers-ai", vectorSearch: true }),
    );
    const before = SHOP_KB[0];
    const after = { ...before, phrasings: before.phrasings.slice(0, 1) };
    const out = await syncKbVectors("t1", [{ before, after }, { after: SHOP_KB[1] }], p);
    expect(out).toEqual({ ok: true, upserted: 3 + 6, deleted: 3 });
    expect(deletes[0]).toEqual(["t1:shipping-time#3", "t1:shipping-time#4", "t1:shipping-time#5"]);
    expect(upserts.flat().every((v) => v.namespace === "t1" && v.id.startsWith("t1:"))).toBe(true);
    expect(upserts.flat()[0].metadata).toEqual({ entryId: "shipping-time", tenantId: "t1" });
    expect(
      ai.calls.every((c) => c.model === "@cf/baai/bge-m3" && Array.isArray(c.inputs.text)),
    ).toBe(true);
  });

  it("should say vector sync is not configured for builtin", async () => {
    const out = await syncKbVectors(
      "t1",
      [{ after: SHOP_KB[0] }],
      createProviders({}, AiSettings.parse({})),
    );
    expect(out).toMatchObject({ ok: false, reason: "vector search is not configured" });
  });
});

describe("mediaToText", () => {
  it("should transcribe audio and describe images with an AI provider, and say unavailable without", async () => {
    const { mediaToText } = await import("../media");
    const ai = createProviders({ AI: fakeAi() }, AiSettings.parse({ provider: "workers-ai" }));
    expect(await mediaToText({ kind: "audio", bytes: new Uint8Array([1]) }, ai)).toEqual({
      ok: true,
      text: "hello from audio",
    });
    expect(await mediaToText({ kind: "image", bytes: new Uint8Array([1]) }, ai)).toEqual({
      ok: true,
      text: "a red shoe",
    });
    const builtin = createProviders({}, AiSettings.parse({}));
    expect(await mediaToText({ kind: "image", bytes: new Uint8Array([1]) }, builtin)).toEqual({
      ok: false,
      reason: NEEDS_AI,
    });
  });
});
