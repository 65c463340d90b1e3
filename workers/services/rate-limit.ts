import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { ApiError } from "../lib/errors";

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

/** Fixed-window counters in D1. `check` refuses when a window is already full; `hit` counts one. */
export async function checkLimits(db: Db, limits: Limit[], now = Date.now()): Promise<void> {
  for (const l of limits) {
    const row = await db.get<{ window_start: number; count: number }>(sql`SELECT window_start, count FROM rate_limits WHERE key = ${l.key}`);
    if (row && row.window_start > now - l.windowMs && row.count >= l.max) {
      const retryAfter = Math.ceil((row.window_start + l.windowMs - now) / 1000);
      throw new ApiError("RATE_LIMITED", "Too many attempts. Try again later.", { retryAfterSeconds: retryAfter }, { "Retry-After": String(retryAfter) });
    }
  }
}

export async function hitLimits(db: Db, limits: Limit[], now = Date.now()): Promise<void> {
  for (const l of limits) {
    const cutoff = now - l.windowMs;
    await db.run(sql`INSERT INTO rate_limits (key, window_start, count) VALUES (${l.key}, ${now}, 1)
      ON CONFLICT(key) DO UPDATE SET
        count = CASE WHEN window_start <= ${cutoff} THEN 1 ELSE count + 1 END,
        window_start = CASE WHEN window_start <= ${cutoff} THEN ${now} ELSE window_start END`);
  }
}

const TAKE = `INSERT INTO rate_limits (key, window_start, count) VALUES (?1, ?2, 1)
  ON CONFLICT(key) DO UPDATE SET
    count = CASE WHEN window_start <= ?3 THEN 1 ELSE count + 1 END,
    window_start = CASE WHEN window_start <= ?3 THEN ?2 ELSE window_start END
  RETURNING window_start, count`;

/**
 * Counts one attempt against each limit and refuses (429 with Retry-After) when that makes any of them
 * over: one atomic statement per limit, so concurrent requests cannot all pass a check before counting.
 */
export async function takeLimits(db: Db, limits: Limit[], now = Date.now()): Promise<void> {
  if (!limits.length) return;
  const d1 = db.$client;
  const results = await d1.batch<{ window_start: number; count: number }>(limits.map((l) => d1.prepare(TAKE).bind(l.key, now, now - l.windowMs)));
  for (const [i, l] of limits.entries()) {
    const row = results[i].results[0];
    if (row && row.count > l.max) {
      const retryAfter = Math.max(1, Math.ceil((row.window_start + l.windowMs - now) / 1000));
      throw new ApiError("RATE_LIMITED", "Too many attempts. Try again later.", { retryAfterSeconds: retryAfter }, { "Retry-After": String(retryAfter) });
    }
  }
}

export async function clearLimit(db: Db, key: string): Promise<void> {
  await db.run(sql`DELETE FROM rate_limits WHERE key = ${key}`);
}
