/**
 * `createProviders(env, settings)`: the one place where configuration picks the
 * implementation of every AI capability.
 */
import type { AiSettings } from "../ai-settings";
import {
  builtinEmbedder,
  builtinGenerator,
  builtinSentiment,
  builtinSpeech,
  builtinTranslator,
  builtinVectors,
  builtinVision,
} from "./builtin";
import { libreTranslator } from "./libretranslate";
import { chatTranslator, openAiGenerator } from "./openai-compatible";
import type { AiRunner, Providers } from "./types";
import { vectorizeStore } from "./vectorize";
import {
  workersAiEmbedder,
  workersAiGenerator,
  workersAiSentiment,
  workersAiSpeech,
  workersAiTranslator,
  workersAiVision,
} from "./workers-ai";

export type * from "./types";
export { NEEDS_AI } from "./types";

/** The bindings the providers need (a subset of the Worker's Env). */
export interface ProviderEnv {
  AI?: AiRunner;
  VECTORIZE?: VectorizeIndex;
}

export function createProviders(
  env: ProviderEnv,
  settings: AiSettings,
  opts: { fetch?: typeof fetch } = {},
): Providers {
  const p = pickProviders(env, settings, opts);
  // A LibreTranslate server the merchant configured translates whatever the text provider.
  const lt = settings.libretranslate;
  return lt.baseUrl
    ? {
        ...p,
        translator: libreTranslator({
          baseUrl: lt.baseUrl,
          apiKey: lt.apiKey,
          timeoutMs: settings.timeoutMs,
          fetch: opts.fetch,
        }),
      }
    : p;
}

function pickProviders(
  env: ProviderEnv,
  settings: AiSettings,
  opts: { fetch?: typeof fetch },
): Providers {
  const t = settings.timeoutMs;
  const m = settings.models;
  const builtin: Providers = {
    generator: builtinGenerator,
    embedder: builtinEmbedder,
    vectors: builtinVectors,
    translator: builtinTranslator,
    speech: builtinSpeech,
    vision: builtinVision,
    sentiment: builtinSentiment,
  };
  const ai = env.AI;
  const withVectors = (p: Providers): Providers =>
    settings.vectorSearch && ai && env.VECTORIZE
      ? {
          ...p,
          embedder: workersAiEmbedder(ai, m.embedding, t),
          vectors: vectorizeStore(env.VECTORIZE),
        }
      : p;

  if (settings.provider === "workers-ai" && ai) {
    return withVectors({
      generator: workersAiGenerator(ai, m.chat, t),
      embedder: builtinEmbedder,
      vectors: builtinVectors,
      translator: workersAiTranslator(ai, m.translation, t),
      speech: workersAiSpeech(ai, m.speech, t),
      vision: workersAiVision(ai, m.vision, t),
      sentiment: workersAiSentiment(ai, m.sentiment, t),
    });
  }
  if (settings.provider === "openai-compatible" && settings.openai.baseUrl) {
    const generator = openAiGenerator({
      baseUrl: settings.openai.baseUrl,
      apiKey: settings.openai.apiKey,
      model: settings.openai.model,
      timeoutMs: t,
      fetch: opts.fetch,
    });
    // Workers AI, when bound, still serves speech/vision/sentiment models; otherwise builtin.
    return withVectors({
      ...builtin,
      generator,
      translator: chatTranslator(generator),
      ...(ai
        ? {
            speech: workersAiSpeech(ai, m.speech, t),
            vision: workersAiVision(ai, m.vision, t),
            sentiment: workersAiSentiment(ai, m.sentiment, t),
          }
        : {}),
    });
  }
  return withVectors(builtin);
}
