import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../workers/lib/crypto";
import {
  call,
  callLocal,
  errorOf,
  mailTo,
  sessionCookie,
  SIGNUP_CONFIRM_SUBJECT,
  signupLinkToken,
  signupTenant,
  testIp,
  uniqueEmail,
} from "./helpers";
import { SIGNUP_IP_LIMIT } from "../workers/services/signup";

const PASSWORD = "correct horse battery";

/** Asks to sign up on loopback, from a client address of its own unless one is given. */
const ask = (body: Record<string, unknown>, ip = testIp()) =>
  callLocal("POST", "/api/auth/signup", body, { "cf-connecting-ip": ip });
const INVALID_LINK = {
  code: "NOT_FOUND",
  message: "This sign-up link is invalid, used or expired.",
};

async function count(sql: string, ...args: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${sql}`)
    .bind(...args)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Asks to sign `email` up on loopback and returns the token from the confirmation mail. */
async function askToken(email: string, company = "Verified Shop"): Promise<string> {
  const mails = () => count("mail_outbox WHERE to_address = ?", email);
  const before = await mails();
  expect((await ask({ email, company })).status).toBe(202);
  for (let i = 0; i < 200 && (await mails()) === before; i++)
    await new Promise((r) => setTimeout(r, 25));
  return signupLinkToken((await mailTo(email, SIGNUP_CONFIRM_SUBJECT)).text);
}

const confirm = (token: string, password = PASSWORD) =>
  call("POST", "/api/auth/signup/confirm", { body: { token, password } });

describe("POST /api/auth/signup", () => {
  it("should answer a registered and a new address alike, and create nothing before the link is used", async () => {
    const owner = await signupTenant();
    const fresh = uniqueEmail();
    const [tenants, users] = [await count("tenants"), await count("users")];
    const taken = await ask({
      email: owner.email.toUpperCase(),
      company: "Prober",
    });
    const free = await ask({ email: fresh, company: "New Shop" });
    expect([taken.status, free.status]).toEqual([202, 202]);
    expect(await taken.text()).toBe(await free.text());
    expect([...taken.headers.keys()].sort()).toEqual([...free.headers.keys()].sort());
    expect(taken.headers.get("set-cookie")).toBeNull();

    // Both mails arrive: the account's owner is told to sign in, the new address gets a link.
    const notice = await mailTo(owner.email, /already have/);
    expect(notice.text).toContain("/app/#/login");
    expect(notice.text).toContain("/app/#/forgot");
    expect(notice.text).not.toMatch(/signup\/confirm/);
    const token = signupLinkToken((await mailTo(fresh, SIGNUP_CONFIRM_SUBJECT)).text);

    expect(await count("tenants")).toBe(tenants);
    expect(await count("users")).toBe(users);
    expect(await count("users WHERE email = ?", fresh)).toBe(0);
    // Only the token's SHA-256 is kept, and no password: the one who holds the link chooses it.
    const row = await env.DB.prepare("SELECT * FROM signup_requests WHERE email = ?")
      .bind(fresh)
      .first<Record<string, unknown>>();
    expect(row?.token_hash).toBe(await sha256Hex(token));
    expect(Object.keys(row ?? {}).filter((k) => /password/.test(k))).toEqual([]);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("should limit requests per address alike, whether or not it has an account", async () => {
    const registered = (await signupTenant()).email;
    const fresh = uniqueEmail();
    const statuses = async (email: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await ask({ email, company: "Again" })).status);
      return out;
    };
    // The registered address's own sign-up was the first of its five an hour.
    expect(await statuses(registered, 5)).toEqual([202, 202, 202, 202, 429]);
    expect(await statuses(fresh, 6)).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it("should limit requests per client IP: the 11th in ten minutes is a 429 that mails nothing, another IP is unaffected", async () => {
    expect(SIGNUP_IP_LIMIT).toEqual({ max: 10, windowMs: 10 * 60_000 });
    const ip = testIp();
    const emails = Array.from({ length: SIGNUP_IP_LIMIT.max + 1 }, () => uniqueEmail("ip"));
    const statuses: number[] = [];
    for (const email of emails.slice(0, -1))
      statuses.push((await ask({ email, company: "Busy Shop" }, ip)).status);
    expect(statuses).toEqual(Array(SIGNUP_IP_LIMIT.max).fill(202));
    const last = emails.at(-1)!;
    const limited = await ask({ email: last, company: "Busy Shop" }, ip);
    expect(limited.status).toBe(429);
    expect((await errorOf(limited)).code).toBe("RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another address's request goes through; its mail arriving means the limited one's would have too.
    const other = uniqueEmail("ip");
    const token = await askToken(other);
    expect(token).toBeTruthy();
    expect(await count("mail_outbox WHERE to_address = ?", last)).toBe(0);
    expect(await count("signup_requests WHERE email = ?", last)).toBe(0);
    for (const email of emails.slice(0, -1)) await mailTo(email, SIGNUP_CONFIRM_SUBJECT);
  });

  it("should refuse bad input, and a password (chosen on the confirm page), with 422 and mail nothing", async () => {
    const email = uniqueEmail();
    for (const body of [
      { email, company: "" },
      { email, password: PASSWORD, company: "X" },
    ]) {
      const res = await ask(body);
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
    }
    // A later request for the same address is mailed: the first one would have been too by now.
    await askToken(email);
    expect(await count("mail_outbox WHERE to_address = ?", email)).toBe(1);
  });
});

describe("POST /api/auth/signup/confirm", () => {
  it("should create the tenant, its owner and web-widget channel, and sign in with a secure cookie", async () => {
    const email = uniqueEmail();
    const res = await confirm(await askToken(email, "Acme"));
    expect(res.status).toBe(201);
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const body = (await res.json()) as {
      tenant: { id: string; name: string };
      user: { role: string; email: string };
    };
    expect(body.user).toMatchObject({ role: "owner", email });
    expect(body.tenant.name).toBe("Acme");
    expect(JSON.stringify(body)).not.toMatch(/password/i);
    const me = await call("GET", "/api/me", { cookie: sessionCookie(res) });
    expect(((await me.json()) as { tenant: { id: string } }).tenant.id).toBe(body.tenant.id);
    const widget = await env.DB.prepare("SELECT type FROM channels WHERE tenant_id = ?")
      .bind(body.tenant.id)
      .all();
    expect(widget.results).toEqual([{ type: "widget" }]);
    // The password chosen with the link is the one that signs in.
    expect(
      (await call("POST", "/api/auth/login", { body: { email, password: PASSWORD } })).status,
    ).toBe(200);
  });

  it("should not let whoever asked for the sign-up choose the password of the account it creates", async () => {
    const victim = uniqueEmail();
    const requester = "the requester's password";
    // Someone who knows the address asks, trying to slip in a password of theirs: refused outright.
    expect(
      (
        await ask({
          email: victim,
          password: requester,
          company: "Trap",
        })
      ).status,
    ).toBe(422);
    // Asking without one still mails the address; its owner confirms and chooses the password.
    const token = await askToken(victim, "Trap");
    expect((await confirm(token, "the victim's own password")).status).toBe(201);
    const login = (password: string) =>
      call("POST", "/api/auth/login", { body: { email: victim, password } });
    expect((await login(requester)).status).toBe(401);
    expect((await login("the victim's own password")).status).toBe(200);
  });

  it("should refuse a missing or weak password with 422 and leave the link usable", async () => {
    const email = uniqueEmail();
    const token = await askToken(email);
    for (const body of [{ token }, { token, password: "short" }, { token, password: "" }]) {
      const res = await call("POST", "/api/auth/signup/confirm", { body });
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
      expect(res.headers.get("set-cookie")).toBeNull();
    }
    expect(await count("users WHERE email = ?", email)).toBe(0);
    expect(await count("signup_requests WHERE email = ? AND used_at IS NULL", email)).toBe(1);
    expect((await confirm(token)).status).toBe(201);
  });

  it("should refuse a link used twice with the one error shape, and create nothing the second time", async () => {
    const token = await askToken(uniqueEmail());
    expect((await confirm(token)).status).toBe(201);
    const tenants = await count("tenants");
    const again = await confirm(token);
    expect(again.status).toBe(404);
    expect(await errorOf(again)).toEqual(INVALID_LINK);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await count("tenants")).toBe(tenants);
  });

  it("should create one tenant when the link is submitted twice at once", async () => {
    const email = uniqueEmail();
    const token = await askToken(email);
    const statuses = (await Promise.all([confirm(token), confirm(token)]))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([201, 404]);
    expect(await count("users WHERE email = ?", email)).toBe(1);
  });

  it("should refuse an expired link with the same error and create nothing", async () => {
    const email = uniqueEmail();
    const token = await askToken(email);
    await env.DB.prepare("UPDATE signup_requests SET expires_at = ? WHERE email = ?")
      .bind(Date.now() - 1, email)
      .run();
    const res = await confirm(token);
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual(INVALID_LINK);
    expect(await count("users WHERE email = ?", email)).toBe(0);
  });

  it("should refuse a made-up token, and a link for an address that got an account meanwhile, with the same error", async () => {
    const made = await confirm("x".repeat(43));
    expect(made.status).toBe(404);
    expect(await errorOf(made)).toEqual(INVALID_LINK);
    const email = uniqueEmail();
    const first = await askToken(email, "First");
    const second = await askToken(email, "Second");
    // A newer link replaces the older one.
    expect(await errorOf(await confirm(first))).toEqual(INVALID_LINK);
    expect((await confirm(second)).status).toBe(201);
    const owner = await signupTenant("Someone", { email: uniqueEmail() });
    await env.DB.prepare(
      "INSERT INTO signup_requests (id, email, company, name, token_hash, expires_at) VALUES ('sgn_race', ?, 'Late', '', ?, ?)",
    )
      .bind(owner.email, await sha256Hex("y".repeat(43)), Date.now() + 60_000)
      .run();
    const late = await confirm("y".repeat(43));
    expect(await errorOf(late)).toEqual(INVALID_LINK);
    expect(await count("users WHERE email = ?", owner.email)).toBe(1);
  });

  it("should answer bad input with 422", async () => {
    const res = await call("POST", "/api/auth/signup/confirm", {
      body: { token: 42, password: PASSWORD },
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe("VALIDATION_FAILED");
  });
});
