/**
 * WhatsApp message templates, read from the WhatsApp Business Account on the Graph API
 * (`GET /{waba-id}/message_templates`). Outside the 24-hour window, and for every broadcast, WhatsApp
 * accepts only approved templates: the synced list is what broadcasts are checked against and what the
 * dashboard offers. Pages are followed only on the Graph API's own host (the token goes with them).
 */
import { z } from "zod";
import type { WhatsAppCredentials } from "./credentials";
import { GRAPH_API_BASE } from "./meta";

export interface TemplateInfo {
  name: string;
  language: string;
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED… as Meta reports it. */
  status: string;
  category: string | null;
  /** The body text with its `{{1}}`… placeholders, and how many there are. */
  body: string | null;
  params: number;
}

const GraphTemplate = z.looseObject({
  name: z.string().min(1),
  language: z.string().min(1),
  status: z.string().default("UNKNOWN"),
  category: z.string().nullish(),
  components: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).default([]),
});
const GraphPage = z.looseObject({
  data: z.array(z.unknown()).default([]),
  paging: z.looseObject({ next: z.string().optional() }).optional(),
});

/** The highest `{{n}}` in a template body: the number of parameters a send must give. */
export function paramCount(body: string | null): number {
  let max = 0;
  for (const m of (body ?? "").matchAll(/\{\{\s*(\d+)\s*\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

export type TemplatesResult =
  | { ok: true; templates: TemplateInfo[] }
  | { ok: false; status: number | null; code: string; message: string };

const MAX_PAGES = 20;

export async function fetchWhatsAppTemplates(
  creds: WhatsAppCredentials,
  fetchFn: typeof fetch = fetch,
): Promise<TemplatesResult> {
  if (!creds.wabaId) {
    return {
      ok: false,
      status: null,
      code: "WABA_ID_MISSING",
      message:
        "Add the WhatsApp Business Account ID to the channel's credentials to read its templates.",
    };
  }
  const templates: TemplateInfo[] = [];
  let url: string | undefined =
    `${GRAPH_API_BASE}/${encodeURIComponent(creds.wabaId)}/message_templates?fields=name,language,status,category,components&limit=100`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    let res: Response;
    try {
      res = await fetchFn(url, { headers: { authorization: `Bearer ${creds.accessToken}` } });
    } catch (err) {
      return {
        ok: false,
        status: null,
        code: "NETWORK_ERROR",
        message: `The Graph API could not be reached: ${String(err).slice(0, 200)}`,
      };
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const error = (body as { error?: { code?: number; message?: string } } | null)?.error;
      return {
        ok: false,
        status: res.status,
        code: error?.code !== undefined ? `GRAPH_${error.code}` : `HTTP_${res.status}`,
        message: error?.message ?? `The Graph API answered ${res.status}.`,
      };
    }
    const parsed = GraphPage.safeParse(body);
    if (!parsed.success)
      return {
        ok: false,
        status: res.status,
        code: "BAD_RESPONSE",
        message: "The Graph API answered with something that is not a template list.",
      };
    for (const raw of parsed.data.data) {
      const t = GraphTemplate.safeParse(raw);
      if (!t.success) continue;
      const text = t.data.components.find((c) => c.type.toUpperCase() === "BODY")?.text ?? null;
      templates.push({
        name: t.data.name,
        language: t.data.language,
        status: t.data.status.toUpperCase(),
        category: t.data.category ?? null,
        body: text,
        params: paramCount(text),
      });
    }
    const next = parsed.data.paging?.next;
    url = next && next.startsWith(`${new URL(GRAPH_API_BASE).origin}/`) ? next : undefined;
  }
  return { ok: true, templates };
}
