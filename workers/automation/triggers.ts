/**
 * From a conversation event to workflow runs: which trigger types an event fires, the trigger's
 * own filters, and the time-based checks (waiting, window closing) it schedules.
 */
import { and, eq, inArray } from "drizzle-orm";
import { getDb, inTenant } from "../db/client";
import { workflows } from "../db/schema-ops";
import { log } from "../lib/log";
import type { OpsDeps } from "../services/ops-deps";
import {
  eventData,
  eventKey,
  type EventData,
  type QueuedConversationEvent,
} from "../services/events";
import { baseLang, type WorkflowContext } from "./context";
import { normaliseText } from "./keywords";
import { adapterFor } from "../channels/registry";
import { Trigger, WorkflowDefinition, type TriggerType } from "./workflow-definition";
import { loadContext } from "./load";
import { startRun, type RunEnv } from "./runner";
import { scheduleWorkflowStep } from "./schedule";

/** Trigger types an event fires immediately. Only shoppers' messages are "message received". */
export function firedTriggers(event: QueuedConversationEvent, data: EventData): TriggerType[] {
  switch (event.type) {
    case "conversation.created":
      return ["conversation.created"];
    case "message.created":
      return data.authorType === "shopper" ? ["message.received"] : [];
    case "tag.added":
      return ["tag.added"];
    case "conversation.resolved":
      return ["conversation.resolved"];
    default:
      return [];
  }
}

/** Scripts written without spaces between words: there a keyword matches anywhere. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** Whole-word (or whole-phrase) keyword match, case- and accent-insensitive. */
export function matchesKeyword(text: string, keywords: string[]): boolean {
  const hay = ` ${normaliseText(text)} `;
  return keywords.some((k) =>
    UNSPACED.test(k) ? hay.includes(normaliseText(k)) : hay.includes(` ${normaliseText(k)} `),
  );
}

type MessageTrigger = Extract<Trigger, { type: "message.received" }>;

/** Keywords and intents are alternatives (either may recognise the topic); none set matches all. */
function topicMatches(trigger: MessageTrigger, data: EventData): boolean {
  if (!trigger.keywords.length && !trigger.intents.length) return true;
  const keywordHit =
    trigger.keywords.length > 0 && matchesKeyword(data.text ?? "", trigger.keywords);
  const intentHit =
    trigger.intents.length > 0 &&
    !!data.intent &&
    trigger.intents.map((i) => i.toLowerCase()).includes(data.intent.toLowerCase());
  return keywordHit || intentHit;
}

/** False when the event alone shows the trigger cannot match (no conversation read needed to tell). */
export function eventMayMatch(trigger: Trigger, data: EventData): boolean {
  return trigger.type !== "message.received" || topicMatches(trigger, data);
}

export function triggerMatches(trigger: Trigger, ctx: WorkflowContext, data: EventData): boolean {
  switch (trigger.type) {
    case "message.received": {
      const lang = baseLang(data.language ?? ctx.conversation.language ?? ctx.contact?.language);
      if (!topicMatches(trigger, data)) return false;
      if (trigger.languages.length && !(lang && trigger.languages.map(baseLang).includes(lang)))
        return false;
      if (
        trigger.channels.length &&
        !trigger.channels.includes(
          ctx.conversation.channelType as (typeof trigger.channels)[number],
        )
      )
        return false;
      if (trigger.countries.length && !(ctx.country && trigger.countries.includes(ctx.country)))
        return false;
      return true;
    }
    case "tag.added": {
      const added = [...(data.tags ?? []), ...(data.tag ? [data.tag] : [])].map((t) =>
        t.toLowerCase(),
      );
      return trigger.tags.length === 0 || trigger.tags.some((t) => added.includes(t.toLowerCase()));
    }
    default:
      return true;
  }
}

export type WorkflowRow = typeof workflows.$inferSelect;

