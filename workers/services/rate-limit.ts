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

export async function clearLimit(db: Db, key: string): Promise<void> {
  await db.run(sql`DELETE FROM rate_limits WHERE key = ${key}`);
}
