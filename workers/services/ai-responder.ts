/**
 * The live AI turn: the tenant's settings and knowledge index (cached in its shard, ai-turn-context.ts),
 * usage limits, metered providers,
 * voice notes and images as text, then `runAiTurn`; afterwards the contact's language (when it
 * changed) and any knowledge gap are stored. Wired into each ConversationDO by `workers/wiring.ts`.
 */
import {
  assetsLexiconSource,
  conversationLanguage,
  mediaToText,
  runAiTurn,
  type AiTurnResult as AgentResult,
  type HistoryItem,
  type Providers,
} from "../ai";
import { getDb } from "../db/client";
import { log } from "../lib/log";
import type { AiResponder, AiTurnInput, AiTurnResult, RouteUse } from "../wire/ai-turn";
import type { Attachment } from "../wire/socket";
import { agentIndex, agentSettings, chooseAgent, type AgentChoice } from "../ai/stage-agents";
import { getKnowledgeIndex, providersFor } from "./ai";
import { loadTurnSetup } from "./ai-turn-context";
import { isKnowledgeGap, recordUnanswered, storeContactLanguage } from "./ai-turn-effects";
import { metered, newMeter, recordMeter, withinUsageLimits, type Meter } from "./ai-usage";
import { accountMailer } from "./account-mail";
import { storeOrderSource } from "./store-orders";
import { salesSource } from "./lead-sales";

/** Larger files are not sent to speech or vision models. */
const MAX_MEDIA_BYTES = 10 * 1024 * 1024;

export function createAiResponder(env: Env): AiResponder {
  return async function liveAiTurn(input: AiTurnInput): Promise<AiTurnResult> {
    const db = getDb(env.DB);
    const setup = await loadTurnSetup(env, db, input.tenantId);
    const fullIndex = await getKnowledgeIndex(db, input.tenantId, setup.kbFingerprint);
    const choice = chooseAgent(setup.agents, {
      message: input.message,
      shopperHistory: input.history.filter((h) => h.role === "shopper").map((h) => h.text),
      previousAgentId: input.previousAgentId ?? null,
    });
    const stored = agentSettings(setup.settings, choice.agent);
    const index = agentIndex(fullIndex, choice.agent);
    const { settings, overBudget } = await withinUsageLimits(
      env,
      db,
      input.tenantId,
      stored,
      choice.agent?.model || null,
      setup,
    );
    const meter = newMeter();
    // The stage agent's own model, if it names one, is tried first (model-routing.ts).
    const { providers } = metered(
      providersFor(env, settings, {
        overBudget,
        recorder: meter,
        override: choice.agent?.model || null,
      }),
      meter,
    );
    try {
      const media = await mediaText(env, input.attachments, providers, input.signal);
      const message = [input.message.trim(), media].filter(Boolean).join("\n");
      const result = await runAiTurn({
        tenantId: input.tenantId,
        settings,
        entries: index,
        history: input.history.flatMap((h): HistoryItem[] =>
          h.role === "system"
            ? []
            : [{ role: h.role, text: h.text, ...(h.kind ? { kind: h.kind } : {}) }],
        ),
        message,
        contact: input.contact,
        now: new Date(),
        providers,
        signal: input.signal,
        onToken: (t) => input.onToken(t),
        lexicons: assetsLexiconSource(env.ASSETS),
        ...(choice.agent ? { allowedActions: choice.agent.allowedActions } : {}),
        orders: storeOrderSource(
          env,
          db,
          input.tenantId,
          input.conversationId,
          // One-time codes go out like account mail (the local outbox on a loopback deployment).
          accountMailer(env, db, env.PUBLIC_BASE_URL),
        ),
        sales: salesSource(env, db, input.tenantId, input.conversationId, input.contactId),
      });
      // The conversation's language follows the shopper's recent messages, never the answer's (a matched entry
      // may be written in another language); the contact gets the same value, so the two never disagree.
      const shopperTexts = [
        ...input.history.filter((h) => h.role === "shopper").map((h) => h.text),
        message,
      ];
      const language =
        conversationLanguage(shopperTexts, { candidates: settings.languages }) ?? result.language;
      // A cancelled turn is discarded by the conversation: it leaves nothing behind either.
      if (!input.signal.aborted) await afterTurn(env, input, message, result, language);
      return {
        ...toTurnResult(result),
        author: settings.persona.name,
        conversationLanguage: language,
        ...agentFacts(choice),
        routes: turnRoutes(meter, overBudget),
        ...(overBudget ? { overBudget } : {}),
      };
    } finally {
      await recordMeter(env, input.tenantId, meter).catch((err) =>
        log("warn", "ai usage not recorded", { tenantId: input.tenantId, error: String(err) }),
      );
    }
  };
}

