import { createRoute, z } from "@hono/zod-openapi";
import { WORKFLOW_RUN_STATUSES } from "../db/schema-ops";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { Limit } from "../wire/api-fields";
import {
  WorkflowCreatedSchema as Created,
  WorkflowRunSchema as Run,
  WorkflowSchema as Workflow,
  WorkflowTemplateSchema as Template,
} from "../wire/workflows";
import { WorkflowDefinition } from "../automation/workflow-definition";
import * as workflows from "../automation/workflow-service";
import { WORKFLOW_TEMPLATES } from "../automation/workflow-templates";

const tags = ["Workflows"];
const Name = z.string().trim().min(1).max(120);

export const workflowRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List workflows",
      middleware: [requireRole("admin")] as const,
      responses: { 200: jsonOk(z.object({ workflows: z.array(Workflow) })), ...errorResponses },
    }),
    async (c) =>
      c.json({ workflows: await workflows.listWorkflows(c.get("db"), authOf(c).tenantId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Create a workflow",
      middleware: [requireRole("admin")] as const,
      request: {
        body: jsonBody(
          z.strictObject({
            name: Name,
            enabled: z.boolean().optional(),
            definition: WorkflowDefinition,
          }),
        ),
      },
      responses: { 201: jsonOk(Created), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await workflows.createWorkflow(
          c.get("db"),
          c.env.ENCRYPTION_KEY,
          authOf(c),
          c.req.valid("json"),
        ),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/templates",
      tags,
      summary: "Example workflows to start from",
      middleware: [requireRole("admin")] as const,
      responses: { 200: jsonOk(z.object({ templates: z.array(Template) })), ...errorResponses },
    }),
    async (c) => c.json({ templates: WORKFLOW_TEMPLATES }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/from-template",
      tags,
      summary: "Create a workflow from a template",
      middleware: [requireRole("admin")] as const,
      request: {
        body: jsonBody(
          z.strictObject({ templateId: z.string().min(1).max(64), name: Name.optional() }),
        ),
      },
      responses: { 201: jsonOk(Created), ...errorResponses },
    }),
    async (c) => {
      const { templateId, name } = c.req.valid("json");
      return c.json(
        await workflows.createFromTemplate(
          c.get("db"),
          c.env.ENCRYPTION_KEY,
          authOf(c),
          templateId,
          name,
        ),
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      tags,
      summary: "One workflow",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("wf") },
      responses: { 200: jsonOk(z.object({ workflow: Workflow })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          workflow: await workflows.getWorkflow(
            c.get("db"),
            authOf(c).tenantId,
            c.req.valid("param").id,
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      summary: "Rename, enable/disable or replace the definition",
      middleware: [requireRole("admin")] as const,
      request: {
        params: IdParam("wf"),
        body: jsonBody(
          z.strictObject({
            name: Name.optional(),
            enabled: z.boolean().optional(),
            definition: WorkflowDefinition.optional(),
          }),
        ),
      },
      responses: { 200: jsonOk(z.object({ workflow: Workflow })), ...errorResponses },
    }),
    async (c) =>
      c.json(
        {
          workflow: await workflows.updateWorkflow(
            c.get("db"),
            authOf(c),
            c.req.valid("param").id,
            c.req.valid("json"),
          ),
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      summary: "Delete a workflow (pending delayed steps are cancelled)",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("wf") },
      responses: { 204: { description: "Deleted" }, ...errorResponses },
    }),
    async (c) => {
      await workflows.deleteWorkflow(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

export const workflowRunRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags,
    summary: "Run log: every run with its outcome and per-step results",
    middleware: [requireRole("admin")] as const,
    request: {
      query: z.object({
        workflowId: z.string().max(64).optional(),
        conversationId: z.string().max(64).optional(),
        status: z.enum(WORKFLOW_RUN_STATUSES).optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: Limit(),
      }),
    },
    responses: { 200: jsonOk(z.object({ runs: z.array(Run) })), ...errorResponses },
  }),
  async (c) =>
    c.json(
      { runs: await workflows.listRuns(c.get("db"), authOf(c).tenantId, c.req.valid("query")) },
      200,
    ),
);
