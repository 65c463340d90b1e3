import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addMember, call, errorOf, sessionCookie, signupTenant, uniqueEmail } from "./helpers";

async function count(table: string): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
  return row?.n ?? 0;
}

describe("accounts", () => {
  it("should store passwords as PBKDF2 with at least 100,000 iterations", async () => {
    const owner = await signupTenant();
    const row = await env.DB.prepare("SELECT password_hash FROM users WHERE id = ?")
      .bind(owner.userId)
      .first<{ password_hash: string }>();
    const [scheme, iterations] = row!.password_hash.split("$");
    expect(scheme).toBe("pbkdf2");
    expect(Number(iterations)).toBeGreaterThanOrEqual(100_000);
  });

  it("should answer malformed JSON, wrong types and unknown fields with the one error shape", async () => {
    const before = await count("users");
    const bad = await call("POST", "/api/auth/signup", {
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("INVALID_JSON");
    const types = await call("POST", "/api/auth/signup", { body: { email: 42, company: [] } });
    expect(types.status).toBe(422);
    const err = await errorOf(types);
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(err.details)).toMatch(/email/);
    const unknown = await call("POST", "/api/auth/signup", {
      body: { email: uniqueEmail(), company: "X", isAdmin: true },
    });
    expect(unknown.status).toBe(422);
    // The password is chosen on the confirm page: asking with one is an unknown field too.
    const withPassword = await call("POST", "/api/auth/signup", {
      body: { email: uniqueEmail(), password: "correct horse battery", company: "X" },
    });
    expect(withPassword.status).toBe(422);
    expect(await count("users")).toBe(before);
  });

  it("should refuse bodies over the size limit with 413", async () => {
    const res = await call("POST", "/api/auth/signup", {
      rawBody: JSON.stringify({ email: "a@b.co", company: "x".repeat(2_000_000) }),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("should log in, reject a wrong password, and log out", async () => {
    const owner = await signupTenant();
    const wrong = await call("POST", "/api/auth/login", {
      body: { email: owner.email, password: "not the password" },
    });
    expect(wrong.status).toBe(401);
    expect((await errorOf(wrong)).code).toBe("INVALID_CREDENTIALS");
    const unknown = await call("POST", "/api/auth/login", {
      body: { email: uniqueEmail(), password: "whatever it is" },
    });
    expect((await errorOf(unknown)).message).toBe("Email or password is wrong.");
    const ok = await call("POST", "/api/auth/login", {
      body: { email: owner.email, password: "correct horse battery" },
    });
    expect(ok.status).toBe(200);
    const cookie = sessionCookie(ok);
    expect((await call("GET", "/api/me", { cookie })).status).toBe(200);
    expect((await call("POST", "/api/auth/logout", { cookie })).status).toBe(204);
    expect((await call("GET", "/api/me", { cookie })).status).toBe(401);
  });

  it("should rate-limit repeated failed logins per account with 429 and Retry-After", async () => {
    const owner = await signupTenant();
    for (let i = 0; i < 10; i++) {
      expect(
        (
          await call("POST", "/api/auth/login", {
            body: { email: owner.email, password: `wrong-${i}` },
          })
        ).status,
      ).toBe(401);
    }
    const limited = await call("POST", "/api/auth/login", {
      body: { email: owner.email, password: "correct horse battery" },
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("should rate-limit failed logins per IP across accounts", async () => {
    const headers = { "cf-connecting-ip": `203.0.113.${Math.floor(Math.random() * 250)}` };
    let last = 0;
    for (let i = 0; i < 51; i++)
      last = (
        await call("POST", "/api/auth/login", {
          body: { email: uniqueEmail(), password: "nope nope" },
          headers,
        })
      ).status;
    expect(last).toBe(429);
  });

  it("should reject forged and expired sessions with 401", async () => {
    expect(
      (await call("GET", "/api/me", { cookie: "edgedesk_session=forged-token-value" })).status,
    ).toBe(401);
    const owner = await signupTenant();
    await env.DB.prepare("UPDATE sessions SET expires_at = 1 WHERE user_id = ?")
      .bind(owner.userId)
      .run();
    const res = await call("GET", "/api/me", { cookie: owner.cookie });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("UNAUTHENTICATED");
  });
});

describe("team and roles", () => {
  it("should invite a teammate who accepts with a password and gets the invited role", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const me = (await (await call("GET", "/api/me", { cookie: agent.cookie })).json()) as {
      role: string;
      tenant: { id: string };
    };
    expect(me).toMatchObject({ role: "agent", tenant: { id: owner.tenantId } });
    const audit = (await (await call("GET", "/api/audit", { cookie: owner.cookie })).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(["invite.created", "invite.accepted"]),
    );
  });

  it("should refuse a used invite token", async () => {
    const owner = await signupTenant();
    const inv = await call("POST", "/api/invites", {
      cookie: owner.cookie,
      body: { email: uniqueEmail("a"), role: "agent" },
    });
    const { token } = (await inv.json()) as { token: string };
    expect(
      (
        await call("POST", "/api/invites/accept", {
          body: { token, password: "another good password" },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call("POST", "/api/invites/accept", {
          body: { token, password: "another good password" },
        })
      ).status,
    ).toBe(404);
  });

  it("should preview a pending invite by its token (company, inviter) and answer 404 once it is used, 422 for no token", async () => {
    const owner = await signupTenant();
    const email = uniqueEmail("p");
    const { token } = (await (
      await call("POST", "/api/invites", { cookie: owner.cookie, body: { email, role: "agent" } })
    ).json()) as { token: string };
    const preview = await call("GET", `/api/invites/preview?token=${token}`);
    expect(preview.status).toBe(200);
    const me = (await (await call("GET", "/api/me", { cookie: owner.cookie })).json()) as {
      tenant: { name: string };
      user: { name: string; email: string };
    };
    expect(await preview.json()).toEqual({
      company: me.tenant.name,
      inviter: me.user.name || me.user.email,
      email,
      role: "agent",
    });
    expect(
      (
        await call("POST", "/api/invites/accept", {
          body: { token, password: "another good password" },
        })
      ).status,
    ).toBe(201);
    expect((await call("GET", `/api/invites/preview?token=${token}`)).status).toBe(404);
    expect((await call("GET", "/api/invites/preview")).status).toBe(422);
  });

  it("should forbid an agent from admin routes with 403 and change nothing", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const res = await call("POST", "/api/invites", {
      cookie: agent.cookie,
      body: { email: uniqueEmail(), role: "admin" },
    });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe("FORBIDDEN");
    const promote = await call("PATCH", `/api/users/${agent.userId}`, {
      cookie: agent.cookie,
      body: { role: "owner" },
    });
    expect(promote.status).toBe(403);
    const role = await env.DB.prepare("SELECT role FROM users WHERE id = ?")
      .bind(agent.userId)
      .first<{ role: string }>();
    expect(role?.role).toBe("agent");
  });

  it("should return 404, never the data, when tenant A names tenant B's ids", async () => {
    const a = await signupTenant("A");
    const b = await signupTenant("B");
    const bAgent = await addMember(b, "agent");
    const res = await call("PATCH", `/api/users/${bAgent.userId}`, {
      cookie: a.cookie,
      body: { capacity: 1 },
    });
    expect(res.status).toBe(404);
    const users = (await (await call("GET", "/api/users", { cookie: a.cookie })).json()) as {
      users: { id: string }[];
    };
    expect(users.users.map((u) => u.id)).toEqual([a.userId]);
    const key = (await (
      await call("POST", "/api/api-keys", { cookie: b.cookie, body: { name: "b" } })
    ).json()) as { apiKey: { id: string } };
    expect(
      (await call("DELETE", `/api/api-keys/${key.apiKey.id}`, { cookie: a.cookie })).status,
    ).toBe(404);
  });

  it("should store an agent's routing skills, normalised and deduplicated, and refuse anything that is not a code", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const res = await call("PATCH", `/api/users/${agent.userId}`, {
      cookie: owner.cookie,
      body: { skills: ["ES", "whatsapp", "es"] },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { skills: string[] } }).user.skills).toEqual([
      "es",
      "whatsapp",
    ]);
    for (const skills of [["<b>"], ["x"], Array.from({ length: 21 }, (_, i) => `s${i}x`)]) {
      const bad = await call("PATCH", `/api/users/${agent.userId}`, {
        cookie: owner.cookie,
        body: { skills },
      });
      expect(bad.status).toBe(422);
    }
    expect(
      (
        await call("PATCH", `/api/users/${agent.userId}`, {
          cookie: agent.cookie,
          body: { skills: ["de"] },
        })
      ).status,
    ).toBe(403);
    const users = (await (await call("GET", "/api/users", { cookie: owner.cookie })).json()) as {
      users: { id: string; skills: string[] }[];
    };
    expect(users.users.find((u) => u.id === agent.userId)?.skills).toEqual(["es", "whatsapp"]);
  });

  it("should keep at least one owner", async () => {
    const owner = await signupTenant();
    const res = await call("PATCH", `/api/users/${owner.userId}`, {
      cookie: owner.cookie,
      body: { role: "admin" },
    });
    expect(res.status).toBe(409);
  });
});

describe("api keys", () => {
  it("should show a key once, store only its hash, authenticate with it, and stop after revocation", async () => {
    const owner = await signupTenant();
    const res = await call("POST", "/api/api-keys", {
      cookie: owner.cookie,
      body: { name: "crm", role: "agent" },
    });
    expect(res.status).toBe(201);
    const { key, apiKey } = (await res.json()) as { key: string; apiKey: { id: string } };
    expect(key).toMatch(/^edk_/);
    const stored = await env.DB.prepare("SELECT key_hash FROM api_keys WHERE id = ?")
      .bind(apiKey.id)
      .first<{ key_hash: string }>();
    expect(stored?.key_hash).not.toContain(key);
    const list = await (await call("GET", "/api/api-keys", { cookie: owner.cookie })).text();
    expect(list).not.toContain(key);
    const me = await call("GET", "/api/me", { headers: { authorization: `Bearer ${key}` } });
    expect(((await me.json()) as { role: string }).role).toBe("agent");
    expect(
      (await call("DELETE", `/api/api-keys/${apiKey.id}`, { cookie: owner.cookie })).status,
    ).toBe(204);
    expect(
      (await call("GET", "/api/me", { headers: { authorization: `Bearer ${key}` } })).status,
    ).toBe(401);
  });
});

describe("platform", () => {
  it("should serve /healthz, the OpenAPI document and the reference page", async () => {
    expect((await call("GET", "/healthz")).status).toBe(200);
    const doc = (await (await call("GET", "/api/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/auth/signup", "/api/auth/login", "/api/invites", "/api/me"]),
    );
    const page = await call("GET", "/api/docs");
    expect(await page.text()).toContain("/api/auth/signup");
  });

  it("should answer unknown routes with a 404 in the error shape and a request id", async () => {
    const res = await call("GET", "/api/nope");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("NOT_FOUND");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });
});
