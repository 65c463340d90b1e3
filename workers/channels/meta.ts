/**
 * What WhatsApp, Messenger and Instagram share: the X-Hub-Signature scheme, the GET subscription
 * handshake and the Graph API error format.
 */
import { timingSafeEqual } from "../lib/crypto";
import { errorResponse } from "../lib/errors";
import type { CheckResult, SendFailure, SendResult, VerifyRequest } from "./adapter";
import { hexToBytes, verifyHmac } from "./crypto";
import { callJson, checkAnswer, httpFailure, isObject } from "./http";
import type { JsonResponse } from "./http";

export const GRAPH_API_BASE = "https://graph.facebook.com/v21.0";

/** Checks an `X-Hub-Signature-256` value (`sha256=<hex>`) against the raw body bytes, in constant time. */
export async function verifyHubSignature(
  header: string | null,
  appSecret: string,
  rawBody: Uint8Array | string,
): Promise<boolean> {
  if (!header) return false;
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return false;
  return verifyHmac(appSecret, rawBody, hexToBytes(match[1]), "SHA-256");
}

/**
 * Meta sends both `X-Hub-Signature-256` and the legacy SHA-1 `X-Hub-Signature`; only the SHA-256 one
 * counts, so a request carrying just the SHA-1 one is refused.
 */
export function verifyMetaRequest(req: VerifyRequest, appSecret: string): Promise<boolean> {
  return verifyHubSignature(req.headers.get("x-hub-signature-256"), appSecret, req.rawBody);
}

/**
 * GET `?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`: echo the challenge when the token
 * matches, a 403 in the one error shape when it does not, null when the URL is not a handshake at all.
 */
// The challenge is echoed verbatim: plain text that browsers must not sniff into HTML.
const TEXT = { "content-type": "text/plain", "x-content-type-options": "nosniff" };

export function metaHandshake(url: URL, verifyToken: string): Response | null {
  const mode = url.searchParams.get("hub.mode");
  if (mode === null) return null;
  const token = url.searchParams.get("hub.verify_token") ?? "";
  const challenge = url.searchParams.get("hub.challenge") ?? "";
  if (mode !== "subscribe" || verifyToken.length === 0 || !timingSafeEqual(token, verifyToken)) {
    return errorResponse("FORBIDDEN", "The verify token does not match this connection.");
  }
  return new Response(challenge, { status: 200, headers: TEXT });
}

// Graph error codes that mean "slow down / try later" even when sent with HTTP 400.
const RETRYABLE_GRAPH_CODES = new Set([1, 2, 4, 17, 32, 613, 80007, 130429, 131016, 131056]);
// Codes meaning the free-form messaging window is closed (WA 24 h rule, Messenger outside window).
const WINDOW_CLOSED_CODES = new Set([131047, 2018278]);

type GraphError = { code?: number; subcode?: number; message: string };

function graphError(body: unknown): GraphError {
  const err = isObject(body) && isObject(body.error) ? body.error : undefined;
  if (!err)
    return {
      message: typeof body === "string" && body ? body.slice(0, 300) : "unexpected response",
    };
  const details =
    isObject(err.error_data) && typeof err.error_data.details === "string"
      ? ` (${err.error_data.details})`
      : "";
  return {
    code: typeof err.code === "number" ? err.code : undefined,
    subcode: typeof err.error_subcode === "number" ? err.error_subcode : undefined,
    message: `${typeof err.message === "string" ? err.message : "Graph API error"}${details}`,
  };
}

/** Maps a non-2xx Graph API response to a SendFailure with a stable code. */
export function graphFailure(res: JsonResponse): SendFailure {
  const err = graphError(res.body);
  const code = err.code ?? 0;
  if (WINDOW_CLOSED_CODES.has(code) || WINDOW_CLOSED_CODES.has(err.subcode ?? 0)) {
    return httpFailure(res, "WINDOW_CLOSED", err.message, { retryable: false });
  }
  if (code === 190) return httpFailure(res, "AUTH_FAILED", err.message, { retryable: false });
  if (RETRYABLE_GRAPH_CODES.has(code))
    return httpFailure(res, `GRAPH_${code}`, err.message, { retryable: true });
  return httpFailure(res, code ? `GRAPH_${code}` : `HTTP_${res.status}`, err.message);
}

/** Success bodies: WhatsApp `{messages:[{id}]}`, Send API `{message_id}`. */
export function graphSendResult(res: JsonResponse): SendResult {
  if (res.status < 200 || res.status >= 300) return graphFailure(res);
  const body = res.body;
  if (isObject(body)) {
    if (
      Array.isArray(body.messages) &&
      isObject(body.messages[0]) &&
      typeof body.messages[0].id === "string"
    ) {
      return { ok: true, externalMessageId: body.messages[0].id };
    }
    if (typeof body.message_id === "string")
      return { ok: true, externalMessageId: body.message_id };
  }
  return {
    ok: false,
    retryable: false,
    status: res.status,
    code: "UNEXPECTED_RESPONSE",
    message: "no message id in Graph API response",
  };
}

/** A read-only Graph API GET with the token as a Bearer header; the answer's error message when refused. */
export async function checkMetaCredentials(
  fetchFn: typeof fetch,
  url: string,
  token: string,
  account: (body: Record<string, unknown>) => string | null,
): Promise<CheckResult> {
  const res = await callJson(fetchFn, url, {
    method: "GET",
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) return res;
  return checkAnswer(res, account, (b) =>
    isObject(b.error) && typeof b.error.message === "string"
      ? b.error.message
      : `HTTP ${res.status}`,
  );
}
