import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses } from "../lib/router";
import { authOf, requireRole } from "../middleware/auth";
import { audit } from "../services/audit";
import { defaultOpsDeps } from "../services/ops-deps";
import { EXPORT_RESOURCES } from "../privacy/export/export-sources";
import { CSV_TYPES, exportCsv, exportJsonl } from "../privacy/export/export-stream";
import { clientIp } from "./auth";

const Resources = z
  .string()
  .max(200)
  .transform((s) => [
    ...new Set(
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(z.enum(EXPORT_RESOURCES)).min(1));

export const exportRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags: ["Data"],
    summary: "Export everything the tenant owns, streamed",
    description:
      "format=jsonl (default): every resource in one file, one record per line (docs/export-format.md). format=csv: one record type per file, chosen with `resource` (e.g. contact, conversation, message, kb_entry).",
    middleware: [requireRole("admin")] as const,
    request: {
      query: z.object({
        format: z.enum(["jsonl", "csv"]).default("jsonl"),
        resources: Resources.optional(),
        resource: z.enum(CSV_TYPES).optional(),
      }),
    },
    responses: {
      200: {
        description: "The export",
        content: {
          "application/x-ndjson": { schema: z.string() },
          "text/csv": { schema: z.string() },
        },
      },
      ...errorResponses,
    },
  }),
  async (c) => {
    const auth = authOf(c);
    const q = c.req.valid("query");
    if (q.format === "csv" && !q.resource)
      throw new ApiError("VALIDATION_FAILED", "CSV exports one record type: add `resource`.", [
        { path: "resource", message: "required for csv" },
      ]);
    const resources = q.resources ?? [...EXPORT_RESOURCES];
    const store = defaultOpsDeps(c.env).store;
    await audit(c.get("db"), auth.tenantId, auth, {
      action: "data.exported",
      targetType: "tenant",
      targetId: auth.tenantId,
      data: { format: q.format, resources: q.format === "csv" ? [q.resource] : resources },
      ip: clientIp(c),
    });
    const stamp = new Date().toISOString().slice(0, 10);
    const body =
      q.format === "csv"
        ? exportCsv(c.env.DB, store, auth.tenantId, q.resource!)
        : exportJsonl(c.env.DB, store, auth.tenantId, resources);
    const name =
      q.format === "csv" ? `edgedesk-${q.resource}-${stamp}.csv` : `edgedesk-export-${stamp}.jsonl`;
    return c.body(body, 200, {
      "content-type":
        q.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
    });
  },
);
