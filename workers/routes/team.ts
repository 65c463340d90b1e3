import { createRoute, z } from "@hono/zod-openapi";
import { authOf, requireRole } from "../middleware/auth";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { inviteMailRoute } from "../services/account-mail";
import * as accounts from "../services/accounts";
import { mailerFor } from "./auth";
import { closeUserSockets } from "../services/live-access";
import {
  ApiKeyBody,
  ApiKeySchema,
  InviteBody,
  InviteSchema,
  UpdateUserBody,
  UserSchema,
} from "../wire/accounts";

const tags = ["Team"];

export const userRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List the tenant's users",
      middleware: [requireRole("viewer")] as const,
      responses: { 200: jsonOk(z.object({ users: z.array(UserSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ users: await accounts.listUsers(c.get("db"), authOf(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      tags,
      summary: "Change a user's role, capacity or status",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("usr"), body: jsonBody(UpdateUserBody) },
      responses: { 200: jsonOk(z.object({ user: UserSchema })), ...errorResponses },
    }),
    async (c) => {
      const patch = c.req.valid("json");
      const user = await accounts.updateUser(
        c.get("db"),
        authOf(c),
        c.req.valid("param").id,
        patch,
      );
      // Open sockets keep what they were opened with: a role or status change closes them everywhere.
      if (patch.role !== undefined || patch.status === "disabled")
        await closeUserSockets(c.env, authOf(c).tenantId, user.id);
      return c.json({ user }, 200);
    },
  );

export const inviteRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Invite a teammate by email with a role",
      description: "Returns the accept link once; it is also what an invite email carries.",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(InviteBody) },
      responses: {
        201: jsonOk(
          z.object({
            invite: InviteSchema,
            acceptUrl: z.string(),
            token: z.string(),
            mailed: z.enum(["email", "outbox"]).nullable(),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { invite, token } = await accounts.createInvite(
        c.get("db"),
        authOf(c),
        c.req.valid("json"),
      );
      // The email lets the accept page offer a display name; the token alone is what grants access.
      const origin = new URL(c.req.url).origin;
      const acceptUrl = `${origin}/app/#/accept?token=${encodeURIComponent(token)}&email=${encodeURIComponent(invite.email)}`;
      const mailed = inviteMailRoute(c.env, origin);
      if (mailed)
        await accounts.mailInvite(c.get("db"), mailerFor(c), authOf(c), {
          to: invite.email,
          acceptUrl,
        });
      return c.json({ invite, acceptUrl, token, mailed }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "Pending invites",
      middleware: [requireRole("admin")] as const,
      responses: { 200: jsonOk(z.object({ invites: z.array(InviteSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ invites: await accounts.listInvites(c.get("db"), authOf(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      summary: "Revoke a pending invite",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("inv") },
      responses: { 204: { description: "Revoked" }, ...errorResponses },
    }),
    async (c) => {
      await accounts.revokeInvite(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

export const apiKeyRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      tags,
      summary: "Create an API key (shown once)",
      middleware: [requireRole("admin")] as const,
      request: { body: jsonBody(ApiKeyBody) },
      responses: {
        201: jsonOk(z.object({ apiKey: ApiKeySchema, key: z.string() })),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(await accounts.createApiKey(c.get("db"), authOf(c), c.req.valid("json")), 201),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      tags,
      summary: "List API keys (never the keys themselves)",
      middleware: [requireRole("admin")] as const,
      responses: { 200: jsonOk(z.object({ apiKeys: z.array(ApiKeySchema) })), ...errorResponses },
    }),
    async (c) => c.json({ apiKeys: await accounts.listApiKeys(c.get("db"), authOf(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      tags,
      summary: "Revoke an API key",
      middleware: [requireRole("admin")] as const,
      request: { params: IdParam("key") },
      responses: { 204: { description: "Revoked" }, ...errorResponses },
    }),
    async (c) => {
      await accounts.revokeApiKey(c.get("db"), authOf(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
