/**
 * Providers that follow a route (`resolveRoute`): each call tries the chain's steps in order, falls to the next
 * on an error, a timeout or an HTTP error (429, 5xx…), and records who served it with tokens and estimated cost.
 */
import { costUsd, estimateTokens } from "../model-pricing";
import { type RouteStep, type RouteTask, stepKey } from "../model-routing";
import type { RouteUse } from "../../wire/ai-turn";
import { builtinGenerator, builtinSentiment, builtinTranslator } from "./builtin";
import { chatTranslator, openAiGenerator } from "./openai-compatible";
import type { AiRunner, Generator, SentimentAnalyzer, Translator } from "./types";
import { workersAiGenerator, workersAiSentiment, workersAiTranslator } from "./workers-ai";

/** What the steps need: the Workers AI binding, the OpenAI-compatible server (from the AI settings), a timeout. */
export interface StepDeps {
  ai?: AiRunner;
  openai: { baseUrl?: string; apiKey?: string; trusted?: boolean };
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Collects the uses of one turn or request, in order. */
export interface RouteRecorder {
  uses: RouteUse[];
}

const short = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 200);

function generatorFor(step: RouteStep, d: StepDeps): Generator | null {
  if (step.provider === "workers-ai")
    return d.ai ? workersAiGenerator(d.ai, step.model, d.timeoutMs) : null;
  if (step.provider === "openai-compatible" && d.openai.baseUrl)
    return openAiGenerator({
      baseUrl: d.openai.baseUrl,
      apiKey: d.openai.apiKey,
      model: step.model,
      timeoutMs: d.timeoutMs,
      fetch: d.fetch,
      trusted: d.openai.trusted,
    });
  return null;
}

function use(
  task: RouteTask,
  step: RouteStep,
  failed: RouteUse["failed"],
  fallback: boolean,
  tokensIn = 0,
  tokensOut = 0,
): RouteUse {
  return {
    task,
    provider: step.provider,
    model: step.model,
    fallback: fallback || failed.length > 0,
    failed,
    tokensIn,
    tokensOut,
    costUsd: step.provider === "builtin" ? 0 : costUsd(stepKey(step), tokensIn, tokensOut),
  };
}

const BUILTIN: RouteStep = { provider: "builtin", model: "builtin" };

/**
 * Text generation along the route. `skipped` marks a chain shortened by the budget. When every model fails it
 * records builtin and throws the last error, and the caller answers with its builtin fallback (retrieval, extractive summary).
 */
export function routedGenerator(
  task: RouteTask,
  steps: RouteStep[],
  d: StepDeps,
  rec: RouteRecorder,
  skipped = false,
): Generator {
  const live = steps.flatMap((s) => {
    const g = generatorFor(s, d);
    return g ? [{ step: s, gen: g }] : [];
  });
  if (!live.length) return builtinGenerator;
  return {
    name: live[0].gen.name,
    canGenerate: true,
    async generate(req) {
      const failed: RouteUse["failed"] = [];
      let last: unknown;
      const promptChars = req.messages.reduce((n, m) => n + m.content.length, 0);
      for (const { step, gen } of live) {
        try {
          const text = await gen.generate(req);
          const u = use(
            task,
            step,
            failed,
            skipped,
            estimateTokens(promptChars),
            estimateTokens(text.length),
          );
          rec.uses.push(u);
          return text;
        } catch (e) {
          // A cancelled turn is not the provider's failure: nothing more is tried.
          if (req.signal?.aborted) throw e;
          last = e;
          failed.push({ route: stepKey(step), error: short(e) });
        }
      }
      rec.uses.push(use(task, BUILTIN, failed, true));
      // The last model's error, as one provider's would be (the caller tells a timeout apart).
      throw last;
    },
  };
}

function translatorFor(step: RouteStep, d: StepDeps): Translator | null {
  if (step.provider === "workers-ai")
    return d.ai ? workersAiTranslator(d.ai, step.model, d.timeoutMs) : null;
  const gen = step.provider === "openai-compatible" ? generatorFor(step, d) : null;
  return gen ? chatTranslator(gen) : null;
}

/** Translation along the route; a failure of every step is returned as a value, as translators do. */
export function routedTranslator(
  steps: RouteStep[],
  d: StepDeps,
  rec: RouteRecorder,
  skipped = false,
): Translator {
  const live = steps.flatMap((s) => {
    const t = translatorFor(s, d);
    return t ? [{ step: s, tr: t }] : [];
  });
  if (!live.length) return builtinTranslator;
  return {
    available: true,
    async translate(text, from, to, signal) {
      if (from === to) return { ok: true, text };
      const failed: RouteUse["failed"] = [];
      for (const { step, tr } of live) {
        const res = await tr.translate(text, from, to, signal);
        if (res.ok) {
          const u = use(
            "translate",
            step,
            failed,
            skipped,
            estimateTokens(text.length),
            estimateTokens(res.text.length),
          );
          rec.uses.push(u);
          return res;
        }
        if (signal?.aborted) return res;
        failed.push({ route: stepKey(step), error: res.reason.slice(0, 200) });
      }
      rec.uses.push(use("translate", BUILTIN, failed, true));
      return { ok: false, reason: failed.at(-1)?.error ?? "translation failed" };
    },
  };
}

/**
 * Classification (sentiment) along the route: Workers AI's classifier for English text, the lexicon otherwise
 * and whenever the model fails (the classifier falls back inside itself; a lexicon verdict on English is a fallback).
 */
export function routedSentiment(
  steps: RouteStep[],
  d: StepDeps,
  rec: RouteRecorder,
  skipped = false,
): SentimentAnalyzer {
  const step = steps.find((s) => s.provider === "workers-ai");
  if (!step || !d.ai) return builtinSentiment;
  const model = workersAiSentiment(d.ai, step.model, d.timeoutMs);
  return {
    async analyze(text, language, signal) {
      const r = await model.analyze(text, language, signal);
      if (r.source === "model")
        rec.uses.push(use("classify", step, [], skipped, estimateTokens(text.length), 0));
      else if (language === "en")
        rec.uses.push(
          use("classify", BUILTIN, [{ route: stepKey(step), error: "classifier failed" }], true),
        );
      return r;
    },
  };
}
