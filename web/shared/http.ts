/** The one fetch wrapper of the dashboard and console: JSON in, JSON out, errors as ApiFailure. */

export interface ErrorShape {
  code: string;
  message: string;
  details?: unknown;
}

/** An API error in the server's one shape `{error:{code,message,details}}`, with its HTTP status. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined | string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Signed-out listeners: the apps send the user to the login page when any call returns 401. */
const unauthenticated = new Set<() => void>();
export function onUnauthenticated(fn: () => void): () => void {
  unauthenticated.add(fn);
  return () => unauthenticated.delete(fn);
}

export async function http<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: { query?: Query; raw?: BodyInit; contentType?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let payload: BodyInit | undefined = opts.raw;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["content-type"] = "application/json";
  } else if (opts.contentType) headers["content-type"] = opts.contentType;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body: payload,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiFailure(
      0,
      "NETWORK",
      "Could not reach the server. Check your connection and try again.",
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data as { error?: ErrorShape } | null)?.error;
    if (res.status === 401) unauthenticated.forEach((fn) => fn());
    throw new ApiFailure(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? `The server answered ${res.status}.`,
      err?.details,
    );
  }
  return data as T;
}

/** A readable sentence for an error, including the field messages of a 422. */
export function describeError(e: unknown): string {
  if (e instanceof ApiFailure) {
    if (e.code === "VALIDATION_FAILED" && Array.isArray(e.details)) {
      const parts = (e.details as { path?: string; message?: string }[])
        .map((d) => (d.path ? `${d.path}: ${d.message}` : d.message))
        .filter(Boolean);
      if (parts.length) return `${e.message} ${parts.join("; ")}`;
    }
    // The Worker's catch-all 404 means the endpoint itself is missing (an older server).
    if (e.status === 404 && e.message.startsWith("No route for"))
      return "This feature is not available on this server yet.";
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
