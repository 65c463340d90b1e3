import type { CheckResult, SendFailure } from "./adapter";

export type JsonResponse = { ok: true; status: number; headers: Headers; body: unknown };

/**
 * One HTTP call with a JSON body, returning the parsed response or a SendFailure. Network errors
 * become retryable failures (status 0) instead of exceptions, so queue consumers never see a throw.
 */
export async function callJson(
  fetchFn: typeof fetch,
  url: string,
  init: { method?: string; headers: Record<string, string>; json?: unknown },
): Promise<JsonResponse | SendFailure> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: init.method ?? "POST",
      headers:
        init.json === undefined
          ? init.headers
          : { "content-type": "application/json", ...init.headers },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  } catch (err) {
    return networkFailure(url, err);
  }
  return readJson(res);
}

/**
 * A request that got no answer. The message names the host, never the URL (Telegram's has the bot
 * token in its path), and drops workerd's opaque "internal error; reference = …" (what a failed DNS
 * lookup throws locally), which tells a merchant nothing.
 */
export function networkFailure(url: string, err: unknown): SendFailure {
  let host = "the platform";
  try {
    host = new URL(url).host;
  } catch {
    // keep the generic name
  }
  const raw = errorMessage(err);
  const reason = /internal error|reference\s*=/i.test(raw) || raw.includes(url) ? "" : `: ${raw}`;
  return {
    ok: false,
    retryable: true,
    status: 0,
    code: NETWORK_ERROR,
    message: `Could not reach ${host}${reason}`,
  };
}

/** The code of a request that got no answer at all (DNS, connection, TLS). */
export const NETWORK_ERROR = "NETWORK_ERROR";

/**
 * A credentials check's answer: 2xx whose body passes `accepted` is verified; 429/5xx are retryable
 * (the platform could not answer now), and so is a 2xx it does not recognise; any other status is a refusal.
 */
export function checkAnswer(
  res: JsonResponse,
  accepted: (body: Record<string, unknown>) => string | true | null,
  describe: (body: Record<string, unknown>) => string,
): CheckResult {
  const body = isObject(res.body) ? res.body : {};
  if (res.status >= 200 && res.status < 300) {
    const account = accepted(body);
    if (account !== null) return account === true ? { ok: true } : { ok: true, account };
    // Not a refusal: something between us and the platform answered instead (a proxy, a captive portal).
    return {
      ok: false,
      retryable: true,
      status: res.status,
      code: "UNEXPECTED_RESPONSE",
      message: `Unexpected answer: ${describe(body)}`,
    };
  }
  return httpFailure(res, "CREDENTIALS_REFUSED", describe(body));
}

/** A response's status, headers and body, parsed as JSON when it is JSON. */
export async function readJson(res: Response): Promise<JsonResponse> {
  const text = await res.text().catch(() => "");
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    // Non-JSON error pages (proxies, 502s) are kept as text for the failure message.
  }
  return { ok: true, status: res.status, headers: res.headers, body };
}

/** Retry-After as seconds or an HTTP date → ms from now; undefined when absent or unparsable. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** 429 and 5xx are worth retrying; other 4xx mean the request itself is wrong. */
export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/** Standard mapping of a non-2xx response; adapters pass the platform's own code/message when they have one. */
export function httpFailure(
  res: JsonResponse,
  code: string,
  message: string,
  opts: { retryable?: boolean; retryAfterMs?: number } = {},
): SendFailure {
  const retryable = opts.retryable ?? isRetryableStatus(res.status);
  const retryAfterMs = opts.retryAfterMs ?? parseRetryAfter(res.headers.get("retry-after"));
  return {
    ok: false,
    retryable,
    status: res.status,
    code,
    message,
    ...(retryable && retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

export const errorMessage = (err: unknown): string =>
  err instanceof Error ? err.message : String(err);

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
