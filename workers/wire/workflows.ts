import { z } from "@hono/zod-openapi";
import { WORKFLOW_RUN_STATUSES } from "../db/schema-ops";
import { Obj } from "./api-fields";

/** A workflow as the API returns it (GET/PATCH /api/workflows…). */
export const WorkflowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    definition: Obj,
    templateId: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number().nullable(),
  })
  .openapi("Workflow");

/** POST /api/workflows and /from-template: the workflow and its signing secret, shown once. */
export const WorkflowCreatedSchema = z.object({
  workflow: WorkflowSchema,
  signingSecret: z
    .string()
    .openapi({ description: "whsec_… secret that signs this workflow's HTTPS calls; shown once." }),
});

/** An example workflow to start from (GET /api/workflows/templates). */
export const WorkflowTemplateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    setup: z.array(z.string()),
    startsDisabled: z.boolean(),
    definition: Obj,
  })
  .openapi("WorkflowTemplate");

/** One run with its per-step log (GET /api/workflow-runs). */
export const WorkflowRunSchema = z
  .object({
    id: z.string(),
    workflowId: z.string(),
    conversationId: z.string(),
    status: z.enum(WORKFLOW_RUN_STATUSES),
    log: z.array(Obj),
    vars: Obj,
    error: z.string().nullable(),
    startedAt: z.number(),
    finishedAt: z.number().nullable(),
  })
  .openapi("WorkflowRun");
