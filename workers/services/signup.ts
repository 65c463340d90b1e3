/**
 * Verify-first sign-up: asking never says whether an address has an account. The answer is the same
 * either way and all the work happens after it (the request's waitUntil); the address then gets
 * either a one-use link that creates the tenant, or a note that it already has an account. Only the
 * link token's SHA-256 is stored until the link is used. The password is chosen with the link, not
 * when asking: whoever asks need not own the address, and must not know the new account's password.
 */
import { shardStub } from "../../durable-objects/rpc";
import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { channels, signupRequests, tenants, users } from "../db/schema";
import { encryptJson, hashPassword, randomToken, sha256Hex } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import type { AccountMailer } from "./account-mail";
import { noticeLimit, publicTenant, publicUser } from "./accounts";
import { audit } from "./audit";
import { takeLimits, withinLimit } from "./rate-limit";
import { createSession } from "./sessions";

export const SIGNUP_TTL_MS = 24 * 3600_000;

export interface SignupInput {
  email: string;
  company: string;
  name?: string;
}

/** Sign-up requests per client IP: room for a shop's staff behind one address, not for a script. */
export const SIGNUP_IP_LIMIT = { max: 10, windowMs: 10 * 60_000 };

/**
 * Takes one request from the client IP's limit (`SIGNUP_IP_LIMIT`) and the address's (5 an hour),
 * both counted before the address is looked up, so a 429 says nothing about it; leaves the rest to
 * `defer`, so a registered address is answered exactly as fast as a new one.
 */
export async function requestSignup(
  db: Db,
  mailer: AccountMailer,
  input: SignupInput & { origin: string; ip: string },
  defer: (work: Promise<unknown>) => void,
): Promise<void> {
  const { ip, ...rest } = input;
  const email = rest.email.toLowerCase();
  await takeLimits(db, [
    { key: `signup:ip:${ip}`, ...SIGNUP_IP_LIMIT },
    { key: `signup:email:${email}`, max: 5, windowMs: 3600_000 },
  ]);
  defer(
    mailSignup(db, mailer, { ...rest, email }).catch((err: unknown) =>
      log("error", "auth.signup_mail_failed", { error: String(err) }),
    ),
  );
}

async function mailSignup(
  db: Db,
  mailer: AccountMailer,
  input: SignupInput & { origin: string },
): Promise<void> {
  const { email, origin } = input;
  if (await db.query.users.findFirst({ where: eq(users.email, email), columns: { id: true } })) {
    // Capped like every notice about attempts on an address, so asking cannot flood its mailbox.
    if (!(await withinLimit(db, noticeLimit(email)))) return;
    await mailer.send({
      to: email,
      subject: "You already have an Edgedesk account",
      text: `Someone (perhaps you) asked to create an Edgedesk account with this address, which already has one. Nothing changed.\n\nSign in: ${origin}/app/#/login\nForgot your password? Reset it: ${origin}/app/#/forgot\n\nIf it was not you, ignore this mail.`,
    });
    return;
  }
  const token = randomToken(32);
  const now = Date.now();
  const row = {
    id: newId("sgn"),
    email,
    company: input.company,
    name: input.name ?? "",
    tokenHash: await sha256Hex(token),
    expiresAt: now + SIGNUP_TTL_MS,
  };
  // A new link replaces the address's earlier ones; expired requests of anyone are swept on the way.
  await db.batch([
    db
      .delete(signupRequests)
      .where(or(eq(signupRequests.email, email), lt(signupRequests.expiresAt, now))),
    db.insert(signupRequests).values(row),
  ]);
  // The company name is the asker's text: it stays out of a mail that goes to an address they typed.
  await mailer.send({
    to: email,
    subject: "Confirm your email to finish signing up to Edgedesk",
    text: `Confirm this address to finish creating your Edgedesk account (the link works once, for 24 hours):\n${origin}/app/#/signup/confirm?token=${encodeURIComponent(token)}\n\nIf you did not ask for an account, ignore this mail: nothing is created without the link.`,
  });
}

/**
 * Uses a sign-up link: creates the tenant, its owner (with the password chosen here, by whoever holds
 * the mailed link) and its web-widget channel, and returns a session token for the owner. A made-up,
 * used, replaced or expired link, and one for an address that got an account meanwhile, all get the
 * same 404. The body's schema checks the password first, so a refused one leaves the link unused.
 */
export async function confirmSignup(
  db: Db,
  env: Pick<Env, "ENCRYPTION_KEY" | "TENANT_SHARD">,
  input: { token: string; password: string },
  userAgent = "",
) {
  const invalid = () => new ApiError("NOT_FOUND", "This sign-up link is invalid, used or expired.");
  const passwordHash = await hashPassword(input.password);
  const now = Date.now();
  // The guarded update makes the link single-use even when submitted twice at once.
  const [request] = await db
    .update(signupRequests)
    .set({ usedAt: now })
    .where(
      and(
        eq(signupRequests.tokenHash, await sha256Hex(input.token)),
        isNull(signupRequests.usedAt),
        gt(signupRequests.expiresAt, now),
      ),
    )
    .returning();
  if (!request) throw invalid();
  const taken = () =>
    db.query.users.findFirst({ where: eq(users.email, request.email), columns: { id: true } });
  if (await taken()) throw invalid();
  const tenant = {
    id: newId("ten"),
    name: request.company,
    publicKey: `pk_${randomToken(18)}`,
    settings: {},
  };
  const user = {
    id: newId("usr"),
    tenantId: tenant.id,
    email: request.email,
    name: request.name,
    passwordHash,
    role: "owner" as const,
  };
  const widget = {
    id: newId("chn"),
    tenantId: tenant.id,
    type: "widget" as const,
    name: "Website chat",
    credentialsEnc: await encryptJson(env.ENCRYPTION_KEY, { identitySecret: randomToken(32) }),
    verifyToken: randomToken(16),
  };
  try {
    // One batch: a failure (the address taken by an invite accepted just now) leaves nothing behind.
    await db.batch([
      db.insert(tenants).values(tenant),
      db.insert(users).values(user),
      db.insert(channels).values(widget),
    ]);
  } catch (err) {
    if (await taken()) throw invalid();
    throw err;
  }
  // A new tenant has nothing in D1 to move to its shard.
  await shardStub(env, tenant.id).importIndexRows([], [], true);
  const token = await createSession(db, user.id, tenant.id, userAgent);
  await audit(
    db,
    tenant.id,
    { userId: user.id, apiKeyId: null },
    { action: "tenant.created", targetType: "tenant", targetId: tenant.id },
  );
  const [t, u] = await Promise.all([
    db.query.tenants.findFirst({ where: eq(tenants.id, tenant.id) }),
    db.query.users.findFirst({ where: eq(users.id, user.id) }),
  ]);
  return { tenant: publicTenant(t!), user: publicUser(u!), token };
}
