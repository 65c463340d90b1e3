import { env, exports } from "cloudflare:workers";
import { expect, vi } from "vitest";
import {
  mockStores,
  SHOPIFY,
  type MockOptions,
  type Recorded,
} from "./fixtures/stores/mock-stores";

/** A signed-in caller for integration tests: each test makes its own tenant, so none shares data. */
export interface Caller {
  cookie: string;
  tenantId: string;
  userId: string;
  publicKey: string;
  email: string;
}

export const BASE = "https://edgedesk.test";

export async function call(
  method: string,
  path: string,
  opts: {
    body?: unknown;
    rawBody?: BodyInit;
    cookie?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  return exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, body }));
}

export function sessionCookie(res: Response): string {
  const set = res.headers.get("set-cookie") ?? "";
  const m = set.match(/edgedesk_session=([^;]+)/);
  if (!m) throw new Error(`no session cookie in ${res.status} response`);
  return `edgedesk_session=${m[1]}`;
}

let counter = 0;
export function uniqueEmail(prefix = "owner"): string {
  return `${prefix}.${Date.now().toString(36)}.${++counter}.${Math.random().toString(36).slice(2, 8)}@shop.test`;
}

/** The Worker as a local `wrangler dev` sees it: on loopback, where account mail is kept in the local outbox. */
export function callLocal(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return exports.default.fetch(
    new Request(`http://127.0.0.1:8787${path}`, {
      method,
      headers: body ? { "content-type": "application/json", ...headers } : headers,
      body: body ? JSON.stringify(body) : undefined,
    }),
  );
}

/**
 * A client address of its own (IPv6 documentation range), sent as Cloudflare's `CF-Connecting-IP`:
 * each test tenant signs up from its own address, as real shops do, not all from one.
 */
export function testIp(): string {
  const r = () => Math.floor(Math.random() * 0x10000).toString(16);
  return `2001:db8:${r()}:${r()}:${r()}::${(++counter).toString(16)}`;
}

/**
 * The newest mail to `to` in the local outbox (mail_outbox) whose subject matches; account mail is
 * sent after the answer (waitUntil), so this waits for it to arrive.
 */
export async function mailTo(
  to: string,
  subject: RegExp = /./,
): Promise<{ subject: string; text: string }> {
  for (let i = 0; i < 200; i++) {
    const { results } = await env.DB.prepare(
      "SELECT subject, text FROM mail_outbox WHERE to_address = ? ORDER BY created_at DESC, id DESC",
    )
      .bind(to)
      .all<{ subject: string; text: string }>();
    const mail = results.find((m) => subject.test(m.subject));
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no mail to ${to} matching ${subject} in the outbox`);
}

export const SIGNUP_CONFIRM_SUBJECT = /^Confirm your email/;

/** The token of a sign-up confirmation link in a mail's text. */
export function signupLinkToken(text: string): string {
  const m = text.match(/#\/signup\/confirm\?token=([^\s]+)/);
  if (!m) throw new Error("no sign-up link in the mail");
  return decodeURIComponent(m[1]);
}

/** Signs a new tenant up the way a person does: asks on loopback, follows the mailed link, is signed in. */
export async function signupTenant(
  company = "Test Shop",
  opts: { email?: string; password?: string } = {},
): Promise<Caller> {
  const email = opts.email ?? uniqueEmail();
  const asked = await callLocal(
    "POST",
    "/api/auth/signup",
    { email, company },
    { "cf-connecting-ip": testIp() },
  );
  if (asked.status !== 202) throw new Error(`signup failed: ${asked.status} ${await asked.text()}`);
  const token = signupLinkToken((await mailTo(email, SIGNUP_CONFIRM_SUBJECT)).text);
  const res = await call("POST", "/api/auth/signup/confirm", {
    body: { token, password: opts.password ?? "correct horse battery" },
  });
  if (res.status !== 201)
    throw new Error(`signup confirm failed: ${res.status} ${await res.text()}`);
  const data = (await res.json()) as {
    tenant: { id: string; publicKey: string };
    user: { id: string };
  };
  return {
    cookie: sessionCookie(res),
    tenantId: data.tenant.id,
    userId: data.user.id,
    publicKey: data.tenant.publicKey,
    email,
  };
}

/** Invites a teammate with `role` into the caller's tenant and signs them in. */
export async function addMember(
  owner: Caller,
  role: "admin" | "agent" | "viewer",
): Promise<Caller> {
  const email = uniqueEmail(role);
  const inv = await call("POST", "/api/invites", { cookie: owner.cookie, body: { email, role } });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${await inv.text()}`);
  const { token } = (await inv.json()) as { token: string };
  const acc = await call("POST", "/api/invites/accept", {
    body: { token, password: "another good password" },
  });
  if (acc.status !== 201) throw new Error(`accept failed: ${acc.status} ${await acc.text()}`);
  const data = (await acc.json()) as { user: { id: string } };
  return { ...owner, cookie: sessionCookie(acc), userId: data.user.id, email };
}

export async function errorOf(
  res: Response,
): Promise<{ code: string; message: string; details?: unknown }> {
  const body = (await res.json()) as {
    error: { code: string; message: string; details?: unknown };
  };
  return body.error;
}

/**
 * A new tenant with the fixture Shopify store connected through the API; every store call stays mocked
 * and recorded in `seen` (emptied after connecting).
 */
export async function shopifyTenant(
  opts: MockOptions = {},
): Promise<{ owner: Caller; seen: Recorded[]; storeId: string }> {
  const owner = await signupTenant();
  const m = mockStores(opts);
  vi.spyOn(globalThis, "fetch").mockImplementation(m.fetch);
  const res = await call("POST", "/api/stores", {
    cookie: owner.cookie,
    body: {
      type: "shopify",
      credentials: {
        shop: "snowdevil",
        accessToken: SHOPIFY.accessToken,
        apiSecret: SHOPIFY.apiSecret,
      },
    },
  });
  expect(res.status).toBe(201);
  m.seen.length = 0;
  return {
    owner,
    seen: m.seen,
    storeId: ((await res.json()) as { store: { id: string } }).store.id,
  };
}
