/**
 * Builtin providers: run anywhere, no AI calls. Retrieval and sentiment really
 * work (lexical index, lexicon); generation, translation, speech and vision report
 * themselves unavailable as values so callers can say "needs an AI provider".
 */
import { lexiconSentiment } from "./sentiment-lexicon";
import {
  NEEDS_AI,
  type Embedder,
  type Generator,
  type SentimentAnalyzer,
  type Speech,
  type Translator,
  type VectorStore,
  type Vision,
} from "./types";

const unavailable = { ok: false as const, reason: NEEDS_AI };

export const builtinGenerator: Generator = {
  name: "builtin",
  canGenerate: false,
  async generate() {
    // The agent never asks builtin to compose; reaching this is a wiring bug.
    throw new Error("builtin generator cannot compose text");
  },
};

export const builtinEmbedder: Embedder = { available: false, embed: async () => unavailable };

export const builtinVectors: VectorStore = {
  available: false,
  upsert: async () => unavailable,
  query: async () => unavailable,
  deleteByIds: async () => unavailable,
};

export const builtinTranslator: Translator = {
  available: false,
  translate: async () => unavailable,
};
export const builtinSpeech: Speech = { available: false, transcribe: async () => unavailable };
export const builtinVision: Vision = { available: false, describe: async () => unavailable };
export const builtinSentiment: SentimentAnalyzer = {
  analyze: async (text) => lexiconSentiment(text),
};
