/**
 * Capability interfaces the agent depends on. Each has a Workers AI (or
 * OpenAI-compatible / Vectorize) implementation and a builtin local one; the choice
 * is made once, in `createProviders`. Expected failures are values, not throws.
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Called with each streamed token, in order. */
  onToken?: (token: string) => void;
}

/** Text generation. `generate` rejects on transport errors and timeouts (the agent falls back). */
export interface Generator {
  readonly name: "workers-ai" | "openai-compatible" | "builtin";
  /** False for builtin: it cannot compose text, only return matched answers. */
  readonly canGenerate: boolean;
  generate(req: GenerateRequest): Promise<string>;
}

export type Unavailable = { ok: false; reason: string };
export type Result<T> = ({ ok: true } & T) | Unavailable;

/** The message the builtin stand-ins report. */
export const NEEDS_AI = "needs an AI provider";

export interface Embedder {
  readonly available: boolean;
  embed(texts: string[], signal?: AbortSignal): Promise<Result<{ vectors: number[][] }>>;
}

export interface VectorMatch {
  /** Knowledge-base entry id. */
  entryId: string;
  score: number;
}

export interface VectorStore {
  readonly available: boolean;
  upsert(
    tenantId: string,
    items: { id: string; entryId: string; values: number[] }[],
  ): Promise<Result<{ count: number }>>;
  query(
    tenantId: string,
    vector: number[],
    topK: number,
  ): Promise<Result<{ matches: VectorMatch[] }>>;
  deleteByIds(tenantId: string, ids: string[]): Promise<Result<{ count: number }>>;
}

export interface Translator {
  readonly available: boolean;
  translate(
    text: string,
    from: string,
    to: string,
    signal?: AbortSignal,
  ): Promise<Result<{ text: string }>>;
}

export interface Speech {
  readonly available: boolean;
  transcribe(audio: Uint8Array, signal?: AbortSignal): Promise<Result<{ text: string }>>;
}

export interface Vision {
  readonly available: boolean;
  describe(
    image: Uint8Array,
    prompt: string,
    signal?: AbortSignal,
  ): Promise<Result<{ text: string }>>;
}

export interface SentimentResult {
  label: "negative" | "neutral" | "positive";
  /** Strength of negativity, 0..1 (0 for neutral/positive text). */
  negativity: number;
  /** Explicit anger markers (insults, shouting, "unacceptable"). */
  angry: boolean;
  source: "model" | "lexicon";
}

export interface SentimentAnalyzer {
  analyze(text: string, language: string, signal?: AbortSignal): Promise<SentimentResult>;
}

export interface Providers {
  generator: Generator;
  embedder: Embedder;
  vectors: VectorStore;
  translator: Translator;
  speech: Speech;
  vision: Vision;
  sentiment: SentimentAnalyzer;
}

/** The slice of the Workers AI binding we use; `env.AI` satisfies it. */
export interface AiRunner {
  run(
    model: string,
    inputs: Record<string, unknown>,
    options?: Record<string, unknown>,
  ): Promise<unknown>;
}
