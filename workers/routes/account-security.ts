/** A user's own security: change or reset the password, see and end their sessions, the local mail outbox. */
import { createRoute, z } from "@hono/zod-openapi";
import { authOf, requireRole } from "../middleware/auth";
import { ApiError } from "../lib/errors";
import { createRouter, errorResponses, IdParam, jsonBody, jsonOk } from "../lib/router";
import { listOutbox, outboxEnabled } from "../services/account-mail";
import { deviceCookieValue } from "../services/login-throttle";
import * as passwords from "../services/passwords";
import * as sessions from "../services/sessions";
import {
  ChangePasswordBody,
  OutboxMailSchema,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  PasswordResetRequested,
  SessionResult,
  SessionSchema,
} from "../wire/accounts";
import {
  clientIp,
  endSessionCookie,
  mailerFor,
  rememberDevice,
  startSession,
  userAgentOf,
} from "./auth";

const tags = ["Accounts"];
const RESET_REQUESTED =
  "If an account uses this address, we sent it a link to choose a new password. It works once, for 30 minutes.";

export const accountSecurityRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/password",
      tags,
      summary: "Change your password",
      description: "Needs the current password; every other session of yours is signed out.",
      middleware: [requireRole("viewer")] as const,
      request: { body: jsonBody(ChangePasswordBody) },
      responses: { 204: { description: "Changed" }, ...errorResponses },
    }),
    async (c) => {
      await passwords.changePassword(c.get("db"), authOf(c), c.req.valid("json"));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/password-reset",
      tags,
      summary: "Mail a password-reset link",
      description:
        "Answers the same whether or not the address has an account. Limited per IP and per address.",
      request: { body: jsonBody(PasswordResetRequestBody) },
      responses: {
        202: jsonOk(PasswordResetRequested, "Accepted"),
        422: errorResponses[422],
        429: errorResponses[429],
      },
    }),
    async (c) => {
      const input = {
        email: c.req.valid("json").email,
        ip: clientIp(c),
        origin: new URL(c.req.url).origin,
      };
      await passwords.requestPasswordReset(c.get("db"), mailerFor(c), input, (work) =>
        c.executionCtx.waitUntil(work),
      );
      return c.json({ message: RESET_REQUESTED }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/password-reset/confirm",
      tags,
      summary: "Choose a new password with a reset link",
      description:
        "Single use. Signs out every session, lifts a login lock, and signs this browser in.",
      request: { body: jsonBody(PasswordResetConfirmBody) },
      responses: { 200: jsonOk(SessionResult), 404: errorResponses[404], 422: errorResponses[422] },
    }),
    async (c) => {
      const { token, email, ...result } = await passwords.confirmPasswordReset(
        c.get("db"),
        c.req.valid("json"),
        userAgentOf(c),
      );
      startSession(c, token);
      rememberDevice(c, await deviceCookieValue(c.env.SIGNING_KEY, email, null));
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/sessions",
      tags,
      summary: "Your signed-in sessions",
      middleware: [requireRole("viewer")] as const,
      responses: { 200: jsonOk(z.object({ sessions: z.array(SessionSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ sessions: await sessions.listSessions(c.get("db"), authOf(c)) }, 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/sessions/{id}",
      tags,
      summary: "Sign one of your sessions out",
      middleware: [requireRole("viewer")] as const,
      request: { params: IdParam("session") },
      responses: { 204: { description: "Signed out" }, ...errorResponses },
    }),
    async (c) => {
      const { current } = await sessions.revokeSession(
        c.get("db"),
        authOf(c),
        c.req.valid("param").id,
      );
      if (current) endSessionCookie(c);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/sign-out-everywhere",
      tags,
      summary: "Sign every one of your sessions out, this one included",
      middleware: [requireRole("viewer")] as const,
      responses: { 204: { description: "Signed out everywhere" }, ...errorResponses },
    }),
    async (c) => {
      await sessions.signOutEverywhere(c.get("db"), authOf(c));
      endSessionCookie(c);
      return c.body(null, 204);
    },
  );

export const devOutboxRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/outbox",
    tags,
    summary: "Account mail kept locally (local runs only)",
    description:
      'Only with ACCOUNT_MAIL = "outbox" and on a loopback address; a 404 everywhere else.',
    responses: {
      200: jsonOk(z.object({ mails: z.array(OutboxMailSchema) })),
      404: errorResponses[404],
    },
  }),
  async (c) => {
    if (!outboxEnabled(c.env, new URL(c.req.url).origin))
      throw new ApiError("NOT_FOUND", `No route for GET ${c.req.path}.`);
    return c.json({ mails: await listOutbox(c.get("db")) }, 200);
  },
);
