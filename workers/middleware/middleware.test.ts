/**
 * Each middleware on its own, through `app.request()` on a two-route app (as Hono's own tests do):
 * what it sets, what it answers, and what it writes.
 */
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppEnv } from "../app-env";
import { ApiError, errorResponse } from "../lib/errors";
import { sha256Hex } from "../lib/crypto";
import { authenticate, requireRole, SESSION_COOKIE } from "./auth";
import { requestContext } from "./request-context";

function testApp() {
  const app = new Hono<AppEnv>();
  app.use("*", requestContext());
  app.use("*", authenticate());
  app.get("/who", (c) => c.json({ auth: c.get("auth"), requestId: c.get("requestId") }));
  app.get("/agents-only", requireRole("agent"), (c) => c.json({ ok: true }));
  app.onError((err) =>
    err instanceof ApiError
      ? errorResponse(err.code, err.message)
      : errorResponse("INTERNAL", String(err)),
  );
  return app;
}

const stamp = crypto.randomUUID().slice(0, 8);
const tenantId = `t_mw_${stamp}`;
const cookies = {
  agent: `c_agent_${stamp}_xxxxxxxxxxxx`,
  viewer: `c_viewer_${stamp}_xxxxxxxxxxx`,
  expired: `c_expired_${stamp}_xxxxxxxxxx`,
  disabled: `c_disabled_${stamp}_xxxxxxxxx`,
};
const apiKey = `edk_mwtest_${stamp}_abcdefghijklmnop`;
const revokedKey = `edk_mwrevoked_${stamp}_abcdefghijkl`;

beforeAll(async () => {
  const now = Date.now();
  const db = env.DB;
  await db.batch([
    db
      .prepare(
        "INSERT INTO tenants (id, name, public_key, settings, created_at) VALUES (?, ?, ?, '{}', ?)",
      )
      .bind(tenantId, "Middleware Shop", `pk_mw_${stamp}`, now),
    ...(["agent", "viewer", "disabled"] as const).map((who) =>
      db
        .prepare(
          "INSERT INTO users (id, tenant_id, email, name, password_hash, role, status, created_at) VALUES (?, ?, ?, ?, 'x', ?, ?, ?)",
        )
        .bind(
          `u_${who}_${stamp}`,
          tenantId,
          `${who}.${stamp}@mw.test`,
          who,
          who === "viewer" ? "viewer" : "agent",
          who === "disabled" ? "disabled" : "active",
          now,
        ),
    ),
  ]);
  const session = async (cookie: string, user: string, expiresAt: number) =>
    db
      .prepare(
        "INSERT INTO sessions (id, user_id, tenant_id, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
      )
      .bind(await sha256Hex(cookie), `u_${user}_${stamp}`, tenantId, expiresAt, now);
  const key = async (raw: string, revokedAt: number | null) =>
    db
      .prepare(
        "INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, role, created_by, created_at, revoked_at) VALUES (?, ?, 'k', ?, ?, 'admin', ?, ?, ?)",
      )
      .bind(
        `k_${raw.slice(4, 20)}`,
        tenantId,
        raw.slice(0, 12),
        await sha256Hex(raw),
        `u_agent_${stamp}`,
        now,
        revokedAt,
      );
  await db.batch([
    await session(cookies.agent, "agent", now + 3_600_000),
    await session(cookies.viewer, "viewer", now + 3_600_000),
    await session(cookies.expired, "agent", now - 1),
    await session(cookies.disabled, "disabled", now + 3_600_000),
    await key(apiKey, null),
    await key(revokedKey, now),
  ]);
});

const who = async (headers: Record<string, string> = {}) => {
  const res = await testApp().request("/who", { headers }, env);
  return {
    res,
    body: (await res.json()) as {
      auth: { userId: string | null; role: string; apiKeyId: string | null } | null;
      requestId: string;
    },
  };
};

describe("requestContext", () => {
  it("should echo a well-formed X-Request-Id and replace a malformed one", async () => {
    const kept = await who({ "x-request-id": "req-abc.12345" });
    expect(kept.res.headers.get("x-request-id")).toBe("req-abc.12345");
    expect(kept.body.requestId).toBe("req-abc.12345");
    const replaced = await who({ "x-request-id": "bad id <script>" });
    expect(replaced.res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("authenticate", () => {
  it("should leave an anonymous caller anonymous", async () => {
    expect((await who()).body.auth).toBeNull();
  });

  it("should resolve a live session cookie to its user and role", async () => {
    const { body } = await who({ cookie: `${SESSION_COOKIE}=${cookies.agent}` });
    expect(body.auth).toMatchObject({ userId: `u_agent_${stamp}`, role: "agent", apiKeyId: null });
  });

  it("should refuse an expired session, a disabled user's session and an over-long cookie", async () => {
    for (const cookie of [cookies.expired, cookies.disabled, "x".repeat(201)])
      expect(
        (await who({ cookie: `${SESSION_COOKIE}=${cookie}` })).body.auth,
        cookie.slice(0, 12),
      ).toBeNull();
  });

  it("should resolve a live API key with its own role and record its use; a revoked key is anonymous", async () => {
    const { body } = await who({ authorization: `Bearer ${apiKey}` });
    expect(body.auth).toMatchObject({
      role: "admin",
      userId: null,
      apiKeyId: `k_${apiKey.slice(4, 20)}`,
    });
    const used = await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE id = ?")
      .bind(`k_${apiKey.slice(4, 20)}`)
      .first<{ last_used_at: number | null }>();
    expect(used?.last_used_at).toBeGreaterThan(0);
    expect((await who({ authorization: `Bearer ${revokedKey}` })).body.auth).toBeNull();
  });
});

describe("requireRole", () => {
  it("should answer 401 without a caller and 403 below the role, in the one error shape", async () => {
    const anon = await testApp().request("/agents-only", {}, env);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
    const viewer = await testApp().request(
      "/agents-only",
      { headers: { cookie: `${SESSION_COOKIE}=${cookies.viewer}` } },
      env,
    );
    expect(viewer.status).toBe(403);
    expect(((await viewer.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    const agent = await testApp().request(
      "/agents-only",
      { headers: { cookie: `${SESSION_COOKIE}=${cookies.agent}` } },
      env,
    );
    expect(agent.status).toBe(200);
  });
});
