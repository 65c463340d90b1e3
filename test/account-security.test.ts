import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  addMember,
  call,
  errorOf,
  sessionCookie,
  signupTenant,
  uniqueEmail,
  type Caller,
} from "./helpers";

const PASSWORD = "correct horse battery";
let ipCounter = 0;
/** A fresh source address per call, so tests never share an IP's window. */
const freshIp = () => `198.51.${Math.floor(Math.random() * 250)}.${++ipCounter % 250}`;

function login(email: string, password: string, ip: string, cookie?: string): Promise<Response> {
  return call("POST", "/api/auth/login", {
    body: { email, password },
    headers: { "cf-connecting-ip": ip },
    cookie,
  });
}

const statuses = (responses: Response[]) => responses.map((r) => r.status);
const countOf = (list: number[], status: number) => list.filter((s) => s === status).length;

/** The long-lived device cookie a successful login leaves in the browser. */
function deviceCookie(res: Response): string {
  const m = (res.headers.get("set-cookie") ?? "").match(/edgedesk_device=([^;]+)/);
  if (!m) throw new Error(`no device cookie in ${res.status} response`);
  return `edgedesk_device=${m[1]}`;
}

describe("login throttling", () => {
  it("should let at most 10 of 40 parallel wrong passwords from one source be checked, and refuse the rest with 429", async () => {
    const owner = await signupTenant();
    const ip = freshIp();
    const results = statuses(
      await Promise.all(Array.from({ length: 40 }, (_, i) => login(owner.email, `wrong-${i}`, ip))),
    );
    expect(countOf(results, 401)).toBe(10);
    expect(countOf(results, 429)).toBe(30);
    // The correct password from the same source is refused too while its window lasts.
    const after = await login(owner.email, PASSWORD, ip);
    expect(after.status).toBe(429);
    expect(Number(after.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another source is not locked out by this one's failures.
    expect((await login(owner.email, PASSWORD, freshIp())).status).toBe(200);
  });

  it("should cap failures per IP across accounts at 50, atomically", async () => {
    const ip = freshIp();
    const results = statuses(
      await Promise.all(
        Array.from({ length: 60 }, () => login(uniqueEmail(), "nope nope nope", ip)),
      ),
    );
    expect(countOf(results, 401)).toBe(50);
    expect(countOf(results, 429)).toBe(10);
  });

  it("should lock an account attacked from many sources, but let a known device with the right password in", async () => {
    const owner = await signupTenant();
    const known = await login(owner.email, PASSWORD, freshIp());
    expect(known.status).toBe(200);
    const device = deviceCookie(known);
    const results = statuses(
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => login(owner.email, `guess-${i}`, freshIp())),
      ),
    );
    expect(countOf(results, 401)).toBe(30);
    expect(countOf(results, 429)).toBe(10);
    // An unknown browser from a fresh address is refused before its password is checked…
    expect((await login(owner.email, PASSWORD, freshIp())).status).toBe(429);
    // …and a wrong password from the known device is refused, not a way in.
    expect((await login(owner.email, "still not it", freshIp(), device)).status).toBe(401);
    // The known device, with the right password, signs in despite the lock.
    const ok = await login(owner.email, PASSWORD, freshIp(), device);
    expect(ok.status).toBe(200);
    expect((await call("GET", "/api/me", { cookie: sessionCookie(ok) })).status).toBe(200);
  });

  it("should not accept a device cookie made for another account or tampered with", async () => {
    const a = await signupTenant();
    const b = await signupTenant();
    const deviceOfA = deviceCookie(await login(a.email, PASSWORD, freshIp()));
    await Promise.all(
      Array.from({ length: 31 }, (_, i) => login(b.email, `guess-${i}`, freshIp())),
    );
    expect((await login(b.email, PASSWORD, freshIp(), deviceOfA)).status).toBe(429);
    expect((await login(b.email, PASSWORD, freshIp(), `${deviceOfA.slice(0, -2)}xx`)).status).toBe(
      429,
    );
  });
});

