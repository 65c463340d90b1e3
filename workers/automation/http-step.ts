/**
 * The workflow's "call an HTTPS endpoint" step: signed like our webhooks (Standard Webhooks, the
 * workflow's own secret), retried on network errors, 429 and 5xx, and the response saved for later steps.
 */
import type { Step } from "./workflow-definition";
import { renderTemplate } from "./render";
import type { WorkflowContext } from "./context";
import { readCapped, unsafeUrlReason, type FetchFn } from "../lib/http-safety";
import { webhookHeaders } from "../outgoing-webhooks/webhook-signing";

type HttpStep = Extract<Step, { type: "http_request" }>;

export interface HttpResult {
  ok: boolean;
  status: number;
  body: unknown;
  error?: string;
}

const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;
const MAX_BODY = 64 * 1024;

export async function runHttpStep(
  step: HttpStep,
  ctx: WorkflowContext,
  opts: {
    secret: string;
    messageId: string;
    fetch: FetchFn;
    now: () => number;
    sleep?: (ms: number) => Promise<void>;
  },
): Promise<HttpResult> {
  // Placeholders in the URL are encoded so a shopper's text cannot change the path or host.
  const url = step.url.replace(/\{\{[^}]*\}\}/g, (m) => encodeURIComponent(renderTemplate(m, ctx)));
  const unsafe = unsafeUrlReason(url);
  if (unsafe) return { ok: false, status: 0, body: null, error: `unsafe URL: ${unsafe}` };
  const values = Object.fromEntries(
    Object.entries(step.body).map(([k, v]) => [k, renderTemplate(v, ctx)]),
  );
  const target = new URL(url);
  let payload = "";
  if (step.method === "GET")
    for (const [k, v] of Object.entries(values)) target.searchParams.set(k, v);
  else payload = JSON.stringify(values);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  let last: HttpResult = { ok: false, status: 0, body: null, error: "not attempted" };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const headers = await webhookHeaders(
        opts.secret,
        opts.messageId,
        Math.floor(opts.now() / 1000),
        payload,
      );
      const res = await opts.fetch(target.toString(), {
        method: step.method,
        headers: { ...headers, accept: "application/json" },
        body: step.method === "POST" ? payload : undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await readCapped(res, MAX_BODY);
      let body: unknown = text;
      if ((res.headers.get("content-type") ?? "").includes("json")) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      last = {
        ok: res.ok,
        status: res.status,
        body,
        ...(res.ok ? {} : { error: `HTTP ${res.status}` }),
      };
      if (res.ok || (res.status < 500 && res.status !== 429)) return last;
    } catch (err) {
      last = {
        ok: false,
        status: 0,
        body: null,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      };
    }
    if (attempt < ATTEMPTS) await sleep(500 * 3 ** (attempt - 1));
  }
  return last;
}
