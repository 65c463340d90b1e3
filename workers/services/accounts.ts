import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { apiKeys, invites, ROLES, sessions, tenants, users, type Role } from "../db/schema";
import { hashPassword, randomToken, sha256Hex, verifyPassword } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { AccountMailer } from "./account-mail";
import { audit } from "./audit";
import { admitLogin, deviceCookieValue, knownDevice, loginSucceeded } from "./login-throttle";
import { withinLimit } from "./rate-limit";
import { createSession } from "./sessions";

const INVITE_TTL_MS = 7 * 24 * 3600_000;

export type PublicUser = Pick<
  typeof users.$inferSelect,
  | "id"
  | "email"
  | "name"
  | "role"
  | "status"
  | "capacity"
  | "skills"
  | "language"
  | "createdAt"
  | "lastLoginAt"
>;
export type PublicTenant = Pick<
  typeof tenants.$inferSelect,
  "id" | "name" | "publicKey" | "createdAt"
>;

export function publicUser(u: typeof users.$inferSelect): PublicUser {
  const { id, email, name, role, status, capacity, skills, language, createdAt, lastLoginAt } = u;
  return { id, email, name, role, status, capacity, skills, language, createdAt, lastLoginAt };
}

export function publicTenant(t: typeof tenants.$inferSelect): PublicTenant {
  return { id: t.id, name: t.name, publicKey: t.publicKey, createdAt: t.createdAt };
}

/** Notices to an address about attempts on it are capped, so nobody can use them to flood a mailbox. */
export const noticeLimit = (email: string) => ({
  key: `notice:${email}`,
  max: 3,
  windowMs: 24 * 3600_000,
});

/** Where a login comes from: the source address, the browser, and its device cookie if it has one. */
export interface LoginClient {
  ip: string;
  userAgent: string;
  deviceCookie?: string;
}

/**
 * Password login, throttled before the password is hashed (see login-throttle.ts); the same error for
 * an unknown email and a wrong password. Returns the session token and the browser's device cookie.
 */
export async function login(
  db: Db,
  env: Pick<Env, "SIGNING_KEY">,
  input: { email: string; password: string },
  client: LoginClient,
) {
  const email = input.email.toLowerCase();
  const deviceId = await knownDevice(env.SIGNING_KEY, client.deviceCookie, email);
  await admitLogin(db, email, client.ip, deviceId);
  const user = await db.query.users.findFirst({ where: eq(users.email, email) });
  // Verify against a dummy hash when the user is unknown so timing does not reveal accounts.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.status !== "active")
    throw new ApiError("INVALID_CREDENTIALS", "Email or password is wrong.");
  await loginSucceeded(db, email, client.ip, deviceId);
  await db.update(users).set({ lastLoginAt: Date.now() }).where(eq(users.id, user.id));
  const token = await createSession(db, user.id, user.tenantId, client.userAgent);
  await audit(
    db,
    user.tenantId,
    { userId: user.id, apiKeyId: null },
    { action: "auth.login", targetType: "user", targetId: user.id, ip: client.ip },
  );
  const tenant = await db.query.tenants.findFirst({ where: eq(tenants.id, user.tenantId) });
  return {
    tenant: publicTenant(tenant!),
    user: publicUser(user),
    token,
    deviceCookie: await deviceCookieValue(env.SIGNING_KEY, email, deviceId),
  };
}

const DUMMY_HASH =
  "pbkdf2$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export async function me(db: Db, auth: Auth) {
  const tenant = await db.query.tenants.findFirst({ where: eq(tenants.id, auth.tenantId) });
  const user = auth.userId
    ? await db.query.users.findFirst({ where: eq(users.id, auth.userId) })
    : undefined;
  return {
    tenant: publicTenant(tenant!),
    user: user ? publicUser(user) : null,
    role: auth.role,
    apiKeyId: auth.apiKeyId,
  };
}

