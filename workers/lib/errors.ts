import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error code the API can return, with its HTTP status. One table, one shape. */
export const ErrorCodes = {
  BAD_REQUEST: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_SIGNATURE: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  CHANNEL_NOT_FOUND: 404,
  CONTACT_NOT_FOUND: 404,
  ENTRY_NOT_FOUND: 404,
  WORKFLOW_NOT_FOUND: 404,
  BROADCAST_NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  REVIEW_ITEM_NOT_FOUND: 404,
  STORE_NOT_FOUND: 404,
  AI_AGENT_NOT_FOUND: 404,
  LEAD_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UPGRADE_REQUIRED: 426,
  VALIDATION_FAILED: 422,
  CHANNEL_DISABLED: 422,
  WINDOW_CLOSED: 422,
  AI_PROVIDER_REQUIRED: 422,
  TEMPLATE_REQUIRED: 422,
  UNSAFE_URL: 422,
  /** The platform itself answered that the credentials do not work (nothing was stored). */
  CREDENTIALS_REFUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A platform (Graph API, Bot API…) refused or failed a call made for the request. */
  UPSTREAM_ERROR: 502,
  /** A dependency (e.g. a conversation object) failed part-way; nothing was deleted, retry is safe. */
  ERASURE_INCOMPLETE: 503,
  UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** The one exception routes and middleware throw; `onError` renders it as `{error:{code,message,details}}`. */
export class ApiError extends HTTPException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(ErrorCodes[code], { message });
  }
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function errorResponse(
  code: ErrorCode,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
): Response {
  return Response.json(errorBody(code, message, details), { status: ErrorCodes[code], headers });
}

/** The code for a status the framework chose (Hono's HTTPException, a validator, a middleware). */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "VALIDATION_FAILED",
  426: "UPGRADE_REQUIRED",
  429: "RATE_LIMITED",
  502: "UPSTREAM_ERROR",
  503: "UNAVAILABLE",
};

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  INVALID_JSON: "The body is not valid JSON.",
  PAYLOAD_TOO_LARGE: "The body is too large.",
  UNSUPPORTED_MEDIA_TYPE:
    "This route takes a different Content-Type (application/json unless documented otherwise).",
};

/** The code for a framework exception's status: the table's, else a 400 for a client error and a 500 for the rest. */
export function frameworkErrorCode(status: number, message: string): ErrorCode {
  if (status === 400 && /json/i.test(message)) return "INVALID_JSON";
  return STATUS_CODES[status] ?? (status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL");
}

/**
 * A client error Hono or a validator threw (400 malformed JSON, 415 wrong Content-Type…) in the one
 * error shape. Server errors go through the app's 500 path, which logs them and names the request.
 */
export function frameworkErrorResponse(status: number, message: string): Response {
  const code = frameworkErrorCode(status, message);
  return errorResponse(
    code,
    DEFAULT_MESSAGES[code] ?? (message || "The request could not be handled."),
  );
}
