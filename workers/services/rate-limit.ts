import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../lib/errors";

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

function rateLimited(windowStart: number, windowMs: number, now: number): ApiError {
  const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
  return new ApiError(
    "RATE_LIMITED",
    "Too many attempts. Try again later.",
    { retryAfterSeconds: retryAfter },
    { "Retry-After": String(retryAfter) },
  );
}

/** One statement per key: starts a new window or counts one more in the current one, and returns the count. */
function countOne(db: Db, l: Limit, now: number) {
  const cutoff = now - l.windowMs;
  return db.get<{
    window_start: number;
    count: number;
  }>(sql`INSERT INTO rate_limits (key, window_start, count) VALUES (${l.key}, ${now}, 1)
    ON CONFLICT(key) DO UPDATE SET
      count = CASE WHEN window_start <= ${cutoff} THEN 1 ELSE count + 1 END,
      window_start = CASE WHEN window_start <= ${cutoff} THEN ${now} ELSE window_start END
    RETURNING window_start, count`);
}

/**
 * Takes one attempt from each limit in order and refuses (429) at the first whose window is over its
 * maximum. Counting and reading are one statement, so parallel requests cannot all pass a check
 * made before any of them counted: of N concurrent attempts, at most `max` get through.
 */
export async function takeLimits(db: Db, limits: Limit[], now = Date.now()): Promise<void> {
  for (const l of limits) {
    const row = await countOne(db, l, now);
    if (row.count > l.max) throw rateLimited(row.window_start, l.windowMs, now);
  }
}

/** Counts one use and says whether it was within the limit, without refusing anything (e.g. whether to send a notice). */
export async function withinLimit(db: Db, l: Limit, now = Date.now()): Promise<boolean> {
  return (await countOne(db, l, now)).count <= l.max;
}

/** Gives back an attempt taken by `takeLimits` (a successful one should not count as a failure). */
export async function refundLimit(db: Db, key: string): Promise<void> {
  await db.run(sql`UPDATE rate_limits SET count = count - 1 WHERE key = ${key} AND count > 0`);
}

export async function clearLimit(db: Db, key: string): Promise<void> {
  await db.run(sql`DELETE FROM rate_limits WHERE key = ${key}`);
}
