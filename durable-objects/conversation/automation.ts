/**
 * What automations (ops workflows) do to a conversation, on top of the engine's own rules: the same
 * synchronous `Conversation` methods the REST API uses, so sockets, the D1 index and conversation
 * events stay consistent whoever acts. Expected refusals come back as values.
 */
import { z } from "zod";
import type { ErrorCode } from "../../workers/lib/errors";
import { fail, type Actor, type DoResult } from "../../workers/wire/objects";
import { replyWindow } from "../../workers/lib/reply-window";
import type { Message } from "../../workers/wire/socket";
import { inboxStub } from "../rpc";
import type { ConversationCommands } from "./commands";
import type { ConversationDeps } from "./deps";
import type { Conversation } from "./conversation-core";
import { assignTo, handOver } from "./handover-claims";
import { setTags } from "./tags-rating-reads";
import type { SocketHub } from "./socket-hub";
import type { ConversationStore } from "./store";

/** How workflow actions appear in transitions, events (`by: "workflow"`) and the message log. */
export const WORKFLOW: Actor = { type: "system", id: "workflow", name: "Workflow" };

export const SystemMessageInput = z.object({
  text: z.string().trim().min(1).max(4000),
  source: z.string().min(1).max(40).default("workflow"),
});
export const TemplateInput = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(16),
  params: z.array(z.string().max(1024)).max(20).default([]),
  source: z.string().min(1).max(40).default("workflow"),
});
export const TagList = z.array(z.string().trim().min(1).max(64)).max(50);
export const AttributeInput = z.object({
  key: z.string().trim().min(1).max(64),
  value: z.unknown(),
});
const ATTRIBUTE_BYTES = 4096;
const ATTRIBUTES_KEY = "attributes";

function invalid(err: z.ZodError): { ok: false; code: ErrorCode; message: string } {
  return fail(
    "VALIDATION_FAILED",
    err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "),
  );
}

/** A business message written by an automation; refused outside the platform's reply window. */
export function systemMessage(
  c: Conversation,
  raw: unknown,
  now: number,
): DoResult<{ messageId: string }> {
  const input = SystemMessageInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const window = replyWindow(c.s.channelType, c.s.lastInboundAt, now);
  if (window && !window.open)
    return fail(
      "WINDOW_CLOSED",
      "The channel's 24-hour reply window is closed; send an approved template instead.",
    );
  const { message } = c.append({
    authorType: "system",
    authorId: WORKFLOW.id,
    authorName: null,
    kind: "text",
    text: input.data.text,
    meta: { source: input.data.source },
  });
  return { ok: true, value: { messageId: message.id } };
}

/** An approved WhatsApp template: allowed whether or not the reply window is open. */
export function templateMessage(c: Conversation, raw: unknown): DoResult<{ messageId: string }> {
  const input = TemplateInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  if (c.s.channelType !== "whatsapp")
    return fail("VALIDATION_FAILED", `${c.s.channelType} conversations have no message templates.`);
  const { name, language, params, source } = input.data;
  // Agents read what was sent; the platform gets the template itself (meta.template → the outbound job).
  const text = `[template ${name} (${language})]${params.length ? ` ${params.join(" · ")}` : ""}`;
  const { message } = c.append({
    authorType: "system",
    authorId: WORKFLOW.id,
    authorName: null,
    kind: "text",
    text,
    meta: { source, template: { name, language, variables: params } },
  });
  return { ok: true, value: { messageId: message.id } };
}

export function changeTags(
  c: Conversation,
  raw: unknown,
  mode: "add" | "remove",
): DoResult<string[]> {
  const tags = TagList.safeParse(raw);
  if (!tags.success) return invalid(tags.error);
  return {
    ok: true,
    value:
      mode === "add" ? setTags(c, WORKFLOW, tags.data, []) : setTags(c, WORKFLOW, [], tags.data),
  };
}

/** To the queue, for a person; a conversation already waiting or with an agent stays where it is. */
export function workflowHandover(c: Conversation, reason: string): DoResult<null> {
  if (c.s.status === "waiting" || c.s.status === "assigned") return { ok: true, value: null };
  return handOver(c, WORKFLOW, {
    reason: reason.slice(0, 100) || "workflow",
    rule: null,
    summary: null,
    intent: null,
    sentiment: null,
  });
}

