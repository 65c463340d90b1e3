/**
 * How workflows, export and erasure reach a conversation. Workflows change conversations only through
 * `ConversationActions`; export and erasure read and wipe a conversation's object through
 * `ConversationStore`. Both have one implementation over ConversationDO RPC (below) and are
 * injected, so tests pass fakes.
 */
import type { Message } from "../wire/socket";

/** Expected failures come back as values (RPC drops custom error fields). */
export type ActionResult = { ok: true } | { ok: false; code: string; message?: string };

export interface TemplateRef {
  name: string;
  language: string;
  params: string[];
}

export interface AssignTarget {
  agentId?: string;
  teamId?: string;
}

export interface ConversationActions {
  sendMessage(conversationId: string, text: string): Promise<ActionResult>;
  sendTemplate(conversationId: string, template: TemplateRef): Promise<ActionResult>;
  addTags(conversationId: string, tags: string[]): Promise<ActionResult>;
  removeTags(conversationId: string, tags: string[]): Promise<ActionResult>;
  assign(conversationId: string, target: AssignTarget): Promise<ActionResult>;
  handover(conversationId: string, reason: string): Promise<ActionResult>;
  resolve(conversationId: string): Promise<ActionResult>;
  setAttribute(conversationId: string, key: string, value: unknown): Promise<ActionResult>;
}

export interface ConversationStore {
  /** Messages with `seq > after`, oldest first, at most `limit` (edited/unsent ones keep `history`). */
  listMessages(conversationId: string, after: number, limit: number): Promise<Message[]>;
  /** Deletes everything the conversation's object stores (`ctx.storage.deleteAll()`). */
  erase(conversationId: string): Promise<ActionResult>;
}

/** How a workflow acts in the engine's own commands (transitions record it; events carry `by: "workflow"`). */
const WORKFLOW_ACTOR = { type: "system", id: "workflow", name: "Workflow" } as const;

/**
 * The RPC surface ops uses on ConversationDO. `assignTarget` and `resolve(actor)` are the engine's
 * names (its REST API resolves through the same method); the rest serve workflows, export and erasure.
 */
export interface ConversationRpc {
  sendSystemMessage(input: { text: string; source: "workflow" }): Promise<unknown>;
  sendTemplate(input: TemplateRef & { source: "workflow" }): Promise<unknown>;
  addTags(tags: string[]): Promise<unknown>;
  removeTags(tags: string[]): Promise<unknown>;
  assignTarget(target: AssignTarget): Promise<unknown>;
  handover(input: { reason: string; source: "workflow" }): Promise<unknown>;
  resolve(actor: typeof WORKFLOW_ACTOR): Promise<unknown>;
  setAttribute(key: string, value: unknown): Promise<unknown>;
  listMessages(input: { after: number; limit: number }): Promise<Message[]>;
  erase(): Promise<unknown>;
}

/** Only what ops needs from a namespace, so a test can pass a fake one. */
export interface ConversationNamespace {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): unknown;
}

function stubOf(ns: ConversationNamespace, conversationId: string): ConversationRpc {
  return ns.get(ns.idFromName(conversationId)) as ConversationRpc;
}

function asResult(value: unknown): ActionResult {
  if (
    value &&
    typeof value === "object" &&
    "ok" in value &&
    (value as { ok: unknown }).ok === false
  ) {
    const v = value as { code?: unknown; message?: unknown };
    return {
      ok: false,
      code: typeof v.code === "string" ? v.code : "FAILED",
      message: typeof v.message === "string" ? v.message : undefined,
    };
  }
  return { ok: true };
}

async function attempt(run: () => Promise<unknown>): Promise<ActionResult> {
  try {
    return asResult(await run());
  } catch (err) {
    return {
      ok: false,
      code: "RPC_FAILED",
      message: err instanceof Error ? err.message : String(err),
    };
  }
}

export function doConversationActions(ns: ConversationNamespace): ConversationActions {
  return {
    sendMessage: (id, text) =>
      attempt(() => stubOf(ns, id).sendSystemMessage({ text, source: "workflow" })),
    sendTemplate: (id, template) =>
      attempt(() => stubOf(ns, id).sendTemplate({ ...template, source: "workflow" })),
    addTags: (id, tags) => attempt(() => stubOf(ns, id).addTags(tags)),
    removeTags: (id, tags) => attempt(() => stubOf(ns, id).removeTags(tags)),
    assign: (id, target) => attempt(() => stubOf(ns, id).assignTarget(target)),
    handover: (id, reason) =>
      attempt(() => stubOf(ns, id).handover({ reason, source: "workflow" })),
    resolve: (id) => attempt(() => stubOf(ns, id).resolve(WORKFLOW_ACTOR)),
    setAttribute: (id, key, value) => attempt(() => stubOf(ns, id).setAttribute(key, value)),
  };
}

export function doConversationStore(ns: ConversationNamespace): ConversationStore {
  return {
    listMessages: (id, after, limit) => stubOf(ns, id).listMessages({ after, limit }),
    erase: (id) => attempt(() => stubOf(ns, id).erase()),
  };
}
