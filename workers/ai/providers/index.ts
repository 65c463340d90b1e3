/**
 * `createProviders(env, settings)`: the one place where configuration picks the
 * implementation of every AI capability.
 */
import type { AiSettings } from "../ai-settings";
import { builtinEmbedder, builtinSpeech, builtinVectors, builtinVision } from "./builtin";
import { resolveRoute, type RouteTask } from "../model-routing";
import { libreTranslator } from "./libretranslate";
import { type RouteRecorder, routedGenerator, routedSentiment, routedTranslator } from "./routed";
import type { AiRunner, Providers } from "./types";
import { vectorizeStore } from "./vectorize";
import { workersAiEmbedder, workersAiSpeech, workersAiVision } from "./workers-ai";

export type * from "./types";
export type { RouteRecorder } from "./routed";
export { NEEDS_AI } from "./types";

/** The bindings the providers need (a subset of the Worker's Env). */
export interface ProviderEnv {
  AI?: AiRunner;
  VECTORIZE?: VectorizeIndex;
  /** The deployment's own OpenAI-compatible base URL (operator-set, so exempt from the unsafe-URL guard). */
  OPENAI_BASE_URL?: string;
}

export interface ProviderOptions {
  fetch?: typeof fetch;
  /** The task text generation serves (default "answer"); translation and classification have their own. */
  task?: RouteTask;
  /** A stage agent's "provider/model", tried first. */
  override?: string | null;
  /** The monthly budget is reached: paid models are skipped. */
  overBudget?: boolean;
  /** Receives who served each call. */
  recorder?: RouteRecorder;
}

export function createProviders(
  env: ProviderEnv,
  settings: AiSettings,
  opts: ProviderOptions = {},
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

function pickProviders(env: ProviderEnv, settings: AiSettings, opts: ProviderOptions): Providers {
  const t = settings.timeoutMs;
  const m = settings.models;
  const ai = env.AI;
  const rec = opts.recorder ?? { uses: [] };
  const trusted = !!env.OPENAI_BASE_URL && settings.openai.baseUrl === env.OPENAI_BASE_URL;
  const deps = { ai, openai: { ...settings.openai, trusted }, timeoutMs: t, fetch: opts.fetch };
  const over = { overBudget: opts.overBudget };
  // Text tasks follow the tenant's routes; a budget-shortened chain marks its use as a fallback.
  const route = (task: RouteTask, override?: string | null) =>
    resolveRoute(settings, task, override, over);
  const skipped = (task: RouteTask) =>
    !!opts.overBudget && resolveRoute(settings, task, opts.override).length > 1;
  const task = opts.task ?? "answer";
  const paidModels = ai && settings.provider !== "builtin" && !opts.overBudget;
  const p: Providers = {
    generator: routedGenerator(task, route(task, opts.override), deps, rec, skipped(task)),
    embedder: builtinEmbedder,
    vectors: builtinVectors,
    translator: routedTranslator(route("translate"), deps, rec, skipped("translate")),
    // Speech and vision follow the tenant's provider: Workers AI serves them whenever it is bound.
    speech: paidModels ? workersAiSpeech(ai, m.speech, t) : builtinSpeech,
    vision: paidModels ? workersAiVision(ai, m.vision, t) : builtinVision,
    sentiment: routedSentiment(route("classify"), deps, rec, skipped("classify")),
  };
  return settings.vectorSearch && ai && env.VECTORIZE && !opts.overBudget
    ? {
        ...p,
        embedder: workersAiEmbedder(ai, m.embedding, t),
        vectors: vectorizeStore(env.VECTORIZE),
      }
    : p;
}
