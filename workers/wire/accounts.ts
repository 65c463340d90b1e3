import { z } from "@hono/zod-openapi";
import { ROLES } from "../db/schema";

/** Account and team wire types: request bodies are strict (unknown fields are a 422). */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .email()
  .max(254)
  .openapi({ example: "owner@shop.example" });
export const Password = z.string().min(10, "Use at least 10 characters.").max(200);
export const RoleSchema = z.enum(ROLES).openapi("Role");

export const SignupBody = z
  .strictObject({
    email: Email,
    company: z.string().trim().min(1).max(120),
    name: z.string().trim().max(120).optional(),
  })
  .openapi("SignupBody");
export const SignupConfirmBody = z
  .strictObject({ token: z.string().min(20).max(200), password: Password })
  .openapi("SignupConfirmBody");
/** The answer to a sign-up request: the same whether or not the address has an account. */
export const SignupRequested = z.object({ message: z.string() }).openapi("SignupRequested");
export const LoginBody = z
  .strictObject({ email: Email, password: z.string().min(1).max(200) })
  .openapi("LoginBody");
export const InviteBody = z.strictObject({ email: Email, role: RoleSchema }).openapi("InviteBody");
export const AcceptInviteBody = z
  .strictObject({
    token: z.string().min(10).max(200),
    password: Password,
    name: z.string().trim().max(120).optional(),
  })
  .openapi("AcceptInviteBody");
export const InvitePreviewQuery = z.object({ token: z.string().min(10).max(200) });
/** What an invite link's page shows before it is accepted: whose team, and who asked. */
export const InvitePreview = z
  .object({
    company: z.string(),
    inviter: z.string().nullable(),
    email: z.string(),
    role: RoleSchema,
  })
  .openapi("InvitePreview");
export const UpdateUserBody = z
  .strictObject({
    role: RoleSchema.optional(),
    capacity: z.number().int().min(0).max(100).optional(),
    name: z.string().trim().max(120).optional(),
    status: z.enum(["active", "disabled"]).optional(),
    language: z.string().min(2).max(8).optional(),
    /** Routing preferences: language codes (`es`, `zh`) and channel types (`whatsapp`); matching agents are offered a conversation first. */
    skills: z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z][a-z0-9_-]{1,23}$/, "Skills are language codes or channel types."),
      )
      .max(20)
      .optional(),
  })
  .openapi("UpdateUserBody");
export const ApiKeyBody = z
  .strictObject({ name: z.string().trim().min(1).max(80), role: RoleSchema.default("admin") })
  .openapi("ApiKeyBody");

export const TenantSchema = z
  .object({ id: z.string(), name: z.string(), publicKey: z.string(), createdAt: z.number() })
  .openapi("Tenant");
export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    status: z.string(),
    capacity: z.number(),
    skills: z.array(z.string()),
    language: z.string(),
    createdAt: z.number(),
    lastLoginAt: z.number().nullable(),
  })
  .openapi("User");
export const SessionResult = z
  .object({ tenant: TenantSchema, user: UserSchema })
  .openapi("SessionResult");
export const MeResult = z
  .object({
    tenant: TenantSchema,
    user: UserSchema.nullable(),
    role: RoleSchema,
    apiKeyId: z.string().nullable(),
  })
  .openapi("Me");
export const InviteSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    expiresAt: z.number(),
    acceptedAt: z.number().nullable(),
  })
  .openapi("Invite");
export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    role: RoleSchema,
    createdAt: z.number().optional(),
    lastUsedAt: z.number().nullable().optional(),
    revokedAt: z.number().nullable().optional(),
  })
  .openapi("ApiKey");

export const ChangePasswordBody = z
  .strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password })
  .openapi("ChangePasswordBody");
export const PasswordResetRequestBody = z
  .strictObject({ email: Email })
  .openapi("PasswordResetRequestBody");
export const PasswordResetConfirmBody = z
  .strictObject({ token: z.string().min(20).max(200), password: Password })
  .openapi("PasswordResetConfirmBody");
export const PasswordResetRequested = z
  .object({ message: z.string() })
  .openapi("PasswordResetRequested");
export const SessionSchema = z
  .object({
    id: z.string(),
    userAgent: z.string(),
    createdAt: z.number(),
    lastSeenAt: z.number(),
    current: z.boolean(),
  })
  .openapi("Session");
export const OutboxMailSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    createdAt: z.number(),
  })
  .openapi("OutboxMail");
