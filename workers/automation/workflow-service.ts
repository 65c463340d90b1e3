/** Workflow CRUD and run history. Changes are audited as setting changes. */
import { and, desc, eq, lt } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { workflowRuns, workflows, workflowScheduledSteps } from "../db/schema-ops";
import { encryptJson } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { audit } from "../services/audit";
import { newWebhookSecret } from "../outgoing-webhooks/webhook-signing";
import type { WorkflowDefinition } from "./workflow-definition";
import { WORKFLOW_TEMPLATES } from "./workflow-templates";

type Row = typeof workflows.$inferSelect;

export function publicWorkflow({ tenantId: _t, secretEnc: _s, triggerType: _tt, ...rest }: Row) {
  return rest;
}

async function find(db: Db, tenantId: string, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(workflows)
    .where(inTenant(workflows, tenantId, eq(workflows.id, id)));
  if (!row) throw new ApiError("WORKFLOW_NOT_FOUND", "No such workflow.");
  return row;
}

export async function listWorkflows(db: Db, tenantId: string) {
  return (
    await db
      .select()
      .from(workflows)
      .where(inTenant(workflows, tenantId))
      .orderBy(desc(workflows.createdAt))
  ).map(publicWorkflow);
}

export async function getWorkflow(db: Db, tenantId: string, id: string) {
  return publicWorkflow(await find(db, tenantId, id));
}

/** Returns the signing secret once: the merchant needs it to verify the workflow's HTTPS calls. */
export async function createWorkflow(
  db: Db,
  encryptionKey: string,
  auth: Auth,
  input: { name: string; enabled?: boolean; definition: WorkflowDefinition; templateId?: string },
) {
  const signingSecret = newWebhookSecret();
  const [row] = await db
    .insert(workflows)
    .values({
      id: newId("wf"),
      tenantId: auth.tenantId,
      name: input.name,
      enabled: input.enabled ?? true,
      triggerType: input.definition.trigger.type,
      definition: input.definition,
      secretEnc: await encryptJson(encryptionKey, signingSecret),
      templateId: input.templateId ?? null,
    })
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "workflow.created",
    targetType: "workflow",
    targetId: row.id,
    data: { name: row.name, trigger: row.triggerType, templateId: row.templateId },
  });
  return { workflow: publicWorkflow(row), signingSecret };
}

export async function createFromTemplate(
  db: Db,
  encryptionKey: string,
  auth: Auth,
  templateId: string,
  name?: string,
) {
  const t = WORKFLOW_TEMPLATES.find((x) => x.id === templateId);
  if (!t) throw new ApiError("NOT_FOUND", "No such workflow template.");
  // Templates that need editing (e.g. an endpoint URL) start disabled so they cannot misfire.
  return createWorkflow(db, encryptionKey, auth, {
    name: name ?? t.name,
    enabled: !t.startsDisabled,
    definition: structuredClone(t.definition),
    templateId: t.id,
  });
}

export async function updateWorkflow(
  db: Db,
  auth: Auth,
  id: string,
  patch: { name?: string; enabled?: boolean; definition?: WorkflowDefinition },
) {
  const before = await find(db, auth.tenantId, id);
  const [row] = await db
    .update(workflows)
    .set({
      ...patch,
      ...(patch.definition ? { triggerType: patch.definition.trigger.type } : {}),
      updatedAt: Date.now(),
    })
    .where(inTenant(workflows, auth.tenantId, eq(workflows.id, id)))
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "workflow.updated",
    targetType: "workflow",
    targetId: id,
    data: {
      enabled: { from: before.enabled, to: row.enabled },
      definitionChanged: !!patch.definition,
      name: row.name,
    },
  });
  return publicWorkflow(row);
}

export async function deleteWorkflow(db: Db, auth: Auth, id: string): Promise<void> {
  await find(db, auth.tenantId, id);
  await db.batch([
    db
      .update(workflowScheduledSteps)
      .set({ status: "cancelled" })
      .where(
        inTenant(
          workflowScheduledSteps,
          auth.tenantId,
          eq(workflowScheduledSteps.workflowId, id),
          eq(workflowScheduledSteps.status, "pending"),
        ),
      ),
    db.delete(workflows).where(inTenant(workflows, auth.tenantId, eq(workflows.id, id))),
  ]);
  await audit(db, auth.tenantId, auth, {
    action: "workflow.deleted",
    targetType: "workflow",
    targetId: id,
  });
}

export async function listRuns(
  db: Db,
  tenantId: string,
  q: {
    workflowId?: string;
    conversationId?: string;
    status?: (typeof workflowRuns.$inferSelect)["status"];
    before?: number;
    limit: number;
  },
) {
  const rows = await db
    .select()
    .from(workflowRuns)
    .where(
      and(
        inTenant(
          workflowRuns,
          tenantId,
          q.workflowId ? eq(workflowRuns.workflowId, q.workflowId) : undefined,
          q.conversationId ? eq(workflowRuns.conversationId, q.conversationId) : undefined,
        ),
        q.status ? eq(workflowRuns.status, q.status) : undefined,
        q.before ? lt(workflowRuns.startedAt, q.before) : undefined,
      ),
    )
    .orderBy(desc(workflowRuns.startedAt))
    .limit(q.limit);
  return rows.map(({ tenantId: _t, eventKey: _k, vars, ...r }) => ({
    ...r,
    vars: Object.fromEntries(Object.entries(vars).filter(([k]) => !k.startsWith("$"))),
  }));
}
