/**
 * The conversation's AI turn: at most one in flight, streamed to the sockets as `ai_token` frames,
 * committed only if nothing silenced the AI meanwhile. An agent's takeover aborts the turn; its answer
 * is then dropped, never stored after the agent's message.
 */
import { log } from "../../workers/lib/log";
import { newId } from "../../workers/lib/ids";
import type { Message, ServerFrame } from "../../workers/wire/socket";
import type {
  AiResponder,
  AiTurnAgent,
  AiTurnKind,
  AiTurnResult,
} from "../../workers/wire/ai-turn";
import type { Conversation } from "./conversation-core";
import { handOver } from "./handover-claims";
import { setTags } from "./tags-rating-reads";
import type { ConversationStore } from "./store";

/** How much of the conversation the AI sees: the last turns before the question. */
const HISTORY_TURNS = 20;

export interface AiRunnerHost {
  /** The object's store (erasure replaces it, so it is read each time). */
  store(): ConversationStore;
  /** Current state as a Conversation, for the synchronous commit. */
  open(): Conversation;
  broadcast(frame: ServerFrame): void;
  /** Delivers the commit's effects (outbox, D1 index). */
  settle(): Promise<void>;
}

const isHandback = (m: Message): boolean =>
  m.kind === "event" &&
  m.meta.event === "status" &&
  m.meta.to === "bot" &&
  m.meta.reason === "handback";

const isAgentMeta = (v: unknown): v is AiTurnAgent =>
  typeof v === "object" && v !== null && typeof (v as AiTurnAgent).id === "string";

export class AiTurnRunner {
  private turn: { id: string; controller: AbortController } | null = null;
  /** The turn whose answer is being appended, so its message frame can name the draft it replaces. */
  private committingTurn: string | null = null;

  constructor(
    private readonly host: AiRunnerHost,
    /** The AI turn, from the object's dependencies. */
    private readonly responder: AiResponder,
  ) {}

  get running(): boolean {
    return this.turn !== null;
  }

  /** The `turnId` an AI message frame carries while its turn commits. */
  turnFor(m: Message): string | null {
    return this.committingTurn && m.author.type === "ai" ? this.committingTurn : null;
  }

  /** Runs one owed turn; true when another may be owed (the shopper wrote again meanwhile). */
  async runOne(): Promise<boolean> {
    const store = this.host.store();
    const s = store.state();
    if (!s || s.status !== "bot" || s.aiPendingSeq <= s.aiAnsweredSeq || this.turn) return false;
    const gen = s.aiGen;
    const target = s.aiPendingSeq;
    const recent = store.range(s.conversationId, {
      before: target + 1,
      limit: HISTORY_TURNS * 2,
      newest: true,
    });
    // An agent handing back starts the AI afresh: what made it hand over before (an offer already made,
    // the same question asked twice) must not send the next message straight back to a person.
    const handback = recent.findLastIndex(isHandback);
    const chat = recent
      .slice(handback + 1)
      .filter((m) => (m.kind === "text" || m.kind === "media") && !m.deletedAt);
    const question = chat.pop();
    const lastAgent = chat.findLast((m) => m.author.type === "ai" && isAgentMeta(m.meta.agent))
      ?.meta.agent as AiTurnAgent | undefined;
    const turn = { id: newId("turn"), controller: new AbortController() };
    this.turn = turn;
    let result: AiTurnResult;
    try {
      result = await this.responder({
        tenantId: s.tenantId,
        conversationId: s.conversationId,
        contactId: s.contactId,
        message: question?.text ?? "",
        attachments: question?.attachments ?? [],
        // The AI's own turns say what they were, so the policy knows a person was already offered.
        history: chat.slice(-HISTORY_TURNS).map((m) => ({
          role: m.author.type,
          text: m.text,
          ...(m.author.type === "ai" && typeof m.meta.aiKind === "string"
            ? { kind: m.meta.aiKind as AiTurnKind }
            : {}),
        })),
        contact: {
          vip: s.contactVip,
          language: s.language ?? s.contactLanguage,
          country: s.contactCountry ?? null,
        },
        previousAgentId: lastAgent?.id ?? null,
        signal: turn.controller.signal,
        onToken: (token) => {
          if (!turn.controller.signal.aborted)
            this.host.broadcast({ type: "ai_token", turnId: turn.id, token });
        },
      });
    } catch (err) {
      if (turn.controller.signal.aborted) return false;
      log("error", "ai turn failed", { conversationId: s.conversationId, error: String(err) });
      result = {
        kind: "handover",
        text: "I'll get a person to help you.",
        reason: "ai_error",
        rule: null,
      };
    } finally {
      if (this.turn === turn) this.turn = null;
    }
    // From here to the save nothing awaits: an agent cannot slip in between the check and the commit.
    const conv = this.host.open();
    if (turn.controller.signal.aborted || conv.s.aiGen !== gen || conv.s.status !== "bot") {
      if (!turn.controller.signal.aborted)
        this.host.broadcast({ type: "ai_cancelled", turnId: turn.id });
      return false;
    }
    this.committingTurn = turn.id;
    let message: Message | null;
    try {
      message = commitAiResult(conv, result, target);
    } finally {
      this.committingTurn = null;
    }
    conv.save();
    this.host.broadcast({ type: "ai_done", turnId: turn.id, messageId: message?.id ?? null });
    await this.host.settle();
    return conv.s.status === "bot" && conv.s.aiPendingSeq > conv.s.aiAnsweredSeq;
  }