export async function createInvite(db: Db, auth: Auth, input: { email: string; role: Role }) {
  if (input.role === "owner" && auth.role !== "owner")
    throw new ApiError("FORBIDDEN", "Only an owner can invite another owner.");
  const email = input.email.toLowerCase();
  // Only a member of this tenant is reported; an address registered elsewhere is invited like any
  // other, so the answer says nothing about other tenants' users.
  if (
    await db.query.users.findFirst({
      where: inTenant(users, auth.tenantId, eq(users.email, email)),
      columns: { id: true },
    })
  ) {
    throw new ApiError("EMAIL_TAKEN", "This person is already on your team.");
  }
  const token = randomToken(24);
  const invite = {
    id: newId("inv"),
    tenantId: auth.tenantId,
    email,
    role: input.role,
    tokenHash: await sha256Hex(token),
    invitedBy: auth.userId ?? auth.apiKeyId ?? "system",
    expiresAt: Date.now() + INVITE_TTL_MS,
  };
  await db.insert(invites).values(invite);
  await audit(db, auth.tenantId, auth, {
    action: "invite.created",
    targetType: "invite",
    targetId: invite.id,
    data: { email, role: input.role },
  });
  return {
    invite: {
      id: invite.id,
      email,
      role: input.role,
      expiresAt: invite.expiresAt,
      acceptedAt: null,
    },
    token,
  };
}

/** The invitation mail: who asks, to which company, and the one-use link. */
export async function mailInvite(
  db: Db,
  mailer: AccountMailer,
  auth: Auth,
  input: { to: string; acceptUrl: string },
): Promise<void> {
  const [tenant, by] = await Promise.all([
    db.query.tenants.findFirst({ where: eq(tenants.id, auth.tenantId), columns: { name: true } }),
    auth.userId
      ? db.query.users.findFirst({
          where: eq(users.id, auth.userId),
          columns: { name: true, email: true },
        })
      : undefined,
  ]);
  const company = tenant?.name ?? "a team";
  const inviter = by ? by.name || by.email : "Someone";
  await mailer.send({
    to: input.to,
    subject: `${inviter} invited you to ${company} on Edgedesk`,
    text: `${inviter} invited you to join ${company} on Edgedesk.\n\nAccept the invitation (the link works once, for 7 days):\n${input.acceptUrl}`,
  });
}

export async function listInvites(db: Db, auth: Auth) {
  const rows = await db
    .select()
    .from(invites)
    .where(inTenant(invites, auth.tenantId, isNull(invites.acceptedAt)));
  return rows.map(({ id, email, role, expiresAt, acceptedAt }) => ({
    id,
    email,
    role,
    expiresAt,
    acceptedAt,
  }));
}

export async function revokeInvite(db: Db, auth: Auth, id: string): Promise<void> {
  const res = await db
    .delete(invites)
    .where(inTenant(invites, auth.tenantId, eq(invites.id, id), isNull(invites.acceptedAt)))
    .returning({ id: invites.id });
  if (!res.length) throw new ApiError("NOT_FOUND", "No such pending invite.");
  await audit(db, auth.tenantId, auth, {
    action: "invite.revoked",
    targetType: "invite",
    targetId: id,
  });
}

/** The company and inviter behind a pending invite's token (the invite mail names them too); 404 otherwise. */
export async function invitePreview(db: Db, token: string) {
  const invite = await db.query.invites.findFirst({
    where: and(
      eq(invites.tokenHash, await sha256Hex(token)),
      isNull(invites.acceptedAt),
      gt(invites.expiresAt, Date.now()),
    ),
  });
  if (!invite) throw new ApiError("NOT_FOUND", "This invite link is invalid, used or expired.");
  const [tenant, by] = await Promise.all([
    db.query.tenants.findFirst({ where: eq(tenants.id, invite.tenantId), columns: { name: true } }),
    db.query.users.findFirst({
      where: inTenant(users, invite.tenantId, eq(users.id, invite.invitedBy)),
      columns: { name: true, email: true },
    }),
  ]);
  return {
    company: tenant?.name ?? "",
    inviter: by ? by.name || by.email : null,
    email: invite.email,
    role: invite.role,
  };
}

