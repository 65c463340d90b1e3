/**
 * Workers AI implementations, all through `env.AI.run(model, input)`. Request
 * shapes follow the model cards: chat `{messages, stream, max_tokens}`, bge-m3
 * `{text: string[]}`, m2m100 `{text, source_lang, target_lang}`, whisper
 * `{audio: number[]}`, llava `{image: number[], prompt}`, sst-2 `{text}`.
 */
import { z } from "zod";
import { lexiconSentiment } from "./sentiment-lexicon";
import { sseData, withTimeout } from "./sse";
import type {
  AiRunner,
  Embedder,
  Generator,
  Result,
  SentimentAnalyzer,
  Speech,
  Translator,
  Vision,
} from "./types";
import type { AiSettings } from "../ai-settings";

const ChatChunk = z.object({ response: z.string().optional() });
const ChatFull = z.object({ response: z.string() });
const Embeddings = z.object({ data: z.array(z.array(z.number())) });
const Translation = z.object({ translated_text: z.string() });
const Transcript = z.object({ text: z.string() });
const Description = z.object({ description: z.string() });
const Classes = z.array(z.object({ label: z.string(), score: z.number() }));

const fail = (e: unknown) => ({
  ok: false as const,
  reason: e instanceof Error ? e.message : String(e),
});

export function workersAiGenerator(ai: AiRunner, model: string, timeoutMs: number): Generator {
  return {
    name: "workers-ai",
    canGenerate: true,
    async generate(req) {
      const signal = withTimeout(timeoutMs, req.signal);
      const input = {
        messages: req.messages,
        max_tokens: req.maxTokens ?? 512,
        temperature: req.temperature ?? 0.2,
        stream: true,
      };
      const out = await abortable(ai.run(model, input, { signal }), signal);
      if (!(out instanceof ReadableStream)) return ChatFull.parse(out).response;
      let text = "";
      for await (const data of sseData(out, signal)) {
        const tok = ChatChunk.parse(JSON.parse(data)).response ?? "";
        if (!tok) continue;
        text += tok;
        req.onToken?.(tok);
      }
      return text;
    },
  };
}

/** Run a model with a timeout and parse its output; failures become values. */
async function runParsed<T>(
  ai: AiRunner,
  model: string,
  inputs: Record<string, unknown>,
  schema: z.ZodType<T>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Result<{ value: T }>> {
  try {
    const s = withTimeout(timeoutMs, signal);
    return { ok: true, value: schema.parse(await abortable(ai.run(model, inputs), s)) };
  } catch (e) {
    return fail(e);
  }
}

const map = <T, U>(r: Result<{ value: T }>, f: (v: T) => U): Result<U> =>
  r.ok ? { ok: true, ...f(r.value) } : r;

export function workersAiEmbedder(ai: AiRunner, model: string, timeoutMs: number): Embedder {
  return {
    available: true,
    embed: async (texts, signal) =>
      map(await runParsed(ai, model, { text: texts }, Embeddings, timeoutMs, signal), (v) => ({
        vectors: v.data,
      })),
  };
}

export function workersAiTranslator(ai: AiRunner, model: string, timeoutMs: number): Translator {
  return {
    available: true,
    async translate(text, from, to, signal) {
      if (from === to) return { ok: true, text };
      const r = await runParsed(
        ai,
        model,
        { text, source_lang: from, target_lang: to },
        Translation,
        timeoutMs,
        signal,
      );
      return map(r, (v) => ({ text: v.translated_text }));
    },
  };
}

export function workersAiSpeech(ai: AiRunner, model: string, timeoutMs: number): Speech {
  return {
    available: true,
    transcribe: async (audio, signal) =>
      map(
        await runParsed(ai, model, { audio: [...audio] }, Transcript, timeoutMs, signal),
        (v) => ({ text: v.text }),
      ),
  };
}

export function workersAiVision(ai: AiRunner, model: string, timeoutMs: number): Vision {
  return {
    available: true,
    async describe(image, prompt, signal) {
      const r = await runParsed(
        ai,
        model,
        { image: [...image], prompt, max_tokens: 256 },
        Description,
        timeoutMs,
        signal,
      );
      return map(r, (v) => ({ text: v.description }));
    },
  };
}

/**
 * SST-2 is an English model: other languages keep the lexicon's verdict, and the
 * lexicon also backs the model up when it fails or misses anger markers.
 */
export function workersAiSentiment(
  ai: AiRunner,
  model: string,
  timeoutMs: number,
): SentimentAnalyzer {
  return {
    async analyze(text, language, signal) {
      const lex = lexiconSentiment(text);
      if (language !== "en") return lex;
      try {
        const s = withTimeout(Math.min(timeoutMs, 5000), signal);
        const classes = Classes.parse(await abortable(ai.run(model, { text }), s));
        const neg = classes.find((c) => c.label.toUpperCase() === "NEGATIVE")?.score ?? 0;
        const negativity = Math.max(neg, lex.negativity);
        const label = negativity >= 0.5 ? "negative" : neg < 0.2 ? "positive" : "neutral";
        return {
          label,
          negativity: Number(negativity.toFixed(3)),
          angry: lex.angry,
          source: "model",
        };
      } catch {
        return lex;
      }
    },
  };
}

/** Make a promise reject when the signal aborts, even if the binding ignores the signal. */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

export type WorkersAiModels = AiSettings["models"];