export function conversationAttributes(store: ConversationStore): Record<string, unknown> {
  const raw = store.kv(ATTRIBUTES_KEY);
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

/** Conversation-scoped key/value (contact attributes live in D1); `null` removes a key. */
export function setAttribute(
  store: ConversationStore,
  raw: unknown,
): DoResult<Record<string, unknown>> {
  const input = AttributeInput.safeParse(raw);
  if (!input.success) return invalid(input.error);
  const attrs = conversationAttributes(store);
  if (input.data.value === null || input.data.value === undefined) delete attrs[input.data.key];
  else attrs[input.data.key] = input.data.value;
  const json = JSON.stringify(attrs);
  if (json.length > ATTRIBUTE_BYTES)
    return fail(
      "PAYLOAD_TOO_LARGE",
      `Conversation attributes are limited to ${ATTRIBUTE_BYTES} bytes.`,
    );
  store.setKv(ATTRIBUTES_KEY, json);
  return { ok: true, value: attrs };
}

/**
 * The automation calls ConversationDO answers (ops: workflows, export, erasure, delayed steps): the rules
 * above, run as commands, so sockets, the D1 index and events agree with the REST API.
 */
export class ConversationAutomations {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly env: Env,
    private readonly deps: ConversationDeps,
    private readonly commands: ConversationCommands,
    private readonly sockets: SocketHub,
  ) {}

  sendSystemMessage(input: {
    text: string;
    source?: string;
  }): Promise<DoResult<{ messageId: string }>> {
    return this.commands.run((c) => systemMessage(c, input, Date.now()));
  }

  sendTemplate(input: {
    name: string;
    language: string;
    params?: string[];
    source?: string;
  }): Promise<DoResult<{ messageId: string }>> {
    return this.commands.run((c) => templateMessage(c, input));
  }

  changeTags(tags: string[], mode: "add" | "remove"): Promise<DoResult<string[]>> {
    return this.commands.run((c) => changeTags(c, tags, mode));
  }

  /** By teammate id; a team alone puts the conversation in the queue (team routing picks). */
  async assignTarget(target: { agentId?: string; teamId?: string }): Promise<DoResult<null>> {
    const s = this.commands.state();
    if (!s) return fail("CONVERSATION_NOT_FOUND", "No such conversation.");
    if (!target.agentId)
      return target.teamId
        ? this.handover({ reason: "assigned_to_team" })
        : fail("VALIDATION_FAILED", "Name an agent or a team.");
    const agent = await this.deps.assignableUser(s.tenantId, target.agentId);
    if (!agent.ok) return agent;
    return this.commands.run((c) => assignTo(c, WORKFLOW, agent.value, "workflow_assigned"));
  }

  handover(input: { reason: string; source?: string }): Promise<DoResult<null>> {
    return this.commands.run((c) => workflowHandover(c, input.reason));
  }

  setAttribute(key: string, value: unknown): Promise<DoResult<Record<string, unknown>>> {
    return this.commands.run(() => setAttribute(this.commands.store, { key, value }));
  }

  attributes(): Record<string, unknown> {
    return conversationAttributes(this.commands.store);
  }

  /** Messages with seq > after, oldest first (export, transcripts); empty once erased. */
  listMessages(opts: { after?: number; limit?: number }): Message[] {
    const s = this.commands.state();
    if (!s) return [];
    const limit = Math.min(500, Math.max(1, Math.floor(opts.limit ?? 200)));
    return this.commands.store.range(s.conversationId, {
      after: Math.max(0, Math.floor(opts.after ?? 0)),
      limit,
    });
  }

  /** Contact erasure and retention: sockets closed, alarm cleared, every stored byte deleted. */
  async erase(): Promise<DoResult<{ erased: true }>> {
    const s = this.commands.state();
    if (s && (s.status === "waiting" || s.status === "assigned")) {
      // The tenant's inbox would otherwise keep routing a conversation that no longer exists.
      try {
        await inboxStub(this.env, s.tenantId).route(s.tenantId, {
          op: "release",
          conversationId: s.conversationId,
        });
      } catch (err) {
        return fail("UNAVAILABLE", `The inbox could not release the conversation: ${String(err)}`);
      }
    }
    this.commands.ai.cancel();
    this.sockets.closeAll("conversation erased");
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.commands.reset();
    return { ok: true, value: { erased: true } };
  }
}
