import { createRoute } from "@hono/zod-openapi";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { authOf, requireRole, SESSION_COOKIE } from "../middleware/auth";
import { createRouter, errorResponses, jsonBody, jsonOk } from "../lib/router";
import * as accounts from "../services/accounts";
import { AcceptInviteBody, LoginBody, MeResult, SessionResult, SignupBody } from "../wire/accounts";

const tags = ["Accounts"];

function startSession(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: accounts.SESSION_TTL_MS / 1000 });
}

export const clientIp = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "local";

export const authRoutes = createRouter()
  .openapi(
    createRoute({ method: "post", path: "/auth/signup", tags, summary: "Create a tenant and its owner", request: { body: jsonBody(SignupBody) }, responses: { 201: jsonOk(SessionResult, "Signed up; session cookie set"), 409: errorResponses[422], 422: errorResponses[422] } }),
    async (c) => {
      const { token, ...result } = await accounts.signup(c.get("db"), c.env, c.req.valid("json"));
      startSession(c, token);
      return c.json(result, 201);
    },
  )
  .openapi(
    createRoute({ method: "post", path: "/auth/login", tags, summary: "Sign in with email and password", request: { body: jsonBody(LoginBody) }, responses: { 200: jsonOk(SessionResult), 401: errorResponses[401], 429: errorResponses[429] } }),
    async (c) => {
      const { token, ...result } = await accounts.login(c.get("db"), c.req.valid("json"), clientIp(c));
      startSession(c, token);
      return c.json(result, 200);
    },
  )
  .openapi(
    createRoute({ method: "post", path: "/auth/logout", tags, summary: "End the current session", responses: { 204: { description: "Signed out" } } }),
    async (c) => {
      await accounts.logout(c.get("db"), getCookie(c, SESSION_COOKIE));
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/me", tags, summary: "The caller, their role and tenant", middleware: [requireRole("viewer")] as const, responses: { 200: jsonOk(MeResult), 401: errorResponses[401] } }),
    async (c) => c.json(await accounts.me(c.get("db"), authOf(c)), 200),
  )
  .openapi(
    createRoute({ method: "post", path: "/invites/accept", tags, summary: "Accept an invite with a password", request: { body: jsonBody(AcceptInviteBody) }, responses: { 201: jsonOk(SessionResult), 404: errorResponses[404], 409: errorResponses[422] } }),
    async (c) => {
      const { token, ...result } = await accounts.acceptInvite(c.get("db"), c.req.valid("json"));
      startSession(c, token);
      return c.json(result, 201);
    },
  );

