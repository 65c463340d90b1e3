import { exports } from "cloudflare:workers";

/** A signed-in caller for integration tests: each test makes its own tenant, so none shares data. */
export interface Caller {
  cookie: string;
  tenantId: string;
  userId: string;
  publicKey: string;
  email: string;
}

export const BASE = "https://edgedesk.test";

export async function call(method: string, path: string, opts: { body?: unknown; rawBody?: BodyInit; cookie?: string; headers?: Record<string, string> } = {}): Promise<Response> {
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

export async function signupTenant(company = "Test Shop"): Promise<Caller> {
  const email = uniqueEmail();
  const res = await call("POST", "/api/auth/signup", { body: { email, password: "correct horse battery", company } });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const data = (await res.json()) as { tenant: { id: string; publicKey: string }; user: { id: string } };
  return { cookie: sessionCookie(res), tenantId: data.tenant.id, userId: data.user.id, publicKey: data.tenant.publicKey, email };
}

/** Invites a teammate with `role` into the caller's tenant and signs them in. */
export async function addMember(owner: Caller, role: "admin" | "agent" | "viewer"): Promise<Caller> {
  const email = uniqueEmail(role);
  const inv = await call("POST", "/api/invites", { cookie: owner.cookie, body: { email, role } });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${await inv.text()}`);
  const { token } = (await inv.json()) as { token: string };
  const acc = await call("POST", "/api/invites/accept", { body: { token, password: "another good password" } });
  if (acc.status !== 201) throw new Error(`accept failed: ${acc.status} ${await acc.text()}`);
  const data = (await acc.json()) as { user: { id: string } };
  return { ...owner, cookie: sessionCookie(acc), userId: data.user.id, email };
}

export async function errorOf(res: Response): Promise<{ code: string; message: string; details?: unknown }> {
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  return body.error;
}
