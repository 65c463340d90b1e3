/** Leads captured from conversations: listed for the Leads page and the console, status set by agents. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { listLeads, setLeadStatus } from "../services/leads";
import { LeadListQuery, LeadSchema, PatchLeadBody } from "../wire/leads";

const tags = ["Leads"];

export const leadRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "Leads, most recently updated first",
      description:
        "One lead per conversation whose shopper showed purchase intent: product, variant, quantity, budget, contact details as known and an intent score (0..1). High-intent leads (`highIntent`) were also sent to the webhooks subscribed to `lead.created` / `lead.updated`.",
      middleware: [requireRole("agent")] as const,
      request: { query: LeadListQuery },
      responses: { 200: jsonOk(z.object({ leads: z.array(LeadSchema) })), ...errorResponses },
    }),
    async (c) =>
      c.json({ leads: await listLeads(c.get("db"), authOf(c), c.req.valid("query")) }, 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      summary: "Set a lead's status (new, contacted, won, lost)",
      middleware: [requireRole("agent")] as const,
      request: { params: IdParam("lead"), body: jsonBody(PatchLeadBody) },
      responses: { 200: jsonOk(z.object({ lead: LeadSchema })), ...errorResponses },
    }),
    async (c) => {
      const lead = await setLeadStatus(
        c.get("db"),
        authOf(c),
        c.req.valid("param").id,
        c.req.valid("json").status,
      );
      return c.json({ lead }, 200);
    },
  );