  /** Aborts the turn in flight (an agent took over, the conversation is being erased). */
  cancel(): void {
    const turn = this.turn;
    if (!turn) return;
    this.turn = null;
    turn.controller.abort(new Error("silenced"));
    this.host.broadcast({ type: "ai_cancelled", turnId: turn.id });
  }
}

/** Commits a finished AI turn. The caller has already checked that the AI may still speak. */
export function commitAiResult(
  conv: Conversation,
  result: AiTurnResult,
  answeredSeq: number,
): Message | null {
  const s = conv.s;
  s.aiAnsweredSeq = Math.max(s.aiAnsweredSeq, answeredSeq);
  // The conversation's language is the shopper's (their recent messages), even when an entry was sent in its own.
  const shopperLanguage = result.conversationLanguage ?? result.shopperLanguage ?? result.language;
  if (shopperLanguage) s.language = shopperLanguage;
  const text = result.text.trim();
  // The new agent reads the same log; the passing is a line agents see, never the shopper.
  if (result.agent && result.handoffFrom)
    conv.append({
      authorType: "system",
      authorId: null,
      authorName: null,
      kind: "event",
      text: `AI agent ${result.handoffFrom.name} passed the conversation to ${result.agent.name} (${result.agent.reason})`,
      meta: {
        event: "ai_agent_handoff",
        internal: true,
        from: result.handoffFrom,
        to: { id: result.agent.id, name: result.agent.name, stage: result.agent.stage },
        reason: result.agent.reason,
      },
    });
  const message = text
    ? conv.append({
        authorType: "ai",
        authorId: null,
        authorName: result.author ?? null,
        kind: "text",
        text,
        language: result.language ?? null,
        citations: result.citations ?? [],
        meta: {
          aiKind: result.kind,
          rule: result.rule ?? null,
          intent: result.intent ?? null,
          sentiment: result.sentiment ?? null,
          ...(result.agent ? { agent: result.agent } : {}),
          ...(result.routes?.length ? { routes: result.routes } : {}),
          ...(result.overBudget ? { overBudget: true } : {}),
          ...(result.entryLanguage
            ? { entryLanguage: result.entryLanguage, shopperLanguage: shopperLanguage ?? null }
            : {}),
        },
      }).message
    : null;
  if (result.tags?.length) setTags(conv, { type: "ai", id: null, name: null }, result.tags, []);
  // Outside business hours the AI asks for contact details; the conversation waits for a person.
  if (result.kind === "handover" || result.kind === "collect_contact") {
    handOver(
      conv,
      { type: "ai", id: null, name: null },
      {
        reason: result.reason ?? "ai_handover",
        rule: result.rule ?? null,
        summary: result.summary ?? null,
        intent: result.intent ?? null,
        sentiment: result.sentiment ?? null,
        ...(result.team ? { team: result.team } : {}),
      },
    );
  }
  return message;
}
