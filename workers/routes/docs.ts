import type { OpenAPIHono } from "@hono/zod-openapi";
import { html, raw } from "hono/html";
import type { AppEnv } from "../app-env";

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
}

/** Serves the OpenAPI 3.1 document and a readable, dependency-free reference page built from it. */
export function mountDocs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "edgedesk_session",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "API key `edk_…`",
  });
  const info: Parameters<typeof app.getOpenAPI31Document>[0] = {
    openapi: "3.1.0",
    info: {
      title: "Edgedesk API",
      version: "1.0.0",
      description: "Errors always have the shape {error:{code,message,details}}.",
    },
    security: [{ session: [] }, { apiKey: [] }],
  };
  app.doc31("/api/openapi.json", info);
  app.get("/api/docs", (c) => {
    const doc = app.getOpenAPI31Document(info);
    const rows: string[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
        rows.push(
          `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.tags?.join(", ") ?? "")}</td><td>${escapeHtml(op.summary ?? "")}${op.description ? `<br><small>${escapeHtml(op.description)}</small>` : ""}</td></tr>`,
        );
      }
    }
    return c.html(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Edgedesk API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{font-size:13px}</style></head>
<body><h1>Edgedesk API reference</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Authenticate with the session cookie or <code>Authorization: Bearer edk_…</code>. Errors: <code>{"error":{"code","message","details"}}</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Area</th><th>What it does</th></tr></thead><tbody>${raw(rows.join(""))}</tbody></table></body></html>`);
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
