/**
 * The one way an adapter calls its store: the credential goes only to the store's own host, over
 * HTTPS, past the unsafe-URL guard, and a redirect is never followed (it could lead anywhere with
 * the credential). Never throws; failures are values.
 */
import { unsafeUrlReason } from "../lib/http-safety";
import type { StoreCall } from "./types";

/** Store APIs answer in well under this; a slow store must not hold a shopper's turn. */
export const STORE_TIMEOUT_MS = 8_000;

export async function storeJson(
  fetchFn: typeof fetch,
  host: string,
  url: string,
  init: { method: "GET" | "POST" | "PUT"; headers: Record<string, string>; body?: string },
): Promise<StoreCall<unknown>> {
  const refuse = (message: string): StoreCall<unknown> => ({
    ok: false,
    code: "host_refused",
    status: 0,
    message,
  });
  const unsafe = unsafeUrlReason(url);
  if (unsafe) return refuse(`store URL refused: ${unsafe}`);
  if (new URL(url).hostname !== host)
    return refuse("a store credential is only sent to the store's own host");
  let res: Response;
  try {
    res = await fetchFn(url, {
      ...init,
      redirect: "manual",
      signal: AbortSignal.timeout(STORE_TIMEOUT_MS),
    });
  } catch (err) {
    return {
      ok: false,
      code: "unreachable",
      status: 0,
      message:
        err instanceof Error && err.name === "TimeoutError"
          ? "the store did not answer in time"
          : "the store could not be reached",
    };
  }
  if (res.status === 401 || res.status === 403)
    return {
      ok: false,
      code: "refused",
      status: res.status,
      message: "the store refused these credentials",
    };
  if (res.status >= 300 && res.status < 400)
    return refuse("the store answered with a redirect; check the store address");
  if (!res.ok)
    return {
      ok: false,
      code: "http_error",
      status: res.status,
      message: `the store answered HTTP ${res.status}`,
    };
  const body = await res.json().catch(() => undefined);
  if (body === undefined)
    return {
      ok: false,
      code: "invalid_response",
      status: res.status,
      message: "the store's answer was not JSON",
    };
  return { ok: true, value: body };
}

/** Lower-case email, or null. */
export const normEmail = (v: unknown): string | null =>
  typeof v === "string" && v.includes("@") ? v.trim().toLowerCase() : null;

/** Digits of a phone number (the comparison ignores formatting and a leading +), or null. */
export const normPhone = (v: unknown): string | null => {
  if (typeof v !== "string") return null;
  const digits = v.replace(/\D/g, "");
  return digits.length >= 6 ? digits : null;
};

/** JSON.parse that answers undefined for malformed text (a signed body can still be malformed). */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
