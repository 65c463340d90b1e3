/**
 * Runs a workflow's steps against a conversation. A run is created once per (workflow, event);
 * a failing step ends the run as `failed` and is logged, but never throws into the conversation.
 * A `delay` step parks the run (`waiting`) and schedules its continuation.
 */
import { and, eq, sql } from "drizzle-orm";
import { getDb, inTenant } from "../db/client";
import { workflowRuns, type WorkflowRunStatus, type workflows } from "../db/schema-ops";
import { decryptJson } from "../lib/crypto";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import type { OpsDeps } from "../services/ops-deps";
import { evaluateConditions } from "./conditions";
import type { WorkflowContext } from "./context";
import { WorkflowDefinition, type Step } from "./workflow-definition";
import { runHttpStep } from "./http-step";
import { pickLocalized, renderTemplate } from "./render";
import { scheduleWorkflowStep } from "./schedule";
import { collectMessages, renderTranscript } from "./transcript";

type WorkflowRow = typeof workflows.$inferSelect;
type LogEntry = { index: number; type: string; ok: boolean; detail: string; at: number };
export type RunEnv = Pick<Env, "DB" | "ENCRYPTION_KEY">;

/** Creates the run unless this event already started one; runs it when the conditions hold. */
export async function startRun(
  env: RunEnv,
  deps: OpsDeps,
  wf: WorkflowRow,
  eventKey: string,
  ctx: WorkflowContext,
): Promise<{ runId: string; status: WorkflowRunStatus } | null> {
  const def = WorkflowDefinition.safeParse(wf.definition);
  const db = getDb(env.DB);
  const matched = def.success && evaluateConditions(def.data.conditions, ctx);
  const [run] = await db
    .insert(workflowRuns)
    .values({
      id: newId("wfr"),
      tenantId: wf.tenantId,
      workflowId: wf.id,
      conversationId: ctx.conversation.id,
      eventKey,
      status: matched ? "running" : "skipped",
      vars: { $event: ctx.event },
      finishedAt: matched ? null : deps.now(),
      error: def.success ? null : "stored definition is invalid",
    })
    .onConflictDoNothing()
    .returning({ id: workflowRuns.id });
  if (!run) return null;
  if (!matched || !def.success) return { runId: run.id, status: "skipped" };
  return {
    runId: run.id,
    status: await executeSteps(env, deps, wf, def.data.steps, run.id, ctx, 0, []),
  };
}

/** Continues a parked run from `stepIndex` (called when its delay is due). */
export async function resumeRun(
  env: RunEnv,
  deps: OpsDeps,
  wf: WorkflowRow,
  runId: string,
  stepIndex: number,
  ctx: WorkflowContext,
  log0: LogEntry[],
): Promise<WorkflowRunStatus> {
  const def = WorkflowDefinition.safeParse(wf.definition);
  if (!def.success || !wf.enabled) {
    await finishRun(
      env,
      runId,
      "failed",
      log0,
      ctx.vars,
      wf.enabled ? "stored definition is invalid" : "workflow disabled while waiting",
      deps.now(),
    );
    return "failed";
  }
  return executeSteps(env, deps, wf, def.data.steps, runId, ctx, stepIndex, log0);
}

async function finishRun(
  env: RunEnv,
  runId: string,
  status: WorkflowRunStatus,
  entries: LogEntry[],
  vars: Record<string, unknown>,
  error: string | null,
  now: number,
): Promise<void> {
  const done = status !== "waiting" && status !== "running";
  await getDb(env.DB)
    .update(workflowRuns)
    .set({ status, log: entries, vars, error, finishedAt: done ? now : null })
    .where(eq(workflowRuns.id, runId));
}

async function executeSteps(
  env: RunEnv,
  deps: OpsDeps,
  wf: WorkflowRow,
  steps: Step[],
  runId: string,
  ctx: WorkflowContext,
  from: number,
  entries: LogEntry[],
): Promise<WorkflowRunStatus> {
  for (let i = from; i < steps.length; i++) {
    const step = steps[i];
    const at = deps.now();
    if (step.when && !evaluateConditions(step.when, ctx)) {
      entries.push({
        index: i,
        type: step.type,
        ok: true,
        detail: "skipped: condition not met",
        at,
      });
      continue;
    }
    if (step.type === "delay") {
      const due = at + step.minutes * 60_000;
      await scheduleWorkflowStep(
        env,
        ctx.conversation.id,
        due,
        {
          tenantId: wf.tenantId,
          workflowId: wf.id,
          runId,
          kind: "resume",
          stepIndex: i + 1,
          anchor: at,
        },
        deps.wake,
      );
      entries.push({
        index: i,
        type: step.type,
        ok: true,
        detail: `waiting until ${new Date(due).toISOString()}`,
        at,
      });
      await finishRun(env, runId, "waiting", entries, ctx.vars, null, at);
      return "waiting";
    }
    let outcome: { ok: boolean; detail: string };
    try {
      outcome = await runStep(env, deps, wf, runId, i, step, ctx);
    } catch (err) {
      outcome = { ok: false, detail: err instanceof Error ? err.message : String(err) };
    }
    entries.push({
      index: i,
      type: step.type,
      ok: outcome.ok,
      detail: outcome.detail.slice(0, 500),
      at,
    });
    if (!outcome.ok) {
      log("warn", "workflow.step_failed", {
        tenantId: wf.tenantId,
        workflowId: wf.id,
        runId,
        step: i,
        type: step.type,
        detail: outcome.detail,
      });
      await finishRun(
        env,
        runId,
        "failed",
        entries,
        ctx.vars,
        `step ${i} (${step.type}): ${outcome.detail}`.slice(0, 1000),
        deps.now(),
      );
      return "failed";
    }
  }
  await finishRun(env, runId, "succeeded", entries, ctx.vars, null, deps.now());
  return "succeeded";
}