/**
 * Accepting an invite creates the user with the invited role and signs them in. An invite for an
 * address that already has an account (in any tenant) is answered like an invalid link, and the
 * address's owner is told by mail, so holding the link does not reveal where the address is used.
 */
export async function acceptInvite(
  db: Db,
  mailer: AccountMailer,
  input: { token: string; password: string; name?: string },
  userAgent = "",
) {
  const invite = await db.query.invites.findFirst({
    where: and(
      eq(invites.tokenHash, await sha256Hex(input.token)),
      isNull(invites.acceptedAt),
      gt(invites.expiresAt, Date.now()),
    ),
  });
  const invalid = () => new ApiError("NOT_FOUND", "This invite link is invalid, used or expired.");
  if (!invite) throw invalid();
  if (
    await db.query.users.findFirst({ where: eq(users.email, invite.email), columns: { id: true } })
  ) {
    const tenant = await db.query.tenants.findFirst({
      where: eq(tenants.id, invite.tenantId),
      columns: { name: true },
    });
    if (await withinLimit(db, noticeLimit(invite.email))) {
      await mailer.send({
        to: invite.email,
        subject: "An Edgedesk invitation for your address",
        text: `You were invited to join ${tenant?.name ?? "a team"} on Edgedesk, but this address already has an Edgedesk account, and an address belongs to one team. Ask whoever invited you to use another address.`,
      });
    }
    throw invalid();
  }
  const user = {
    id: newId("usr"),
    tenantId: invite.tenantId,
    email: invite.email,
    name: input.name ?? "",
    passwordHash: await hashPassword(input.password),
    role: invite.role,
  };
  // The guarded update makes a double-submitted accept create one user, not two.
  const [claimed] = await db
    .update(invites)
    .set({ acceptedAt: Date.now() })
    .where(and(eq(invites.id, invite.id), isNull(invites.acceptedAt)))
    .returning({ id: invites.id });
  if (!claimed) throw new ApiError("CONFLICT", "This invite was just accepted.");
  await db.insert(users).values(user);
  await audit(
    db,
    invite.tenantId,
    { userId: user.id, apiKeyId: null },
    {
      action: "invite.accepted",
      targetType: "user",
      targetId: user.id,
      data: { role: invite.role },
    },
  );
  const token = await createSession(db, user.id, invite.tenantId, userAgent);
  const [t, u] = await Promise.all([
    db.query.tenants.findFirst({ where: eq(tenants.id, invite.tenantId) }),
    db.query.users.findFirst({ where: eq(users.id, user.id) }),
  ]);
  return { tenant: publicTenant(t!), user: publicUser(u!), token };
}

export async function listUsers(db: Db, auth: Auth) {
  return (await db.select().from(users).where(inTenant(users, auth.tenantId))).map(publicUser);
}