async function afterTurn(
  env: Env,
  input: AiTurnInput,
  message: string,
  result: AgentResult,
  language: string,
): Promise<void> {
  const db = getDb(env.DB);
  // The contact's language was stored with the conversation's: written again only when it changes.
  if (language !== input.contact.language)
    await storeContactLanguage(db, input.tenantId, input.contactId, language);
  if (isKnowledgeGap(result) && "rule" in result)
    await recordUnanswered(
      db,
      input.tenantId,
      input.conversationId,
      message,
      result.language,
      result.rule,
    );
}

/** Which stage agent answered and why, and the agent it took the conversation from. */
function agentFacts(c: AgentChoice): Pick<AiTurnResult, "agent" | "handoffFrom"> {
  if (!c.agent) return {};
  const { id, name, stage } = c.agent;
  return {
    agent: { id, name, stage, reason: c.reason },
    ...(c.handoffFrom ? { handoffFrom: { id: c.handoffFrom.id, name: c.handoffFrom.name } } : {}),
  };
}

/**
 * Who served the turn, answer last: when no model was asked to answer (builtin chain, the budget, a rule's
 * reply), the builtin engine did, marked as a fallback when the budget skipped paid models.
 */
function turnRoutes(meter: Meter, overBudget: boolean): RouteUse[] {
  const uses = meter.uses.filter((u) => u.task !== "answer");
  const answer = meter.uses.filter((u) => u.task === "answer").at(-1) ?? {
    task: "answer" as const,
    provider: "builtin" as const,
    model: "builtin",
    fallback: overBudget,
    failed: [],
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
  };
  return [...uses, answer];
}

/** The agent's result as the conversation stores it (sentiment as its label). */
export function toTurnResult(r: AgentResult): AiTurnResult {
  const facts = {
    text: r.text,
    language: r.language,
    sentiment: r.sentiment.label,
    tags: r.tags,
    ...(r.intent ? { intent: r.intent } : {}),
  };
  if (r.kind === "answer") {
    return {
      kind: "answer",
      citations: r.citations,
      ...facts,
      shopperLanguage: r.shopperLanguage,
      ...(r.entryLanguage ? { entryLanguage: r.entryLanguage } : {}),
    };
  }
  return {
    kind: r.kind,
    rule: r.rule,
    reason: r.reason,
    summary: r.summary,
    ...facts,
    ...(r.team ? { team: r.team } : {}),
  };
}

/** A voice note's transcript or an image's description, when the provider can and the file is small. */
async function mediaText(
  env: Env,
  attachments: Attachment[],
  providers: Providers,
  signal: AbortSignal,
): Promise<string> {
  const out: string[] = [];
  for (const a of attachments.slice(0, 3)) {
    const kind = a.mimeType.startsWith("audio/")
      ? "audio"
      : a.mimeType.startsWith("image/")
        ? "image"
        : null;
    if (
      !kind ||
      a.size > MAX_MEDIA_BYTES ||
      !(kind === "audio" ? providers.speech.available : providers.vision.available)
    )
      continue;
    const obj = await env.MEDIA.get(a.key).catch(() => null);
    if (!obj) continue;
    const bytes = new Uint8Array(await obj.arrayBuffer());
    const res = await mediaToText({ kind, bytes }, providers, signal);
    if (res.ok && res.text.trim()) out.push(res.text.trim());
  }
  return out.join("\n");
}
