/**
 * Browser sessions: a random token in the cookie, only its SHA-256 stored. A user sees their
 * sessions (browser, created, last seen, which one is this), signs one out, or all of them.
 */
import { and, desc, eq, gt, ne } from "drizzle-orm";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { sessions } from "../db/schema";
import { randomToken, sha256Hex } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { audit } from "./audit";

export const SESSION_TTL_MS = 30 * 24 * 3600_000;

/** Starts a session for the user and returns the cookie token (shown only to this response). */
export async function createSession(
  db: Db,
  userId: string,
  tenantId: string,
  userAgent = "",
): Promise<string> {
  const token = randomToken(32);
  const now = Date.now();
  await db.insert(sessions).values({
    id: await sha256Hex(token),
    userId,
    tenantId,
    expiresAt: now + SESSION_TTL_MS,
    userAgent: userAgent.slice(0, 300),
    lastSeenAt: now,
  });
  return token;
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (token) await db.delete(sessions).where(eq(sessions.id, await sha256Hex(token)));
}

/** Only a signed-in person has sessions; an API key is refused. */
function userOf(auth: Auth): { userId: string; sessionId: string | null } {
  if (!auth.userId)
    throw new ApiError("FORBIDDEN", "Sessions belong to a signed-in user, not to an API key.");
  return { userId: auth.userId, sessionId: auth.sessionId ?? null };
}

export async function listSessions(db: Db, auth: Auth) {
  const { userId, sessionId } = userOf(auth);
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, Date.now())))
    .orderBy(desc(sessions.createdAt));
  return rows.map((s) => ({
    id: s.id,
    userAgent: s.userAgent,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt ?? s.createdAt,
    current: s.id === sessionId,
  }));
}

/** Signs out one of the caller's own sessions; any other id is a 404. */
export async function revokeSession(db: Db, auth: Auth, id: string): Promise<{ current: boolean }> {
  const { userId, sessionId } = userOf(auth);
  const res = await db
    .delete(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  if (!res.length) throw new ApiError("NOT_FOUND", "No such session.");
  await audit(db, auth.tenantId, auth, {
    action: "auth.session_revoked",
    targetType: "user",
    targetId: userId,
  });
  return { current: id === sessionId };
}

/** Ends every session of the user; `except` keeps one (the caller's, after a password change). */
export async function endAllSessions(
  db: Db,
  userId: string,
  except?: string | null,
): Promise<number> {
  const where = except
    ? and(eq(sessions.userId, userId), ne(sessions.id, except))
    : eq(sessions.userId, userId);
  return (await db.delete(sessions).where(where).returning({ id: sessions.id })).length;
}

export async function signOutEverywhere(db: Db, auth: Auth): Promise<void> {
  const { userId } = userOf(auth);
  const ended = await endAllSessions(db, userId);
  await audit(db, auth.tenantId, auth, {
    action: "auth.signed_out_everywhere",
    targetType: "user",
    targetId: userId,
    data: { sessions: ended },
  });
}
