/**
 * The scheduling seam. `scheduleWorkflowStep` stores work due later in D1 and, when a waker is
 * wired, asks the ConversationDO to set an alarm that calls
 * `runDueSteps(env, now, { conversationId })`; the Worker's cron runs whatever is due in any case.
 */
import { getDb } from "../db/client";
import { workflowScheduledSteps, type ScheduledKind } from "../db/schema-ops";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import type { Waker } from "../services/ops-deps";

export interface ScheduledStep {
  tenantId: string;
  workflowId: string;
  kind: ScheduledKind;
  runId?: string;
  /** resume: the step to continue from. */
  stepIndex?: number;
  /** Trigger checks: the event time the check belongs to (dedupes and detects newer activity). */
  anchor?: number;
}

/** Returns the new row's id, or null when the same step was already scheduled. */
export async function scheduleWorkflowStep(
  env: Pick<Env, "DB">,
  conversationId: string,
  at: number,
  step: ScheduledStep,
  wake: Waker | null = null,
): Promise<string | null> {
  const [row] = await getDb(env.DB)
    .insert(workflowScheduledSteps)
    .values({
      id: newId("wfs"),
      tenantId: step.tenantId,
      conversationId,
      workflowId: step.workflowId,
      runId: step.runId ?? null,
      kind: step.kind,
      stepIndex: step.stepIndex ?? 0,
      anchor: step.anchor ?? 0,
      dueAt: at,
    })
    .onConflictDoNothing()
    .returning({ id: workflowScheduledSteps.id });
  if (row && wake) {
    // The cron is the fallback, so a failed alarm only delays the step.
    await wake(conversationId, at).catch((err: unknown) =>
      log("warn", "workflow.wake_failed", { conversationId, error: String(err) }),
    );
  }
  return row?.id ?? null;
}