const fromAction = (
  r: { ok: true } | { ok: false; code: string; message?: string },
  okDetail: string,
) =>
  r.ok
    ? { ok: true, detail: okDetail }
    : { ok: false, detail: `${r.code}${r.message ? `: ${r.message}` : ""}` };

async function runStep(
  env: RunEnv,
  deps: OpsDeps,
  wf: WorkflowRow,
  runId: string,
  index: number,
  step: Exclude<Step, { type: "delay" }>,
  ctx: WorkflowContext,
): Promise<{ ok: boolean; detail: string }> {
  const id = ctx.conversation.id;
  switch (step.type) {
    case "send_message": {
      const text = pickLocalized(step.text, ctx);
      return fromAction(await deps.actions.sendMessage(id, text), `sent: ${text.slice(0, 80)}`);
    }
    case "send_template": {
      const params = step.params.map((p) => renderTemplate(p, ctx));
      return fromAction(
        await deps.actions.sendTemplate(id, { name: step.name, language: step.language, params }),
        `template ${step.name}`,
      );
    }
    case "add_tags":
      return fromAction(await deps.actions.addTags(id, step.tags), `tags +${step.tags.join(",")}`);
    case "remove_tags":
      return fromAction(
        await deps.actions.removeTags(id, step.tags),
        `tags -${step.tags.join(",")}`,
      );
    case "assign":
      return fromAction(
        await deps.actions.assign(id, { agentId: step.agentId, teamId: step.teamId }),
        `assigned to ${step.agentId ?? step.teamId}`,
      );
    case "handover":
      return fromAction(
        await deps.actions.handover(id, step.reason),
        `handed over (${step.reason})`,
      );
    case "resolve":
      return fromAction(await deps.actions.resolve(id), "resolved");
    case "set_attribute": {
      const value = typeof step.value === "string" ? renderTemplate(step.value, ctx) : step.value;
      if (step.target === "conversation")
        return fromAction(
          await deps.actions.setAttribute(id, step.key, value),
          `conversation.${step.key} set`,
        );
      if (!ctx.contact) return { ok: false, detail: "conversation has no contact" };
      await getDb(env.DB).run(
        sql`UPDATE contacts SET attributes = json_set(attributes, ${`$."${step.key}"`}, json(${JSON.stringify(value)})), updated_at = ${deps.now()} WHERE id = ${ctx.contact.id} AND tenant_id = ${ctx.tenantId}`,
      );
      ctx.contact.attributes[step.key] = value;
      return { ok: true, detail: `contact.${step.key} set` };
    }
    case "http_request": {
      const secret = await decryptJson<string>(env.ENCRYPTION_KEY, wf.secretEnc);
      const result = await runHttpStep(step, ctx, {
        secret,
        messageId: `${runId}_${index}`,
        fetch: deps.fetch,
        now: deps.now,
      });
      ctx.vars[step.saveAs] = result;
      // A failed call is data for later steps (`when: vars.x.ok`), not a failed run.
      return {
        ok: true,
        detail: result.ok
          ? `HTTP ${result.status}`
          : `call failed (${result.error ?? result.status}); saved as vars.${step.saveAs}`,
      };
    }
    case "email_transcript": {
      if (!deps.mailer) return { ok: false, detail: "NO_MAILER: no mail transport is configured" };
      const to = renderTemplate(step.to, ctx).trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to))
        return { ok: false, detail: "INVALID_RECIPIENT: no valid email address" };
      const text = renderTranscript(await collectMessages(deps.store, id));
      return fromAction(
        await deps.mailer.send({
          tenantId: ctx.tenantId,
          to,
          subject: `Your conversation transcript (${id})`,
          text,
        }),
        "transcript sent",
      );
    }
  }
}

export async function loadRun(env: RunEnv, tenantId: string, runId: string) {
  const [run] = await getDb(env.DB)
    .select()
    .from(workflowRuns)
    .where(and(inTenant(workflowRuns, tenantId, eq(workflowRuns.id, runId))));
  return run ?? null;
}
