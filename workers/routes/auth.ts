import { createRoute } from "@hono/zod-openapi";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { authOf, requireRole, SESSION_COOKIE } from "../middleware/auth";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import { accountMailer } from "../services/account-mail";
import * as accounts from "../services/accounts";
import * as signup from "../services/signup";
import { DEVICE_COOKIE, DEVICE_TTL_MS } from "../services/login-throttle";
import { SESSION_TTL_MS, endSession } from "../services/sessions";
import {
  AcceptInviteBody,
  InvitePreview,
  InvitePreviewQuery,
  LoginBody,
  MeResult,
  SessionResult,
  SignupBody,
  SignupConfirmBody,
  SignupRequested,
} from "../wire/accounts";

const tags = ["Accounts"];
const SIGNUP_REQUESTED =
  "Check your inbox: we mailed this address what to do next. A sign-up link works once, for 24 hours.";

export function startSession(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** Marks the browser as known for the account, which lets it past a lock on the account (login-throttle.ts). */
export function rememberDevice(c: Context<AppEnv>, value: string): void {
  setCookie(c, DEVICE_COOKIE, value, {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: "/api/auth",
    maxAge: DEVICE_TTL_MS / 1000,
  });
}

export function endSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
}

export const clientIp = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "local";
export const userAgentOf = (c: Context<AppEnv>) => c.req.header("user-agent") ?? "";
export const mailerFor = (c: Context<AppEnv>) =>
  accountMailer(c.env, c.get("db"), new URL(c.req.url).origin);

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/signup",
      tags,
      summary: "Ask to create a tenant and its owner",
      description:
        "Answers the same whether or not the address has an account, and mails it either a one-use link (POST /auth/signup/confirm, where the password is chosen) or a note that it already has an account. Takes no password: whoever asks need not own the address. Limited per client IP (10 in 10 minutes) and per address (5 an hour).",
      request: { body: jsonBody(SignupBody) },
      responses: {
        202: jsonOk(SignupRequested, "Accepted"),
        422: errorResponses[422],
        429: errorResponses[429],
      },
    }),
    async (c) => {
      const input = { ...c.req.valid("json"), origin: new URL(c.req.url).origin, ip: clientIp(c) };
      await signup.requestSignup(c.get("db"), mailerFor(c), input, (work) =>
        c.executionCtx.waitUntil(work),
      );
      return c.json({ message: SIGNUP_REQUESTED }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/signup/confirm",
      tags,
      summary: "Create the tenant and its owner with a sign-up link",
      description:
        "Single use, for 24 hours; whoever holds the link chooses the password here. A refused password leaves the link usable. Signs the new owner in.",
      request: { body: jsonBody(SignupConfirmBody) },
      responses: {
        201: jsonOk(SessionResult, "Signed up; session cookie set"),
        404: errorResponses[404],
        422: errorResponses[422],
      },
    }),
    async (c) => {
      const { token, ...result } = await signup.confirmSignup(
        c.get("db"),
        c.env,
        c.req.valid("json"),
        userAgentOf(c),
      );
      startSession(c, token);
      return c.json(result, 201);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/login",
      tags,
      summary: "Sign in with email and password",
      description:
        "Throttled per IP (50 / 15 min), per account and source (10 / 15 min) and per account from unknown browsers (30 / 15 min); a browser that signed in before is not held by the per-account lock.",
      request: { body: jsonBody(LoginBody) },
      responses: { 200: jsonOk(SessionResult), 401: errorResponses[401], 429: errorResponses[429] },
    }),
    async (c) => {
      const client = {
        ip: clientIp(c),
        userAgent: userAgentOf(c),
        deviceCookie: getCookie(c, DEVICE_COOKIE),
      };
      const { token, deviceCookie, ...result } = await accounts.login(
        c.get("db"),
        c.env,
        c.req.valid("json"),
        client,
      );
      startSession(c, token);
      rememberDevice(c, deviceCookie);
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/logout",
      tags,
      summary: "End the current session",
      responses: { 204: { description: "Signed out" } },
    }),
    async (c) => {
      await endSession(c.get("db"), getCookie(c, SESSION_COOKIE));
      endSessionCookie(c);
      return c.body(null, 204);
    },
  );

export const meRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/",
    tags,
    summary: "The caller, their role and tenant",
    middleware: [requireRole("viewer")] as const,
    responses: { 200: jsonOk(MeResult), 401: errorResponses[401] },
  }),
  async (c) => c.json(await accounts.me(c.get("db"), authOf(c)), 200),
);

export const inviteAcceptRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/preview",
      tags,
      summary: "Whose team a pending invite is for, and who sent it",
      request: { query: InvitePreviewQuery },
      responses: { 200: jsonOk(InvitePreview), 404: errorResponses[404] },
    }),
    async (c) => c.json(await accounts.invitePreview(c.get("db"), c.req.valid("query").token), 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/accept",
      tags,
      summary: "Accept an invite with a password",
      request: { body: jsonBody(AcceptInviteBody) },
      responses: { 201: jsonOk(SessionResult), 404: errorResponses[404], 409: errorResponses[422] },
    }),
    async (c) => {
      const { token, ...result } = await accounts.acceptInvite(
        c.get("db"),
        mailerFor(c),
        c.req.valid("json"),
        userAgentOf(c),
      );
      startSession(c, token);
      return c.json(result, 201);
    },
  );
