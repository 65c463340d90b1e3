/**
 * AI agents per sales stage: which one answers a turn (by the shopper's intent and stage, deterministic,
 * with a reason), and what it changes in the turn — the persona, the knowledge it answers from, the
 * store actions it may take, the model.
 */
import { KnowledgeIndex } from "./engine";
import { normalize } from "./engine/text";
import type { AiSettings } from "./ai-settings";
import { extractOrderNumber } from "./order-lookup";
import { changeKind, orderIntent } from "./store-orders";
import { autoTag } from "./tags";

export type AgentStage = "pre_sales" | "after_sales" | "marketing" | "general";
export type AgentAction = "order_lookup" | "cancel" | "refund" | "address_change";

export interface StageAgent {
  id: string;
  name: string;
  stage: AgentStage;
  tone: AiSettings["persona"]["tone"] | null;
  instructions: string;
  knowledgeTags: string[];
  allowedActions: AgentAction[];
  model: string;
}

export interface AgentChoice {
  /** Null: no agent fits and none is general; the workspace persona answers with every action. */
  agent: StageAgent | null;
  reason: string;
  /** Set when another agent answered this conversation before: the conversation passes to `agent`. */
  handoffFrom: StageAgent | null;
}

export interface RouteInput {
  message: string;
  /** The shopper's earlier messages in this conversation, oldest first. */
  shopperHistory: string[];
  /** The agent that answered the conversation's last AI turn, if any. */
  previousAgentId: string | null;
}

const MARKETING =
  /\b(discount|coupon|promo|promotion|voucher|newsletter|black friday|sale|descuento|cupon|oferta|rabatt|gutschein|angebot|reduction|code promo|soldes|sconto|korting)\b/;

const STAGE_LABEL: Record<AgentStage, string> = {
  pre_sales: "pre-sales",
  after_sales: "after-sales",
  marketing: "marketing",
  general: "general",
};

/** The stage a message asks for, with why; null when it names none. */
export function stageOf(message: string): { stage: AgentStage; why: string } | null {
  const tags = autoTag(message, null);
  const orderNo = extractOrderNumber(message);
  const change = orderIntent(message) === "change";
  if (orderNo || tags.intent === "order_status" || tags.intent === "returns_refunds") {
    const kind = change ? changeKind(message) : "order-status";
    const what = kind === "address" ? "address-change" : kind;
    return {
      stage: "after_sales",
      why: `${what} intent${orderNo ? ` about order ${orderNo}` : ""}`,
    };
  }
  if (tags.purchaseIntent) return { stage: "pre_sales", why: "purchase intent" };
  if (MARKETING.test(normalize(message))) return { stage: "marketing", why: "promotion question" };
  if (tags.intent === "pre_sales") return { stage: "pre_sales", why: "product question" };
  return null;
}

/**
 * One agent per turn, deterministically: the stage the message asks for (after-sales for an order
 * question, pre-sales for a purchase or product question, marketing for promotions); without one, the
 * agent already in the conversation keeps it, and a new visitor meets pre-sales; else general; else
 * none. The first agent created for a stage wins.
 */
export function chooseAgent(agents: readonly StageAgent[], input: RouteInput): AgentChoice {
  const previous = agents.find((a) => a.id === input.previousAgentId) ?? null;
  const byStage = (s: AgentStage) => agents.find((a) => a.stage === s) ?? null;
  const done = (agent: StageAgent | null, reason: string): AgentChoice => ({
    agent,
    reason,
    handoffFrom: previous && agent && previous.id !== agent.id ? previous : null,
  });
  if (!agents.length) return done(null, "no AI agents: workspace persona");
  const asked = stageOf(input.message);
  if (asked) {
    const exact = byStage(asked.stage);
    if (exact) return done(exact, `${STAGE_LABEL[asked.stage]}: ${asked.why}`);
    if (previous)
      return done(previous, `no ${STAGE_LABEL[asked.stage]} agent; ${previous.name} continues`);
  } else if (previous) {
    return done(previous, `no new stage intent; ${previous.name} continues`);
  }
  const newVisitor = input.shopperHistory.length === 0;
  if (newVisitor && !asked) {
    const pre = byStage("pre_sales");
    if (pre) return done(pre, "pre-sales: new visitor");
  }
  const general = byStage("general");
  if (general)
    return done(
      general,
      asked ? `general: no ${STAGE_LABEL[asked.stage]} agent` : "general: no stage intent",
    );
  return done(null, "no agent for this stage: workspace persona");
}

/** The workspace persona as this agent speaks: its tone and, after the workspace's notes, its own. */
export function agentSettings(settings: AiSettings, agent: StageAgent | null): AiSettings {
  if (!agent) return settings;
  const notes = [
    settings.persona.instructions,
    `You are the shop's ${agent.name} agent (${STAGE_LABEL[agent.stage]}).`,
    agent.instructions,
  ]
    .filter(Boolean)
    .join("\n");
  return withModel(
    {
      ...settings,
      persona: {
        ...settings.persona,
        tone: agent.tone ?? settings.persona.tone,
        instructions: notes,
      },
    },
    agent.model,
  );
}

/**
 * The agent's "provider/model" as the chat model, when it names the workspace's provider (whose
 * credentials the turn holds); empty or another provider leaves the workspace's default.
 */
function withModel(settings: AiSettings, model: string): AiSettings {
  const at = model.indexOf("/");
  if (at < 0) return settings;
  const provider = model.slice(0, at);
  const name = model.slice(at + 1);
  if (provider !== settings.provider || !name) return settings;
  if (provider === "workers-ai") return { ...settings, models: { ...settings.models, chat: name } };
  if (provider === "openai-compatible")
    return { ...settings, openai: { ...settings.openai, model: name } };
  return settings;
}

const scoped = new WeakMap<KnowledgeIndex, Map<string, KnowledgeIndex>>();

/** The entries an agent answers from (any of its tags; none = all), built once per index and tag set. */
export function agentIndex(index: KnowledgeIndex, agent: StageAgent | null): KnowledgeIndex {
  if (!agent?.knowledgeTags.length) return index;
  const key = [...agent.knowledgeTags].sort().join("\n");
  let byKey = scoped.get(index);
  if (!byKey) scoped.set(index, (byKey = new Map()));
  let sub = byKey.get(key);
  if (!sub) {
    const want = new Set(agent.knowledgeTags.map((t) => t.toLowerCase()));
    sub = KnowledgeIndex.build(
      index.entries.filter((e) => (e.tags ?? []).some((t) => want.has(t.toLowerCase()))),
    );
    byKey.set(key, sub);
  }
  return sub;
}
