import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  addMember,
  call,
  errorOf,
  sessionCookie,
  SIGNUP_CONFIRM_SUBJECT,
  signupTenant,
  uniqueEmail,
} from "./helpers";

const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new passphrase";

async function signIn(email: string, password: string, userAgent: string): Promise<Response> {
  return call("POST", "/api/auth/login", {
    body: { email, password },
    headers: {
      "user-agent": userAgent,
      "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 250)}`,
    },
  });
}

type SessionRow = {
  id: string;
  userAgent: string;
  createdAt: number;
  lastSeenAt: number;
  current: boolean;
};
async function sessionsOf(cookie: string): Promise<SessionRow[]> {
  const res = await call("GET", "/api/auth/sessions", { cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessions: SessionRow[] }).sessions;
}

/** The Worker as a local `wrangler dev` sees it: a loopback address, where the local outbox is readable. */
function local(method: string, path: string, body?: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(`http://127.0.0.1:8787${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    }),
  );
}

async function outboxFor(to: string): Promise<{ subject: string; text: string }[]> {
  const res = await local("GET", "/api/dev/outbox");
  expect(res.status).toBe(200);
  // Every owner made by signupTenant got a sign-up link; these tests are about the mail after it.
  return (
    (await res.json()) as { mails: { to: string; subject: string; text: string }[] }
  ).mails.filter((m) => m.to === to && !SIGNUP_CONFIRM_SUBJECT.test(m.subject));
}

/** A reset link is mailed after the answer (waitUntil): waits for the mail to arrive. */
async function mailFor(to: string): Promise<{ subject: string; text: string }> {
  for (let i = 0; i < 50; i++) {
    const [mail] = await outboxFor(to);
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} in the outbox`);
}

