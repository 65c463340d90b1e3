/** Anything shaped like a SendResult: retried while `ok` is false and `retryable` is true. */
export type RetryableResult =
  | { ok: true }
  | { ok: false; retryable: boolean; retryAfterMs?: number };

export type RetryOptions = {
  /** Total tries including the first (>= 1). */
  attempts: number;
  /** Base of the exponential backoff: the cap for retry n is baseMs * 2^(n-1). */
  baseMs: number;
  /** Upper bound on any single wait (default 60 s), also applied to a platform's Retry-After. */
  maxMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Backoff delay before retry number `retry` (1-based): "full jitter" (uniform in [0, cap]) so that many
 * consumers failing together do not retry in lockstep; a platform's Retry-After is a floor.
 */
export function backoffDelay(retry: number, opts: RetryOptions, retryAfterMs?: number): number {
  const maxMs = opts.maxMs ?? 60_000;
  const cap = Math.min(maxMs, opts.baseMs * 2 ** (retry - 1));
  const jittered = Math.floor((opts.random ?? Math.random)() * cap);
  return Math.min(maxMs, Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * Calls `fn` until it succeeds, fails permanently, or `attempts` run out; returns the last result.
 * `fn` receives the 1-based attempt number. Exceptions are bugs and propagate untouched.
 */
export async function withRetries<T extends RetryableResult>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions,
): Promise<T> {
  const attempts = Math.max(1, Math.floor(opts.attempts));
  const sleep = opts.sleep ?? defaultSleep;
  let result = await fn(1);
  for (let attempt = 2; attempt <= attempts; attempt++) {
    if (result.ok || !result.retryable) return result;
    await sleep(backoffDelay(attempt - 1, opts, result.retryAfterMs));
    result = await fn(attempt);
  }
  return result;
}
