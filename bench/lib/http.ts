/** A lean keep-alive HTTP client (node:http), so the load generator spends little CPU per request. */
import http from "node:http";

export interface Reply {
  status: number;
  body: string;
  ms: number;
  headers: http.IncomingHttpHeaders;
}

export function client(host: string, port: number, maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const once = (
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host,
          port,
          method,
          path,
          agent,
          headers: body
            ? {
                "content-type": "application/json",
                "content-length": Buffer.byteLength(body),
                ...headers,
              }
            : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString("utf8"),
              ms: performance.now() - started,
              headers: res.headers,
            }),
          );
        },
      );
      req.on("error", (err: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
        err.reusedSocket = req.reusedSocket;
        reject(err);
      });
      if (body) req.write(body);
      req.end();
    });
  };
  // A keep-alive socket the server has just closed fails the request sent on it ("socket hang up"):
  // it is sent again on a fresh socket, as Node's docs advise (a webhook delivered twice is stored
  // once, which the benchmarks check). The local server, sharing two cores with the load generator,
  // also resets a connection now and then under load: reads are idempotent and retried; any other
  // reset write is the caller's to count (a platform would redeliver it).
  return async function request(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(method, path, body, headers);
      } catch (err) {
        const { code, reusedSocket } = err as NodeJS.ErrnoException & { reusedSocket?: boolean };
        const staleSocket = reusedSocket === true && code === "ECONNRESET";
        const transientRead =
          method === "GET" && ["ECONNRESET", "EPIPE", "ECONNREFUSED"].includes(code ?? "");
        if (attempt >= 5 || !(staleSocket || transientRead)) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  };
}

export type Request = ReturnType<typeof client>;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The token of the sign-up link mailed to `email`, read from the local server's outbox (mailed after the answer, so polled). */
async function signupToken(request: Request, email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const res = await request("GET", "/api/dev/outbox");
    if (res.status !== 200)
      throw new Error(`signup needs the local outbox (GET /api/dev/outbox answered ${res.status})`);
    const { mails } = JSON.parse(res.body) as { mails: { to: string; text: string }[] };
    const link = mails
      .map((m) => (m.to === email ? m.text.match(/#\/signup\/confirm\?token=(\S+)/) : null))
      .find((m) => m);
    if (link) return decodeURIComponent(link[1]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`signup: no confirmation mail to ${email} in the outbox`);
}

let signups = 0;

/** Signs up a fresh tenant through the mailed link; returns its session cookie and public widget key. */
export async function signup(
  request: Request,
): Promise<{ cookie: string; tenantId: string; publicKey: string }> {
  const email = `bench.${Date.now()}.${Math.random().toString(36).slice(2)}@bench.test`;
  // Each bench tenant asks from a client address of its own (wrangler dev keeps a CF-Connecting-IP
  // it is given): a run signs up more tenants than one address may in ten minutes.
  const asked = await request(
    "POST",
    "/api/auth/signup",
    JSON.stringify({ email, company: "Bench Shop" }),
    { "CF-Connecting-IP": `2001:db8:be:${process.pid.toString(16)}::${(++signups).toString(16)}` },
  );
  if (asked.status !== 202) throw new Error(`signup failed: ${asked.status} ${asked.body}`);
  const res = await request(
    "POST",
    "/api/auth/signup/confirm",
    JSON.stringify({ token: await signupToken(request, email), password: "correct horse battery" }),
  );
  if (res.status !== 201) throw new Error(`signup confirm failed: ${res.status} ${res.body}`);
  const cookie = String(res.headers["set-cookie"]?.[0] ?? "").split(";")[0];
  const data = JSON.parse(res.body) as { tenant: { id: string; publicKey: string } };
  return { cookie, tenantId: data.tenant.id, publicKey: data.tenant.publicKey };
}

export interface Summary {
  id: string;
  messageCount: number;
  inboundCount: number;
}

/** Every conversation of the tenant, through the API. */
export async function allConversations(request: Request, cookie: string): Promise<Summary[]> {
  const out: Summary[] = [];
  let cursor: string | null = null;
  do {
    const res = await request(
      "GET",
      `/api/conversations?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
      undefined,
      { cookie },
    );
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${res.body}`);
    const page = JSON.parse(res.body) as { conversations: Summary[]; nextCursor: string | null };
    out.push(...page.conversations);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export interface ApiMessage {
  seq: number;
  author: { type: string };
  clientId: string | null;
  externalId: string | null;
  text: string;
}

/** Every message of a conversation, oldest first, through the API. */
export async function allMessages(
  request: Request,
  cookie: string,
  conversationId: string,
): Promise<ApiMessage[]> {
  const out: ApiMessage[] = [];
  for (let after = 0; ; ) {
    const res = await request(
      "GET",
      `/api/conversations/${conversationId}/messages?after=${after}&limit=200`,
      undefined,
      { cookie },
    );
    if (res.status !== 200) throw new Error(`messages failed: ${res.status} ${res.body}`);
    const page = (JSON.parse(res.body) as { messages: ApiMessage[] }).messages;
    out.push(...page);
    if (page.length < 200) return out;
    after = page[page.length - 1].seq;
  }
}

/** Runs `fn` over items with at most `limit` in flight. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}