/** A tenant's enabled workflows, every trigger type: read once for a batch of events. */
export function tenantWorkflows(env: RunEnv, tenantId: string): Promise<WorkflowRow[]> {
  return getDb(env.DB)
    .select()
    .from(workflows)
    .where(inTenant(workflows, tenantId, eq(workflows.enabled, true)));
}

async function enabledWorkflows(
  env: RunEnv,
  tenantId: string,
  types: TriggerType[],
  all?: () => Promise<WorkflowRow[]>,
) {
  if (!types.length) return [];
  if (all) return (await all()).filter((w) => types.includes(w.triggerType as TriggerType));
  return getDb(env.DB)
    .select()
    .from(workflows)
    .where(
      and(
        inTenant(workflows, tenantId, eq(workflows.enabled, true)),
        inArray(workflows.triggerType, types),
      ),
    );
}

/**
 * Runs every matching workflow for the event and schedules its time-based checks. Never throws for a
 * workflow's failure. `all` gives the tenant's enabled workflows when a batch of events read them once.
 */
export async function runWorkflowsForEvent(
  env: RunEnv,
  deps: OpsDeps,
  event: QueuedConversationEvent,
  all?: () => Promise<WorkflowRow[]>,
): Promise<{ started: number; scheduled: number }> {
  const data = eventData(event);
  const now = deps.now();
  const fired = firedTriggers(event, data);
  const timed: TriggerType[] = [];
  if (event.type === "message.created" && data.authorType === "shopper")
    timed.push("conversation.waiting", "window.closing");
  if (event.type === "conversation.handover") timed.push("conversation.waiting");
  const candidates = (await enabledWorkflows(env, event.tenantId, [...fired, ...timed], all))
    .map((wf) => ({ wf, def: WorkflowDefinition.safeParse(wf.definition) }))
    .filter(({ def }) => def.success && eventMayMatch(def.data.trigger, data));
  // No conversation read when no workflow can fire.
  if (!candidates.length) return { started: 0, scheduled: 0 };
  const ctx = await loadContext(
    getDb(env.DB),
    event.tenantId,
    event.conversationId,
    { ...event, data },
    {},
    now,
  );
  if (!ctx) return { started: 0, scheduled: 0 };

  let started = 0;
  let scheduled = 0;
  for (const { wf, def } of candidates) {
    if (!def.success) continue;
    const trigger = def.data.trigger;
    try {
      if (trigger.type === "conversation.waiting") {
        const kind = event.type === "conversation.handover" ? "waiting_queue" : "waiting_reply";
        if (
          await scheduleWorkflowStep(
            env,
            event.conversationId,
            event.at + trigger.minutes * 60_000,
            { tenantId: event.tenantId, workflowId: wf.id, kind, anchor: event.at },
            deps.wake,
          )
        )
          scheduled++;
      } else if (trigger.type === "window.closing") {
        // Only channels with a reply window (the adapter's `replyWindowMs`) have one closing.
        const windowMs = adapterFor(ctx.conversation.channelType)?.replyWindowMs;
        if (windowMs === undefined) continue;
        if (
          await scheduleWorkflowStep(
            env,
            event.conversationId,
            event.at + windowMs - trigger.minutesBefore * 60_000,
            {
              tenantId: event.tenantId,
              workflowId: wf.id,
              kind: "window_closing",
              anchor: event.at,
            },
            deps.wake,
          )
        )
          scheduled++;
      } else if (fired.includes(trigger.type) && triggerMatches(trigger, ctx, data)) {
        // Each run gets its own vars; the context is otherwise shared read-only.
        if (await startRun(env, deps, wf, eventKey(event), { ...ctx, vars: {} })) started++;
      }
    } catch (err) {
      log("error", "workflow.run_crashed", {
        tenantId: event.tenantId,
        workflowId: wf.id,
        conversationId: event.conversationId,
        error: String(err),
      });
    }
  }
  return { started, scheduled };
}
