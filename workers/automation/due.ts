/**
 * Runs scheduled workflow work that is due: delayed steps and time-based trigger checks. Called by
 * the Worker's cron (all tenants) and by a ConversationDO alarm (one conversation). A row is
 * claimed pending→running before it runs, so two runners never run it twice.
 */
import { and, asc, eq, lt, lte, sql } from "drizzle-orm";
import { getDb, inTenant } from "../db/client";
import { workflowRuns, workflows, workflowScheduledSteps } from "../db/schema-ops";
import { log } from "../lib/log";
import type { OpsDeps } from "../services/ops-deps";
import { WorkflowDefinition } from "./workflow-definition";
import { loadContext } from "./load";
import { loadRun, resumeRun, startRun, type RunEnv } from "./runner";

type StepRow = typeof workflowScheduledSteps.$inferSelect;
/** A claim older than this is from a runner that died; it is retried, at most 3 times in all. */
const STALE_MS = 10 * 60_000;
const MAX_ATTEMPTS = 3;

export async function runDueSteps(
  env: RunEnv,
  deps: OpsDeps,
  opts: { conversationId?: string; limit?: number } = {},
): Promise<{ ran: number; failed: number }> {
  const db = getDb(env.DB);
  const now = deps.now();
  await db
    .update(workflowScheduledSteps)
    .set({
      status: sql`CASE WHEN ${workflowScheduledSteps.attempts} >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'pending' END`,
    })
    .where(
      and(
        eq(workflowScheduledSteps.status, "running"),
        lt(workflowScheduledSteps.claimedAt, now - STALE_MS),
      ),
    );
  const due = await db
    .select({ id: workflowScheduledSteps.id })
    .from(workflowScheduledSteps)
    .where(
      and(
        eq(workflowScheduledSteps.status, "pending"),
        lte(workflowScheduledSteps.dueAt, now),
        opts.conversationId
          ? eq(workflowScheduledSteps.conversationId, opts.conversationId)
          : undefined,
      ),
    )
    .orderBy(asc(workflowScheduledSteps.dueAt))
    .limit(opts.limit ?? 50);
  let ran = 0;
  let failed = 0;
  for (const { id } of due) {
    const [row] = await db
      .update(workflowScheduledSteps)
      .set({
        status: "running",
        claimedAt: now,
        attempts: sql`${workflowScheduledSteps.attempts} + 1`,
      })
      .where(and(eq(workflowScheduledSteps.id, id), eq(workflowScheduledSteps.status, "pending")))
      .returning();
    if (!row) continue;
    try {
      await runOne(env, deps, row);
      await db
        .update(workflowScheduledSteps)
        .set({ status: "done" })
        .where(eq(workflowScheduledSteps.id, id));
      ran++;
    } catch (err) {
      failed++;
      log("error", "workflow.scheduled_failed", {
        tenantId: row.tenantId,
        stepId: id,
        kind: row.kind,
        error: String(err),
      });
      await db
        .update(workflowScheduledSteps)
        .set({ status: "failed" })
        .where(eq(workflowScheduledSteps.id, id));
    }
  }
  return { ran, failed };
}

async function runOne(env: RunEnv, deps: OpsDeps, row: StepRow): Promise<void> {
  const db = getDb(env.DB);
  const [wf] = await db
    .select()
    .from(workflows)
    .where(inTenant(workflows, row.tenantId, eq(workflows.id, row.workflowId)));
  if (row.kind === "resume") {
    const run = row.runId ? await loadRun(env, row.tenantId, row.runId) : null;
    if (!run || run.status !== "waiting") return;
    const event = (run.vars.$event ?? { type: "resume", at: row.anchor }) as {
      type: string;
      at: number;
    };
    const ctx = await loadContext(
      db,
      row.tenantId,
      row.conversationId,
      { ...event, data: {} },
      run.vars,
      deps.now(),
    );
    if (!wf || !ctx) {
      await db
        .update(workflowRuns)
        .set({
          status: "failed",
          error: !wf ? "workflow deleted while waiting" : "conversation no longer exists",
          finishedAt: deps.now(),
        })
        .where(eq(workflowRuns.id, run.id));
      return;
    }
    await resumeRun(env, deps, wf, run.id, row.stepIndex, ctx, run.log);
    return;
  }
  if (!wf || !wf.enabled) return;
  const def = WorkflowDefinition.safeParse(wf.definition);
  if (!def.success) return;
  const type = row.kind === "window_closing" ? "window.closing" : "conversation.waiting";
  const ctx = await loadContext(
    db,
    row.tenantId,
    row.conversationId,
    { type, at: deps.now(), data: {} },
    {},
    deps.now(),
  );
  if (!ctx || !stillApplies(row, ctx.conversation)) return;
  await startRun(env, deps, wf, `${row.kind}:${row.conversationId}:${row.anchor}`, ctx);
}

/** The check fires only if nothing happened since the moment it was scheduled for. */
export function stillApplies(
  row: Pick<StepRow, "kind" | "anchor">,
  c: {
    status: string;
    lastInboundAt: number | null;
    lastMessageAt: number | null;
    handoverAt: number | null;
  },
): boolean {
  if (c.status === "resolved") return false;
  switch (row.kind) {
    case "waiting_reply":
      // The shopper's message is still the latest thing in the conversation.
      return c.lastInboundAt === row.anchor && (c.lastMessageAt ?? 0) <= row.anchor;
    case "waiting_queue":
      return c.status === "waiting" && c.handoverAt === row.anchor;
    case "window_closing":
      return c.lastInboundAt === row.anchor;
    default:
      return false;
  }
}