const linkToken = (text: string) => decodeURIComponent(text.match(/#\/reset\?token=([^\s]+)/)![1]);

describe("sessions", () => {
  it("should list the user's sessions with browser, times and the current one marked, and sign one out", async () => {
    const owner = await signupTenant();
    const phone = sessionCookie(
      await signIn(owner.email, PASSWORD, "Mozilla/5.0 (iPhone) Mobile Safari"),
    );
    const list = await sessionsOf(owner.cookie);
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => !s.current)!;
    expect(other.userAgent).toContain("iPhone");
    expect(other.lastSeenAt).toBeGreaterThanOrEqual(other.createdAt);
    // Ids are not the cookie tokens.
    expect(phone).not.toContain(other.id);

    expect(
      (await call("DELETE", `/api/auth/sessions/${other.id}`, { cookie: owner.cookie })).status,
    ).toBe(204);
    expect((await call("GET", "/api/me", { cookie: phone })).status).toBe(401);
    expect((await call("GET", "/api/me", { cookie: owner.cookie })).status).toBe(200);
  });

  it("should not let a user see or sign out another user's session", async () => {
    const owner = await signupTenant();
    const agent = await addMember(owner, "agent");
    const agentSession = (await sessionsOf(agent.cookie))[0];
    expect((await sessionsOf(owner.cookie)).map((s) => s.id)).not.toContain(agentSession.id);
    const res = await call("DELETE", `/api/auth/sessions/${agentSession.id}`, {
      cookie: owner.cookie,
    });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("NOT_FOUND");
    expect((await call("GET", "/api/me", { cookie: agent.cookie })).status).toBe(200);
  });

  it("should sign out everywhere, this session included", async () => {
    const owner = await signupTenant();
    const second = sessionCookie(await signIn(owner.email, PASSWORD, "Firefox"));
    const res = await call("POST", "/api/auth/sign-out-everywhere", { cookie: owner.cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get("set-cookie")).toMatch(/edgedesk_session=;/);
    expect((await call("GET", "/api/me", { cookie: owner.cookie })).status).toBe(401);
    expect((await call("GET", "/api/me", { cookie: second })).status).toBe(401);
  });

  it("should refuse session routes to an API key and to anonymous callers", async () => {
    const owner = await signupTenant();
    const { key } = (await (
      await call("POST", "/api/api-keys", {
        cookie: owner.cookie,
        body: { name: "k", role: "admin" },
      })
    ).json()) as { key: string };
    expect(
      (await call("GET", "/api/auth/sessions", { headers: { authorization: `Bearer ${key}` } }))
        .status,
    ).toBe(403);
    expect((await call("GET", "/api/auth/sessions")).status).toBe(401);
    expect((await call("POST", "/api/auth/sign-out-everywhere")).status).toBe(401);
  });
});

describe("change password", () => {
  it("should need the current password, then sign the other sessions out and keep this one", async () => {
    const owner = await signupTenant();
    const other = sessionCookie(await signIn(owner.email, PASSWORD, "Chrome"));
    const wrong = await call("POST", "/api/auth/password", {
      cookie: owner.cookie,
      body: { currentPassword: "not it at all", newPassword: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(422);
    expect(JSON.stringify((await errorOf(wrong)).details)).toContain("currentPassword");
    const weak = await call("POST", "/api/auth/password", {
      cookie: owner.cookie,
      body: { currentPassword: PASSWORD, newPassword: "short" },
    });
    expect(weak.status).toBe(422);
    expect((await call("GET", "/api/me", { cookie: other })).status).toBe(200);

    expect(
      (
        await call("POST", "/api/auth/password", {
          cookie: owner.cookie,
          body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        })
      ).status,
    ).toBe(204);
    expect((await call("GET", "/api/me", { cookie: other })).status).toBe(401);
    expect((await call("GET", "/api/me", { cookie: owner.cookie })).status).toBe(200);
    expect((await signIn(owner.email, PASSWORD, "x")).status).toBe(401);
    expect((await signIn(owner.email, NEW_PASSWORD, "x")).status).toBe(200);
  });
});

describe("password reset", () => {
  it("should answer the same for a known and an unknown address, and mail a link only to the known one", async () => {
    const owner = await signupTenant();
    const unknown = uniqueEmail("nobody");
    const a = await local("POST", "/api/auth/password-reset", { email: owner.email });
    const b = await local("POST", "/api/auth/password-reset", { email: unknown });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(await a.text()).toBe(await b.text());
    const mail = await mailFor(owner.email);
    expect(await outboxFor(unknown)).toEqual([]);
    expect(mail.subject).toMatch(/reset/i);
    const token = linkToken(mail.text);
    // Stored hashed, never as the token itself.
    const rows = await env.DB.prepare("SELECT token_hash FROM password_resets WHERE user_id = ?")
      .bind(owner.userId)
      .all<{ token_hash: string }>();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0].token_hash).not.toContain(token);
  });

  it("should set the new password once, sign every old session out, and sign this browser in", async () => {
    const owner = await signupTenant();
    await local("POST", "/api/auth/password-reset", { email: owner.email });
    const token = linkToken((await mailFor(owner.email)).text);
    const done = await local("POST", "/api/auth/password-reset/confirm", {
      token,
      password: NEW_PASSWORD,
    });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { user: { email: string } }).user.email).toBe(owner.email);
    expect((await call("GET", "/api/me", { cookie: sessionCookie(done) })).status).toBe(200);
    expect((await call("GET", "/api/me", { cookie: owner.cookie })).status).toBe(401);
    expect((await signIn(owner.email, NEW_PASSWORD, "x")).status).toBe(200);
    const again = await local("POST", "/api/auth/password-reset/confirm", {
      token,
      password: "yet another passphrase",
    });
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe("NOT_FOUND");
    expect((await signIn(owner.email, NEW_PASSWORD, "x")).status).toBe(200);
  });

  it("should refuse an expired link and a bad one, and change nothing", async () => {
    const owner = await signupTenant();
    await local("POST", "/api/auth/password-reset", { email: owner.email });
    const token = linkToken((await mailFor(owner.email)).text);
    await env.DB.prepare("UPDATE password_resets SET expires_at = 1 WHERE user_id = ?")
      .bind(owner.userId)
      .run();
    expect(
      (await local("POST", "/api/auth/password-reset/confirm", { token, password: NEW_PASSWORD }))
        .status,
    ).toBe(404);
    expect(
      (
        await local("POST", "/api/auth/password-reset/confirm", {
          token: "x".repeat(43),
          password: NEW_PASSWORD,
        })
      ).status,
    ).toBe(404);
    expect(
      (await local("POST", "/api/auth/password-reset/confirm", { token, password: "short" }))
        .status,
    ).toBe(422);
    expect((await call("GET", "/api/me", { cookie: owner.cookie })).status).toBe(200);
    expect((await signIn(owner.email, PASSWORD, "x")).status).toBe(200);
  });

  it("should limit reset requests per address, whether or not it has an account", async () => {
    for (const email of [(await signupTenant()).email, uniqueEmail("ghost")]) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await call("POST", "/api/auth/password-reset", {
          body: { email },
          headers: { "cf-connecting-ip": `192.0.2.${i + 10}` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    }
  });

  it("should lift a login lock on the account once the mailbox is proven", async () => {
    const owner = await signupTenant();
    await Promise.all(
      Array.from({ length: 31 }, (_, i) =>
        call("POST", "/api/auth/login", {
          body: { email: owner.email, password: `guess-${i}` },
          headers: { "cf-connecting-ip": `10.9.${i}.1` },
        }),
      ),
    );
    expect((await signIn(owner.email, PASSWORD, "new laptop")).status).toBe(429);
    await local("POST", "/api/auth/password-reset", { email: owner.email });
    const token = linkToken((await mailFor(owner.email)).text);
    expect(
      (await local("POST", "/api/auth/password-reset/confirm", { token, password: NEW_PASSWORD }))
        .status,
    ).toBe(200);
    expect((await signIn(owner.email, NEW_PASSWORD, "new laptop")).status).toBe(200);
  });

  it("should keep the outbox closed on a non-loopback address and mail nothing there", async () => {
    const owner = await signupTenant();
    const res = await call("GET", "/api/dev/outbox");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("NOT_FOUND");
    expect(
      (await call("POST", "/api/auth/password-reset", { body: { email: owner.email } })).status,
    ).toBe(202);
    // The link is made (and would be mailed) after the answer: wait for it, then for a second one asked
    // on loopback, which is the only one the outbox may hold.
    for (
      let i = 0;
      i < 50 &&
      !(await env.DB.prepare("SELECT 1 FROM password_resets WHERE user_id = ?")
        .bind(owner.userId)
        .first());
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    await local("POST", "/api/auth/password-reset", { email: owner.email });
    await mailFor(owner.email);
    expect(await outboxFor(owner.email)).toHaveLength(1);
  });
});

describe("account mail instead of an answer that reveals an address", () => {
  it("should tell the owner of an address when someone tries to sign up with it", async () => {
    const owner = await signupTenant();
    // The owner's own sign-up took one of the address's five requests an hour.
    for (let i = 0; i < 4; i++) {
      const res = await local("POST", "/api/auth/signup", {
        email: owner.email,
        company: "Prober",
      });
      expect(res.status).toBe(202);
    }
    // The notices are sent after the answers: wait until all four were counted and three mailed.
    const noticesCounted = () =>
      env.DB.prepare("SELECT count FROM rate_limits WHERE key = ?")
        .bind(`notice:${owner.email}`)
        .first<{ count: number }>();
    const notices = () => outboxFor(owner.email);
    for (
      let i = 0;
      i < 200 && ((await noticesCounted())?.count !== 4 || (await notices()).length < 3);
      i++
    )
      await new Promise((r) => setTimeout(r, 25));
    expect((await noticesCounted())?.count).toBe(4);
    // Three notices a day at most: the attempts cannot flood the mailbox.
    expect((await notices()).map((m) => m.subject)).toEqual(
      Array(3).fill("You already have an Edgedesk account"),
    );
  });

  it("should answer an invite link for an address registered elsewhere like an invalid link, and tell the address's owner", async () => {
    const other = await signupTenant("Other");
    const prober = await signupTenant("Prober");
    const { token } = (await (
      await call("POST", "/api/invites", {
        cookie: prober.cookie,
        body: { email: other.email, role: "agent" },
      })
    ).json()) as { token: string };
    const res = await local("POST", "/api/invites/accept", {
      token,
      password: "another good password",
    });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).message).toBe("This invite link is invalid, used or expired.");
    expect((await outboxFor(other.email)).map((m) => m.subject)).toEqual([
      "An Edgedesk invitation for your address",
    ]);
    expect((await signIn(other.email, PASSWORD, "x")).status).toBe(200);
  });
});

describe("page security headers", () => {
  it("should serve the dashboard and console with a CSP that forbids framing and inline scripts", async () => {
    for (const path of ["/app/", "/console/"]) {
      const res = await call("GET", path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      // The build must not need inline scripts for that policy to work.
      expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
  });
});
