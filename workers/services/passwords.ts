/**
 * Changing and resetting a password. Both sign the user's other sessions out. A reset link is a
 * random token mailed to the address; only its SHA-256 is stored, it works once, for 30 minutes,
 * and asking for one answers the same whether or not the address has an account.
 */
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { passwordResets, tenants, users } from "../db/schema";
import { hashPassword, randomToken, sha256Hex, verifyPassword } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import type { AccountMailer } from "./account-mail";
import { publicTenant, publicUser } from "./accounts";
import { audit } from "./audit";
import { clearAccountLock } from "./login-throttle";
import { takeLimits } from "./rate-limit";
import { createSession, endAllSessions } from "./sessions";

export const RESET_TTL_MS = 30 * 60_000;
const HOUR = 3600_000;

/** Needs the current password (10 tries per 15 minutes per user); every other session is signed out. */
export async function changePassword(
  db: Db,
  auth: Auth,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  if (!auth.userId) throw new ApiError("FORBIDDEN", "Only a signed-in user has a password.");
  await takeLimits(db, [{ key: `password:change:${auth.userId}`, max: 10, windowMs: 15 * 60_000 }]);
  const user = await db.query.users.findFirst({ where: eq(users.id, auth.userId) });
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    // A 422 on the field, not a 401: the caller is signed in, and a 401 means "sign in again" to clients.
    throw new ApiError("VALIDATION_FAILED", "The password was not changed.", [
      {
        path: "currentPassword",
        message: "The current password is wrong.",
        code: "wrong_password",
      },
    ]);
  }
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword) })
    .where(eq(users.id, user.id));
  const ended = await endAllSessions(db, user.id, auth.sessionId);
  await audit(db, user.tenantId, auth, {
    action: "auth.password_changed",
    targetType: "user",
    targetId: user.id,
    data: { otherSessionsEnded: ended },
  });
}

/**
 * Mails a reset link when the address belongs to an active user; otherwise does nothing. The caller
 * answers the same either way. Limited per IP (10 an hour) and per address (5 an hour) before the
 * address is looked up, so the limits say nothing about whether it exists. The link is made and
 * mailed in `defer` (the request's waitUntil), so the answer does not take longer for a real account.
 */
export async function requestPasswordReset(
  db: Db,
  mailer: AccountMailer,
  input: { email: string; ip: string; origin: string },
  defer: (work: Promise<unknown>) => void,
): Promise<void> {
  await takeLimits(db, [
    { key: `reset:ip:${input.ip}`, max: 10, windowMs: HOUR },
    { key: `reset:email:${input.email}`, max: 5, windowMs: HOUR },
  ]);
  const user = await db.query.users.findFirst({
    where: and(eq(users.email, input.email), eq(users.status, "active")),
  });
  if (!user) return;
  defer(
    mailResetLink(db, mailer, user, input).catch((err: unknown) =>
      log("error", "auth.password_reset_mail_failed", { userId: user.id, error: String(err) }),
    ),
  );
}

async function mailResetLink(
  db: Db,
  mailer: AccountMailer,
  user: typeof users.$inferSelect,
  input: { ip: string; origin: string },
): Promise<void> {
  const token = randomToken(32);
  // A new link replaces any earlier unused one.
  await db
    .delete(passwordResets)
    .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
  await db.insert(passwordResets).values({
    id: newId("rst"),
    userId: user.id,
    tokenHash: await sha256Hex(token),
    expiresAt: Date.now() + RESET_TTL_MS,
  });
  await audit(db, user.tenantId, null, {
    action: "auth.password_reset_requested",
    targetType: "user",
    targetId: user.id,
    ip: input.ip,
  });
  const link = `${input.origin}/app/#/reset?token=${encodeURIComponent(token)}`;
  await mailer.send({
    to: user.email,
    subject: "Reset your Edgedesk password",
    text: `Someone asked to reset the password of your Edgedesk account.\n\nChoose a new password here (the link works once, for 30 minutes):\n${link}\n\nIf it was not you, ignore this mail: your password stays as it is.`,
  });
}

/** Sets the new password, signs every session out, lifts a login lock, and signs this browser in. */
export async function confirmPasswordReset(
  db: Db,
  input: { token: string; password: string },
  userAgent: string,
) {
  const tokenHash = await sha256Hex(input.token);
  const invalid = () => new ApiError("NOT_FOUND", "This reset link is invalid, used or expired.");
  // The guarded update makes the link single-use even when submitted twice at once.
  const [reset] = await db
    .update(passwordResets)
    .set({ usedAt: Date.now() })
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, Date.now()),
      ),
    )
    .returning();
  if (!reset) throw invalid();
  const user = await db.query.users.findFirst({
    where: and(eq(users.id, reset.userId), eq(users.status, "active")),
  });
  if (!user) throw invalid();
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(input.password) })
    .where(eq(users.id, user.id));
  const ended = await endAllSessions(db, user.id);
  await clearAccountLock(db, user.email);
  await audit(
    db,
    user.tenantId,
    { userId: user.id, apiKeyId: null },
    {
      action: "auth.password_reset",
      targetType: "user",
      targetId: user.id,
      data: { sessionsEnded: ended },
    },
  );
  const token = await createSession(db, user.id, user.tenantId, userAgent);
  const tenant = await db.query.tenants.findFirst({ where: eq(tenants.id, user.tenantId) });
  return { tenant: publicTenant(tenant!), user: publicUser(user), token, email: user.email };
}