export async function updateUser(
  db: Db,
  auth: Auth,
  id: string,
  patch: {
    role?: Role;
    capacity?: number;
    name?: string;
    status?: "active" | "disabled";
    language?: string;
    skills?: string[];
  },
) {
  const target = await db.query.users.findFirst({
    where: inTenant(users, auth.tenantId, eq(users.id, id)),
  });
  if (!target) throw new ApiError("NOT_FOUND", "No such user.");
  const touchesOwner = target.role === "owner" || patch.role === "owner";
  if (
    touchesOwner &&
    auth.role !== "owner" &&
    (patch.role !== undefined || patch.status !== undefined)
  ) {
    throw new ApiError(
      "FORBIDDEN",
      "Only an owner can change an owner's role or status, or make an owner.",
    );
  }
  if (
    target.role === "owner" &&
    ((patch.role && patch.role !== "owner") || patch.status === "disabled")
  ) {
    const owners = await db
      .select({ id: users.id })
      .from(users)
      .where(inTenant(users, auth.tenantId, eq(users.role, "owner"), eq(users.status, "active")));
    if (owners.length <= 1)
      throw new ApiError("INVALID_STATE", "A tenant keeps at least one active owner.");
  }
  if (patch.skills) patch = { ...patch, skills: [...new Set(patch.skills)] };
  const [updated] = await db
    .update(users)
    .set(patch)
    .where(inTenant(users, auth.tenantId, eq(users.id, id)))
    .returning();
  if (patch.role && patch.role !== target.role) {
    await audit(db, auth.tenantId, auth, {
      action: "user.role_changed",
      targetType: "user",
      targetId: id,
      data: { from: target.role, to: patch.role },
    });
  }
  if (patch.status === "disabled") {
    await db.delete(sessions).where(eq(sessions.userId, id));
    await revokeKeysCreatedBy(db, auth, id, "creator_disabled");
  } else if (patch.role && patch.role !== target.role) {
    // ROLES runs from the highest rank down: the roles before the new one outrank it.
    const above = ROLES.slice(0, ROLES.indexOf(patch.role));
    if (above.length) await revokeKeysCreatedBy(db, auth, id, "creator_demoted", above);
  }
  return publicUser(updated);
}

/**
 * A disabled user's API keys stop working: every active key they created is revoked (on a demotion,
 * those whose role is one of `roles`), and so is every key created with a revoked key, each listed in
 * the audit log with the reason.
 */
async function revokeKeysCreatedBy(
  db: Db,
  auth: Auth,
  userId: string,
  reason: string,
  roles?: Role[],
): Promise<void> {
  const now = Date.now();
  let creators = [userId];
  for (let first = true; creators.length; first = false) {
    const revoked = await db
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(
        inTenant(
          apiKeys,
          auth.tenantId,
          inArray(apiKeys.createdBy, creators),
          isNull(apiKeys.revokedAt),
          first && roles ? inArray(apiKeys.role, roles) : undefined,
        ),
      )
      .returning({ id: apiKeys.id, name: apiKeys.name });
    for (const key of revoked) {
      await audit(db, auth.tenantId, auth, {
        action: "api_key.revoked",
        targetType: "api_key",
        targetId: key.id,
        data: { name: key.name, reason, userId },
      });
    }
    creators = revoked.map((k) => k.id);
  }
}

export async function createApiKey(db: Db, auth: Auth, input: { name: string; role: Role }) {
  if (input.role === "owner")
    throw new ApiError("FORBIDDEN", "API keys cannot carry the owner role.");
  const key = `edk_${randomToken(30)}`;
  const row = {
    id: newId("key"),
    tenantId: auth.tenantId,
    name: input.name,
    prefix: key.slice(0, 10),
    keyHash: await sha256Hex(key),
    role: input.role,
    createdBy: auth.userId ?? auth.apiKeyId ?? "system",
  };
  await db.insert(apiKeys).values(row);
  await audit(db, auth.tenantId, auth, {
    action: "api_key.created",
    targetType: "api_key",
    targetId: row.id,
    data: { name: input.name, role: input.role },
  });
  return { apiKey: { id: row.id, name: row.name, prefix: row.prefix, role: row.role }, key };
}

export async function listApiKeys(db: Db, auth: Auth) {
  const rows = await db.select().from(apiKeys).where(inTenant(apiKeys, auth.tenantId));
  return rows.map(({ id, name, prefix, role, createdAt, lastUsedAt, revokedAt }) => ({
    id,
    name,
    prefix,
    role,
    createdAt,
    lastUsedAt,
    revokedAt,
  }));
}

export async function revokeApiKey(db: Db, auth: Auth, id: string): Promise<void> {
  const res = await db
    .update(apiKeys)
    .set({ revokedAt: Date.now() })
    .where(inTenant(apiKeys, auth.tenantId, eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!res.length) throw new ApiError("NOT_FOUND", "No such active API key.");
  await audit(db, auth.tenantId, auth, {
    action: "api_key.revoked",
    targetType: "api_key",
    targetId: id,
  });
}
