/**
 * Spike: signed widget webhooks at a steady open-loop rate, then five times that rate for 30 s, then
 * steady again. Twice a second the queue depth is sampled as accepted − stored (stored = the
 * conversations' inbound counts through the API). drained_s: from the end of the burst until the depth
 * is back to what it was under steady load. Finally every accepted message is looked up.
 */
import { allConversations, allMessages, client, pool, signup, type Request } from "./lib/http";
import { startWorker } from "./lib/server";
import { widgetSecret, widgetWebhook } from "./lib/widget";

const USERS = 50;
const STEADY_PER_S = 12;
const BURST_FACTOR = 5;
const PHASES = [
  { name: "steady", seconds: 20, rate: STEADY_PER_S },
  { name: "burst", seconds: 30, rate: STEADY_PER_S * BURST_FACTOR },
  { name: "steady", seconds: 20, rate: STEADY_PER_S },
];
const DRAIN_TIMEOUT_MS = 300_000;

async function stored(request: Request, cookie: string): Promise<number> {
  return (await allConversations(request, cookie)).reduce((n, c) => n + c.inboundCount, 0);
}

export async function run(): Promise<string> {
  const worker = await startWorker();
  try {
    const request = client(worker.host, worker.port, 256);
    const owner = await signup(request);
    const { channelId, secret } = await widgetSecret(worker, owner.tenantId);
    let n = 0;
    const accepted = new Set<string>();
    let refused = 0;
    const send = async () => {
      const id = `spike-${n++}`;
      const { body, signature } = widgetWebhook(secret, `user-${n % USERS}`, id, `message ${id}`);
      const res = await request("POST", `/webhooks/widget/${channelId}`, body, {
        "x-edgedesk-signature": signature,
      });
      if (res.status === 200) accepted.add(id);
      else refused++;
    };
    await pool(Array.from({ length: USERS }), 10, () => send().catch(() => void refused++));
    while ((await stored(request, owner.cookie)) < accepted.size)
      await new Promise((r) => setTimeout(r, 500));

    const samples: { t: number; depth: number; phase: string }[] = [];
    let phase = "steady";
    const t0 = Date.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const a = accepted.size;
        samples.push({
          t: (Date.now() - t0) / 1000,
          depth: a - (await stored(request, owner.cookie)),
          phase,
        });
        await new Promise((r) => setTimeout(r, 500));
      }
    })();

    const inflight = new Set<Promise<void>>();
    let burstEnd = 0;
    for (const p of PHASES) {
      phase = p.name;
      const start = Date.now();
      const total = p.seconds * p.rate;
      for (let k = 0; k < total; k++) {
        const due = start + (k * 1000) / p.rate;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const req = send().catch(() => void refused++);
        inflight.add(req);
        void req.finally(() => inflight.delete(req));
      }
      if (p.name === "burst") burstEnd = (Date.now() - t0) / 1000;
    }
    await Promise.all(inflight);
    phase = "drain";
    const until = Date.now() + DRAIN_TIMEOUT_MS;
    while (Date.now() < until && (samples.at(-1)?.depth ?? 1) > 0)
      await new Promise((r) => setTimeout(r, 500));
    sampling = false;
    await sampler;

    const steadyPeak = Math.max(
      0,
      ...samples.filter((s) => s.t < PHASES[0].seconds).map((s) => s.depth),
    );
    const peak = Math.max(...samples.map((s) => s.depth));
    const back = samples.find((s) => s.t >= burstEnd && s.depth <= steadyPeak);
    console.log(
      `accepted ${accepted.size}, refused ${refused}; depth under steady load ≤ ${steadyPeak}, peak ${peak}`,
    );
    console.log(
      `depth samples (s:depth): ${samples
        .filter((_, i) => i % 4 === 0)
        .map((s) => `${s.t.toFixed(0)}:${s.depth}`)
        .join(" ")}`,
    );

    const seen = new Set<string>();
    const conversations = await allConversations(request, owner.cookie);
    await pool(conversations, 16, async (c) => {
      for (const m of await allMessages(request, owner.cookie, c.id))
        if (m.author.type === "shopper" && m.externalId) seen.add(m.externalId);
    });
    const lost = [...accepted].filter((id) => !seen.has(id)).length;
    const drained = back
      ? (back.t - burstEnd).toFixed(1)
      : `>${(DRAIN_TIMEOUT_MS / 1000).toFixed(0)}`;
    return `spike: burst_factor=${BURST_FACTOR} peak_queue_depth=${peak} drained_s=${drained} lost=${lost}`;
  } finally {
    await worker.stop();
  }
}