describe("API keys of a disabled user", () => {
  it("should revoke the keys a user created when they are disabled, and list that in the audit log", async () => {
    const owner = await signupTenant();
    const admin = await addMember(owner, "admin");
    const made = (await (
      await call("POST", "/api/api-keys", {
        cookie: admin.cookie,
        body: { name: "admin's crm", role: "agent" },
      })
    ).json()) as { key: string; apiKey: { id: string } };
    const ownersKey = (await (
      await call("POST", "/api/api-keys", {
        cookie: owner.cookie,
        body: { name: "owner's", role: "agent" },
      })
    ).json()) as { key: string };
    // A key made with the admin's key is theirs too.
    const chained = (await (
      await call("POST", "/api/api-keys", {
        headers: { authorization: `Bearer ${(await adminKey(admin)).key}` },
        body: { name: "chained", role: "viewer" },
      })
    ).json()) as { key: string };
    const bearer = (key: string) =>
      call("GET", "/api/me", { headers: { authorization: `Bearer ${key}` } });
    expect((await bearer(made.key)).status).toBe(200);
    expect((await bearer(chained.key)).status).toBe(200);

    expect(
      (
        await call("PATCH", `/api/users/${admin.userId}`, {
          cookie: owner.cookie,
          body: { status: "disabled" },
        })
      ).status,
    ).toBe(200);
    expect((await bearer(made.key)).status).toBe(401);
    expect((await bearer(chained.key)).status).toBe(401);
    expect((await bearer(ownersKey.key)).status).toBe(200);
    const audit = (await (await call("GET", "/api/audit", { cookie: owner.cookie })).json()) as {
      entries: { action: string; targetId: string; data: { reason?: string } }[];
    };
    const revoked = audit.entries.filter((e) => e.action === "api_key.revoked");
    expect(revoked.map((e) => e.targetId)).toContain(made.apiKey.id);
    expect(revoked.every((e) => e.data.reason === "creator_disabled")).toBe(true);
  });
});

describe("API keys of a demoted user", () => {
  it("should revoke only the keys that outrank the user's new role", async () => {
    const owner = await signupTenant();
    const admin = await addMember(owner, "admin");
    const strong = await adminKey(admin);
    const weak = (await (
      await call("POST", "/api/api-keys", {
        cookie: admin.cookie,
        body: { name: "reports", role: "agent" },
      })
    ).json()) as { key: string };
    const bearer = (key: string) =>
      call("GET", "/api/me", { headers: { authorization: `Bearer ${key}` } });
    expect(
      (
        await call("PATCH", `/api/users/${admin.userId}`, {
          cookie: owner.cookie,
          body: { role: "agent" },
        })
      ).status,
    ).toBe(200);
    expect((await bearer(strong.key)).status).toBe(401);
    expect((await bearer(weak.key)).status).toBe(200);
    const audit = (await (await call("GET", "/api/audit", { cookie: owner.cookie })).json()) as {
      entries: { action: string; data: { reason?: string } }[];
    };
    expect(
      audit.entries.filter((e) => e.action === "api_key.revoked").map((e) => e.data.reason),
    ).toEqual(["creator_demoted"]);
  });
});

async function adminKey(admin: Caller): Promise<{ key: string }> {
  const res = await call("POST", "/api/api-keys", {
    cookie: admin.cookie,
    body: { name: "admin key", role: "admin" },
  });
  return (await res.json()) as { key: string };
}

describe("invites are not an email oracle", () => {
  it("should answer an invite for an address registered in another tenant exactly like one for a new address", async () => {
    const other = await signupTenant("Other");
    const admin = await signupTenant("Prober");
    const taken = await call("POST", "/api/invites", {
      cookie: admin.cookie,
      body: { email: other.email, role: "agent" },
    });
    const fresh = await call("POST", "/api/invites", {
      cookie: admin.cookie,
      body: { email: uniqueEmail(), role: "agent" },
    });
    expect(taken.status).toBe(201);
    expect(fresh.status).toBe(201);
    const shape = (body: unknown) =>
      JSON.stringify(body, (_k, v: unknown) =>
        typeof v === "string" ? "s" : typeof v === "number" ? 0 : v,
      );
    expect(shape(await taken.json())).toBe(shape(await fresh.json()));
    // The other tenant's user is untouched.
    const row = await env.DB.prepare("SELECT tenant_id FROM users WHERE email = ?")
      .bind(other.email)
      .first<{ tenant_id: string }>();
    expect(row?.tenant_id).toBe(other.tenantId);
  });

  it("should still tell an admin that someone is already on their own team", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const res = await call("POST", "/api/invites", {
      cookie: owner.cookie,
      body: { email: agent.email, role: "agent" },
    });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("EMAIL_TAKEN");
  });
});
