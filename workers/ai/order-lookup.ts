/**
 * Order lookup tool: recognise an order number in a message and ask the
 * merchant's endpoint about it. Contract with the merchant endpoint:
 *   POST {url}  header {secretHeaderName}: {secretValue}  body {"orderNumber": "..."}
 *   200 {"status": "shipped", ...any other fields}  |  404 when unknown.
 * Every failure (timeout, network, non-JSON, 5xx) is a value; the agent hands over.
 */
import { unsafeUrlReason } from "../lib/http-safety";
import { z } from "zod";
import type { OrderLookupConfig } from "./ai-settings";

const KEYWORDS = [
  "order",
  "order number",
  "order no",
  "order id",
  "bestellung",
  "bestellnummer",
  "auftrag",
  "commande",
  "n°",
  "pedido",
  "ordine",
  "bestelling",
  "bestellingsnummer",
  "encomenda",
  "ordre",
  "ordrenummer",
  "order-nr",
  "注文番号",
  "订单号",
  "订单",
  "siparis",
];

/**
 * The order number in a message, if any: a token of 3–20 characters that follows an order
 * keyword or a "#", with at least 4 digits — or 3 right after a "#" or a number word ("order
 * no. 728"): young shops' numbers are short, while "order 100 pieces" must not read as one.
 * Placeholders of redacted PII ("[CARD_1]") never qualify.
 */
export function extractOrderNumber(text: string): string | null {
  const digits = (t: string) => t.match(/\d/g)?.length ?? 0;
  const hash = text.match(/#\s?([A-Z0-9][A-Z0-9-]{2,19})\b/i);
  if (hash && digits(hash[1]) >= 3) return hash[1];
  const lower = text.toLowerCase();
  for (const kw of KEYWORDS) {
    let at = lower.indexOf(kw);
    while (at >= 0) {
      const after = text.slice(at + kw.length, at + kw.length + 40);
      const m = after.match(
        /^([\s:#.\-]*(?:number|nr\.?|no\.?|nummer|numéro|número|numero|id|番号|号)?[\s:#.\-]*)([A-Z0-9][A-Z0-9-]{2,19})\b/i,
      );
      if (m && digits(m[2]) >= (/[#\p{L}]/u.test(m[1]) ? 3 : 4)) return m[2];
      at = lower.indexOf(kw, at + 1);
    }
  }
  return null;
}

const OrderResult = z.looseObject({ status: z.string().min(1).max(200) });
export type OrderResult = z.infer<typeof OrderResult>;

export type LookupOutcome =
  | { ok: true; found: true; order: OrderResult }
  | { ok: true; found: false }
  | { ok: false; reason: string };

/**
 * Call the merchant endpoint with a timeout. Never throws. The URL is the merchant's: it passes the
 * unsafe-URL guard on every call, and a redirect is not followed (it could lead anywhere with the secret).
 */
export async function lookupOrder(
  cfg: OrderLookupConfig,
  orderNumber: string,
  opts: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<LookupOutcome> {
  if (unsafeUrlReason(cfg.url)) return { ok: false, reason: "url_refused" };
  const timeout = AbortSignal.timeout(cfg.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const res = await (opts.fetch ?? fetch)(cfg.url, {
      method: "POST",
      headers: { "content-type": "application/json", [cfg.secretHeaderName]: cfg.secretValue },
      body: JSON.stringify({ orderNumber }),
      signal,
      redirect: "manual",
    });
    if (res.status === 404) return { ok: true, found: false };
    if (!res.ok) return { ok: false, reason: `http_${res.status}` };
    const parsed = OrderResult.safeParse(await res.json().catch(() => null));
    if (!parsed.success) return { ok: false, reason: "invalid_response" };
    return { ok: true, found: true, order: parsed.data };
  } catch (e) {
    return {
      ok: false,
      reason: timeout.aborted ? "timeout" : e instanceof Error ? e.name || "network" : "network",
    };
  }
}

/** Human-readable one-liner of an order result (status first, then a few useful fields). */
export function describeOrder(order: OrderResult): string {
  const extras = [
    "carrier",
    "trackingNumber",
    "trackingUrl",
    "eta",
    "estimatedDelivery",
    "shippedAt",
    "deliveredAt",
  ]
    .filter((k) => typeof order[k] === "string" || typeof order[k] === "number")
    .map((k) => `${k}: ${String(order[k])}`);
  return [order.status, ...extras].join(", ");
}
