import { and, eq, gt, isNull } from "drizzle-orm";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Auth } from "../app-env";
import { apiKeys, sessions, users, type Role } from "../db/schema";
import { ApiError } from "../lib/errors";
import { sha256Hex } from "../lib/crypto";

export const SESSION_COOKIE = "edgedesk_session";

/** Role hierarchy: every role check in the app compares ranks here and nowhere else. */
const ROLE_RANK: Record<Role, number> = { viewer: 0, agent: 1, admin: 2, owner: 3 };

export function hasRole(role: Role, min: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}

/** Resolves the caller from the session cookie or a `Bearer edk_…` API key; anonymous otherwise. */
export function authenticate() {
  return createMiddleware<AppEnv>(async function authenticate(c, next) {
    c.set(
      "auth",
      await resolveAuth(c.get("db"), c.req.header("authorization"), getCookie(c, SESSION_COOKIE)),
    );
    await next();
  });
}

async function resolveAuth(
  db: AppEnv["Variables"]["db"],
  authorization: string | undefined,
  cookie: string | undefined,
): Promise<Auth | null> {
  const bearer = authorization?.match(/^Bearer\s+(edk_[\w-]{20,})$/)?.[1];
  if (bearer) {
    const key = await db.query.apiKeys.findFirst({
      where: and(eq(apiKeys.keyHash, await sha256Hex(bearer)), isNull(apiKeys.revokedAt)),
    });
    if (!key) return null;
    await db.update(apiKeys).set({ lastUsedAt: Date.now() }).where(eq(apiKeys.id, key.id));
    return { tenantId: key.tenantId, role: key.role, userId: null, apiKeyId: key.id, email: null };
  }
  if (!cookie || cookie.length > 200) return null;
  const sessionId = await sha256Hex(cookie);
  const now = Date.now();
  const rows = await db
    .select({
      tenantId: users.tenantId,
      role: users.role,
      userId: users.id,
      email: users.email,
      status: users.status,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .limit(1);
  const row = rows[0];
  if (!row || row.status !== "active") return null;
  // "Last seen" in the session list needs minutes, not every request: one write per session per interval.
  if ((row.lastSeenAt ?? 0) < now - LAST_SEEN_INTERVAL_MS)
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
  return {
    tenantId: row.tenantId,
    role: row.role,
    userId: row.userId,
    apiKeyId: null,
    email: row.email,
    sessionId,
  };
}

const LAST_SEEN_INTERVAL_MS = 5 * 60_000;

/** Route guard: 401 without a caller, 403 when the caller's role ranks below `min`. */
export function requireRole(min: Role) {
  return createMiddleware<AppEnv>(async function requireRole(c, next) {
    const auth = c.get("auth");
    if (!auth) throw new ApiError("UNAUTHENTICATED", "Sign in or send an API key.");
    if (!hasRole(auth.role, min))
      throw new ApiError("FORBIDDEN", `This action needs the ${min} role or higher.`);
    await next();
  });
}

/** For handlers behind `requireRole`: the caller, guaranteed present. */
export function authOf(c: { get(key: "auth"): Auth | null }): Auth {
  const auth = c.get("auth");
  if (!auth) throw new ApiError("UNAUTHENTICATED", "Sign in or send an API key.");
  return auth;
}
