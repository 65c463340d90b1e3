/**
 * Ingest: signed webhooks at 50 concurrent connections for 10 s against a bare route (/healthz) in
 * the same run (interleaved one-second slices); then every accepted message is read back through the API to count loss and
 * duplication. Channel: the widget's server-side webhook (HMAC-SHA256 with the widget identity secret,
 * verified by the real widget adapter).
 *
 * Locally every isolate shares one workerd thread, so the inbound consumer competes with the webhook
 * route for CPU (on Cloudflare it runs elsewhere). A first, shorter run with the inbound consumer
 * detached times the acknowledgement path alone; it is printed for comparison, not as the result.
 */
import {
  allConversations,
  allMessages,
  client,
  percentile,
  pool,
  signup,
  type Request,
} from "./lib/http";
import { startWorker, type Worker } from "./lib/server";
import { widgetSecret, widgetWebhook } from "./lib/widget";

const CONNECTIONS = 50;
const DURATION_MS = 10_000;
const USERS = 200;

async function hammer(
  duration: number,
  fn: () => Promise<boolean>,
): Promise<{ ok: number; failed: number; ms: number[] }> {
  const until = performance.now() + duration;
  const ms: number[] = [];
  let ok = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        if (await fn()) ok++;
        else failed++;
        ms.push(performance.now() - t);
      }
    }),
  );
  return { ok, failed, ms };
}

async function processed(request: Request, cookie: string): Promise<number> {
  return (await allConversations(request, cookie)).reduce((n, c) => n + c.inboundCount, 0);
}

async function drain(
  request: Request,
  cookie: string,
  expected: number,
  timeoutMs: number,
): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const n = await processed(request, cookie);
    if (n >= expected || Date.now() > until) return n;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Warms up, then times bare and webhook requests back to back; returns what was accepted. */
async function measure(worker: Worker, waitForWarmup: boolean) {
  const request = client(worker.host, worker.port, CONNECTIONS + 8);
  const owner = await signup(request);
  const { channelId, secret } = await widgetSecret(worker, owner.tenantId);
  const path = `/webhooks/widget/${channelId}`;
  let n = 0;
  const accepted = new Set<string>();
  const send = async () => {
    const id = `bench-${n++}`;
    const { body, signature } = widgetWebhook(secret, `user-${n % USERS}`, id, `message ${id}`);
    // A connection the local server resets counts as refused (a platform would redeliver it).
    const res = await request("POST", path, body, { "x-edgedesk-signature": signature }).catch(
      () => null,
    );
    if (res?.status === 200) accepted.add(id);
    return res?.status === 200;
  };
  const bare = async () => (await request("GET", "/healthz")).status === 200;
  // Warm both paths: isolate start, the channel cache, and (when consumed) one conversation per user.
  await hammer(1500, bare);
  await pool(Array.from({ length: USERS }), 20, send);
  if (waitForWarmup) await drain(request, owner.cookie, accepted.size, 180_000);
  // Interleaved one-second slices, so load from elsewhere on the machine hits both paths alike.
  const b = { ok: 0, failed: 0, ms: [] as number[] };
  const w = { ok: 0, failed: 0, ms: [] as number[] };
  for (let slice = 0; slice < DURATION_MS / 1000; slice++) {
    for (const [into, fn] of [
      [b, bare],
      [w, send],
    ] as const) {
      const r = await hammer(1000, fn);
      into.ok += r.ok;
      into.failed += r.failed;
      into.ms.push(...r.ms);
    }
  }
  const bareRate = b.ok / (DURATION_MS / 1000);
  const rate = w.ok / (DURATION_MS / 1000);
  return {
    request,
    owner,
    accepted,
    bareRate,
    rate,
    refused: w.failed,
    p99: percentile(
      w.ms.sort((x, y) => x - y),
      99,
    ),
  };
}

export async function run(): Promise<string> {
  const ackOnly = await startWorker({ skipConsumers: ["edgedesk-inbound"] });
  try {
    const m = await measure(ackOnly, false);
    console.log(
      `ack path alone (inbound consumer detached): accepted_per_s=${m.rate.toFixed(0)} bare_per_s=${m.bareRate.toFixed(0)} ratio=${(m.rate / m.bareRate).toFixed(2)} p99_ms=${m.p99.toFixed(1)}`,
    );
  } finally {
    await ackOnly.stop();
  }

  const worker = await startWorker();
  try {
    const m = await measure(worker, true);
    console.log(
      `full system: ${m.accepted.size} accepted in all (incl. warm-up), ${m.refused} refused; draining…`,
    );
    const t0 = Date.now();
    const done = await drain(m.request, m.owner.cookie, m.accepted.size, 300_000);
    console.log(
      `drained ${done}/${m.accepted.size} in ${((Date.now() - t0) / 1000).toFixed(1)} s; reading back every message…`,
    );
    const seen = new Map<string, number>();
    const conversations = await allConversations(m.request, m.owner.cookie);
    await pool(conversations, 16, async (c) => {
      for (const msg of await allMessages(m.request, m.owner.cookie, c.id)) {
        if (msg.author.type === "shopper" && msg.externalId)
          seen.set(msg.externalId, (seen.get(msg.externalId) ?? 0) + 1);
      }
    });
    const lost = [...m.accepted].filter((id) => !seen.has(id)).length;
    const duplicated = [...seen.values()].reduce((d, c) => d + (c - 1), 0);
    return `ingest: accepted_per_s=${m.rate.toFixed(0)} bare_per_s=${m.bareRate.toFixed(0)} ratio=${(m.rate / m.bareRate).toFixed(2)} p99_ms=${m.p99.toFixed(1)} lost=${lost} duplicated=${duplicated}`;
  } finally {
    await worker.stop();
  }
}
