/**
 * Model routing per task: which provider and model answers, translates, summarises and classifies, as an
 * ordered fallback chain per tenant, with an optional monthly budget. `resolveRoute` is the one place that turns
 * the settings (and a stage agent's "provider/model" override) into the chain the providers try in order.
 */
import { z } from "zod";

export const ROUTE_TASKS = ["answer", "translate", "summarise", "classify"] as const;
export type RouteTask = (typeof ROUTE_TASKS)[number];

export const ROUTE_PROVIDERS = ["workers-ai", "openai-compatible", "builtin"] as const;
export type RouteProvider = (typeof ROUTE_PROVIDERS)[number];

/** Providers that can serve each task (classification runs on Workers AI's classifier or the lexicon). */
export const TASK_PROVIDERS: Record<RouteTask, readonly RouteProvider[]> = {
  answer: ROUTE_PROVIDERS,
  translate: ROUTE_PROVIDERS,
  summarise: ROUTE_PROVIDERS,
  classify: ["workers-ai", "builtin"],
};

export interface RouteStep {
  provider: RouteProvider;
  /** "builtin" for the builtin engine. */
  model: string;
}

export const BUILTIN_STEP: RouteStep = { provider: "builtin", model: "builtin" };

/** "provider/model" ("workers-ai/@cf/meta/llama-3.1-8b-instruct", "openai-compatible/gpt-4o-mini") or "builtin". */
export function parseStep(s: string): RouteStep | null {
  const t = s.trim();
  if (t === "builtin" || t === "builtin/builtin") return BUILTIN_STEP;
  const i = t.indexOf("/");
  if (i <= 0) return null;
  const provider = t.slice(0, i);
  const model = t.slice(i + 1).trim();
  if (!(ROUTE_PROVIDERS as readonly string[]).includes(provider) || provider === "builtin")
    return null;
  if (!model || model.length > 200 || /\s/.test(model)) return null;
  return { provider: provider as RouteProvider, model };
}

export const stepKey = (s: RouteStep): string =>
  s.provider === "builtin" ? "builtin" : `${s.provider}/${s.model}`;

const StepString = z
  .string()
  .max(240)
  .refine((s) => parseStep(s) !== null, {
    message: 'unknown provider: use "workers-ai/<model>", "openai-compatible/<model>" or "builtin"',
  });

const chain = (task: RouteTask) =>
  z
    .array(StepString)
    .min(1)
    .max(5)
    .refine(
      (steps) =>
        steps.every((s) => TASK_PROVIDERS[task].includes(parseStep(s)?.provider ?? "builtin")),
      { message: `${task} runs on: ${TASK_PROVIDERS[task].join(", ")}` },
    )
    .optional();

export const ModelRouting = z.strictObject({
  /** Per task, the chain tried in order; absent = the tenant's provider, then builtin. */
  tasks: z
    .strictObject({
      answer: chain("answer"),
      translate: chain("translate"),
      summarise: chain("summarise"),
      classify: chain("classify"),
    })
    .prefault({}),
  /** Monthly spend in USD after which paid models are skipped; null = no budget. */
  monthlyBudgetUsd: z.number().positive().max(1_000_000).nullable().default(null),
});
export type ModelRouting = z.infer<typeof ModelRouting>;

/** What resolution needs from the AI settings. */
export interface RouteConfig {
  provider: RouteProvider;
  models: { chat: string; translation: string; sentiment: string };
  openai: { model: string };
  routing: ModelRouting;
}

/** The chain the tenant gets when it set none: its provider's model for the task, then builtin. */
function defaultChain(config: RouteConfig, task: RouteTask): RouteStep[] {
  if (config.provider === "workers-ai") {
    const model =
      task === "translate"
        ? config.models.translation
        : task === "classify"
          ? config.models.sentiment
          : config.models.chat;
    return [{ provider: "workers-ai", model }];
  }
  if (config.provider === "openai-compatible")
    // Classification stays on Workers AI's classifier when it is bound, as before routing existed.
    return task === "classify"
      ? [{ provider: "workers-ai", model: config.models.sentiment }]
      : [{ provider: "openai-compatible", model: config.openai.model }];
  return [];
}

/**
 * The ordered chain for a task: the override first (a stage agent's "provider/model", ignored when it names no
 * known provider or one the task cannot use), then the tenant's chain or default, each step once, builtin last.
 * With `overBudget`, paid steps are dropped and only builtin remains.
 */
export function resolveRoute(
  config: RouteConfig,
  task: RouteTask,
  override?: string | null,
  opts: { overBudget?: boolean } = {},
): RouteStep[] {
  const configured = config.routing.tasks[task];
  const base = configured
    ? configured.flatMap((s) => parseStep(s) ?? [])
    : defaultChain(config, task);
  const first = override ? parseStep(override) : null;
  const candidates = [...(first ? [first] : []), ...base, BUILTIN_STEP].filter(
    (s) =>
      TASK_PROVIDERS[task].includes(s.provider) && !(opts.overBudget && s.provider !== "builtin"),
  );
  const seen = new Set<string>();
  const out: RouteStep[] = [];
  for (const s of candidates) {
    const k = stepKey(s);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
    if (s.provider === "builtin") break;
  }
  return out;
}
