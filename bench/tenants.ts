/**
 * Tenants: many tenants on one deployment, traffic spread over them by Zipf's law (rank k gets a share
 * ∝ 1/k), then the largest tenant bursts to 10× its rate while the others keep theirs. Measures
 * whether one tenant's peak slows the others, and how many D1 statements a message costs.
 *
 *   npm run bench -- tenants [--tenants 2000] [--messages 1500] [--rate 25] [--burst 10] [--seed 16]
 *
 * Every tenant signs up through the API (the mailed link, as the other benches do). The plan is drawn
 * up front (seeded): `--messages` shopper messages per phase at `--rate` a second, open loop, each from
 * a tenant drawn by Zipf; in the second phase the top tenant also sends (burst − 1) × its share. A
 * tenant gets as many widget conversations as keep each under one message every two seconds (the
 * shopper's rate limit is a burst of 10, then 1 a second); tenants the plan gives no message stay idle.
 * Each conversation is taken over by an agent (AI off) whose console socket receives the messages.
 * Latency: planned send time → arrival on the agent's socket ("quiet" = every tenant but the bursting
 * one). The Worker runs through bench/fanout-counting/entry.ts, which counts D1 statements at the
 * binding: `d1_per_msg_hot` those made while a conversation object handles the shopper's frame,
 * `d1_per_msg_amortised` all of them from the first measured message until the consumers have
 * finished with every queue message sent and the server is quiet, per message sent. The counting costs CPU: compare rates with fanout's uncounted runs only loosely.
 */
import { groupCpuMs, settle } from "./lib/cpu";
import { client, percentile, pool, signup } from "./lib/http";
import { MESSAGE_TIMEOUT_MS, openWidgetConversation, type Pair } from "./lib/peer";
import { startWorker } from "./lib/server";
import { random, sampler, zipfShares } from "./lib/traffic";

const SIGNUPS_AT_ONCE = 8;
const SETUP_AT_ONCE = 20;
/** Messages a second one conversation may carry in the plan (half the shopper's sustained limit). */
const PER_CONVERSATION_PER_S = 0.5;
const DRAIN_TIMEOUT_MS = 300_000;
/** Longer than a conversation's flush delay (1 s) plus the jobs queue's batch timeout (1 s). */
const QUIET_WINDOW_MS = 3_000;

type Counts = Record<string, Record<string, number>>;

async function readCounts(base: string): Promise<Counts> {
  return (await (await fetch(`${base}/__bench/counts`)).json()) as Counts;
}

/** Queue messages sent, delivered and handled so far: unchanged over a window means the queues are idle. */
function queueTraffic(c: Counts): number {
  let n = 0;
  for (const t of [c.queues, c.delivered, c.handled])
    for (const v of Object.values(t ?? {})) n += v;
  return n;
}

/** Queue messages sent (by binding) whose consumer has not finished with them (`edgedesk-<binding>`). */
function unhandled(c: Counts): number {
  return Object.entries(c.queues ?? {}).reduce(
    (n, [q, sent]) => n + Math.max(0, sent - (c.handled?.[`edgedesk-${q}`] ?? 0)),
    0,
  );
}

interface Planned {
  at: number;
  tenant: number;
  phase: "before" | "during";
  conversation: number;
}

interface Options {
  tenants: number;
  messages: number;
  rate: number;
  burst: number;
  seed: number;
}

function num(name: string, fallback: number): number {
  const args = process.argv.slice(3);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const v = Number(args[i].includes("=") ? args[i].split("=")[1] : args[i + 1]);
  if (!(v > 0)) throw new Error(`--${name} takes a positive number`);
  return v;
}

/** The whole run's messages, in send order, each with its tenant and that tenant's conversation. */
export function plan(o: Options): {
  messages: Planned[];
  conversations: number[];
  phaseMs: number;
} {
  const rnd = random(o.seed);
  const shares = zipfShares(o.tenants);
  const pick = sampler(shares, rnd);
  const phaseMs = (o.messages / o.rate) * 1000;
  const out: Omit<Planned, "conversation">[] = [];
  for (const phase of ["before", "during"] as const) {
    const from = phase === "before" ? 0 : phaseMs;
    for (let n = 0; n < o.messages; n++)
      out.push({ at: from + rnd() * phaseMs, tenant: pick(), phase });
  }
  const extra = Math.round(o.messages * shares[0] * (o.burst - 1));
  for (let n = 0; n < extra; n++)
    out.push({ at: phaseMs + rnd() * phaseMs, tenant: 0, phase: "during" });
  out.sort((a, b) => a.at - b.at);
  const sent = new Array<number>(o.tenants).fill(0);
  for (const m of out) sent[m.tenant]++;
  // Conversations per tenant: enough for its peak rate, never more than it has messages.
  const conversations = shares.map((s, k) => {
    const peak = o.rate * s * (k === 0 ? o.burst : 1);
    return Math.min(sent[k], Math.max(1, Math.ceil(peak / PER_CONVERSATION_PER_S)));
  });
  const next = new Array<number>(o.tenants).fill(0);
  const messages = out.map((m) => ({
    ...m,
    conversation: next[m.tenant]++ % conversations[m.tenant],
  }));
  return { messages, conversations, phaseMs };
}

export async function run(): Promise<string> {
  const o: Options = {
    tenants: Math.floor(num("tenants", 2000)),
    messages: Math.floor(num("messages", 1500)),
    rate: num("rate", 25),
    burst: num("burst", 10),
    seed: Math.floor(num("seed", 16)),
  };
  const { messages, conversations, phaseMs } = plan(o);
  const active = conversations.filter((c) => c > 0).length;
  const totalConversations = conversations.reduce((a, b) => a + b, 0);
  const burstShare = zipfShares(o.tenants)[0];
  console.log(
    `tenants: ${o.tenants} tenants, ${active} of them sending, ${totalConversations} conversations; ${o.messages} messages per phase at ${o.rate}/s (${(phaseMs / 1000).toFixed(0)} s), then tenant 1 (share ${(burstShare * 100).toFixed(1)}%) at ${o.burst}×: ${messages.length} messages in all`,
  );
  const worker = await startWorker({ inspector: false, main: "bench/fanout-counting/entry.ts" });
  try {
    const request = client(worker.host, worker.port, 64);
    const base = `ws://${worker.host}:${worker.port}`;
    let t = Date.now();
    let done = 0;
    const owners = await pool(
      Array.from({ length: o.tenants }, (_, k) => k),
      SIGNUPS_AT_ONCE,
      async () => {
        const owner = await signup(request);
        if (++done % 100 === 0) console.error(`    ${done}/${o.tenants} tenants signed up`);
        return owner;
      },
    );
    console.error(
      `    ${o.tenants} tenants signed up in ${((Date.now() - t) / 1000).toFixed(0)} s`,
    );
    t = Date.now();
    const slots = conversations.flatMap((n, k) =>
      Array.from({ length: n }, (_, c) => ({ tenant: k, c })),
    );
    const opened = await pool(slots, SETUP_AT_ONCE, (s, i) =>
      openWidgetConversation(request, base, owners[s.tenant], i, false),
    );
    const pairs = new Map<string, Pair>();
    slots.forEach((s, i) => pairs.set(`${s.tenant}/${s.c}`, opened[i]));
    console.error(
      `    ${slots.length} conversations opened and taken over in ${((Date.now() - t) / 1000).toFixed(0)} s`,
    );

    const idle0 = groupCpuMs(worker.pid);
    await new Promise((r) => setTimeout(r, 2000));
    const idleMsPerS = (groupCpuMs(worker.pid) - idle0) / 2;
    await settle(worker.pid, idleMsPerS, { window: 2, maxS: 60 });
    await fetch(`${worker.base}/__bench/counts?reset`).then((r) => r.arrayBuffer());

    const latency = { before: [] as number[], during: [] as number[], burst: [] as number[] };
    const undelivered = { before: 0, during: 0, burst: 0 };
    let refusals = 0;
    const cpu0 = groupCpuMs(worker.pid);
    const t0 = performance.now();
    const sends: Promise<void>[] = [];
    for (const [n, m] of messages.entries()) {
      const wait = t0 + m.at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const { shopper, agent } = pairs.get(`${m.tenant}/${m.conversation}`)!;
      const clientId = `t${m.tenant}-c${m.conversation}-m${n}`;
      const due = t0 + m.at;
      const bucket = m.tenant === 0 ? (m.phase === "during" ? "burst" : "before") : m.phase;
      const quiet = m.tenant !== 0;
      sends.push(
        (async () => {
          while (performance.now() - due < MESSAGE_TIMEOUT_MS) {
            const refused = shopper.refusals;
            shopper.send({ type: "message", clientId, text: `Where is my order ${n}?` });
            await agent.until(
              () => agent.seen.has(clientId) || shopper.refusals > refused,
              MESSAGE_TIMEOUT_MS - (performance.now() - due),
            );
            if (agent.seen.has(clientId)) break;
            if (shopper.refusals > refused) {
              refusals++;
              await new Promise((r) => setTimeout(r, 1000));
            }
          }
          const at = agent.seen.get(clientId);
          // The bursting tenant's own messages before the burst are not "quiet" ones.
          if (!quiet && bucket === "before") return;
          if (at === undefined) undelivered[bucket]++;
          else latency[bucket].push(at - due);
        })(),
      );
    }
    await Promise.all(sends);
    const seconds = (performance.now() - t0) / 1000;
    const cpuMs = groupCpuMs(worker.pid) - cpu0;
    // Deferred work: the consumers have finished with every queue message sent, and the server is quiet.
    const deferredT0 = Date.now();
    let deferredMs = 0;
    let counts: Counts;
    // Quiet is not enough: a conversation's last events leave up to a second after its last message
    // (its flush alarm), and the count of sends can trail the consumers' (jobs sent before the reset are
    // handled after it). Done when nothing is unhandled and the queues moved nothing over a full window.
    let lastMoved = -1;
    for (;;) {
      deferredMs += (await settle(worker.pid, idleMsPerS)).ms;
      counts = await readCounts(worker.base);
      const moved = queueTraffic(counts);
      if (unhandled(counts) === 0 && moved === lastMoved) break;
      lastMoved = moved;
      await new Promise((r) => setTimeout(r, QUIET_WINDOW_MS));
      if (Date.now() - deferredT0 > DRAIN_TIMEOUT_MS) {
        console.error(
          `    after ${DRAIN_TIMEOUT_MS / 1000} s, ${unhandled(counts)} queue messages not yet handled by their consumer; counted without them`,
        );
        break;
      }
    }
    for (const p of pairs.values()) {
      p.shopper.ws.close(1000, "done");
      p.agent.ws.close(1000, "done");
    }

    const total = messages.length;
    const statements = (t: Record<string, number> = {}) =>
      Object.entries(t)
        .filter(([k]) => !k.endsWith(".batch"))
        .reduce((a, [, v]) => a + v, 0);
    const hot = statements(counts.d1_hot) / total;
    const amortised = statements(counts.d1) / total;
    for (const l of Object.values(latency)) l.sort((a, b) => a - b);
    const fmt = (name: keyof typeof latency) =>
      `${name}: ${latency[name].length} delivered, undelivered ${undelivered[name]}, p50 ${percentile(latency[name], 50).toFixed(0)} ms, p99 ${percentile(latency[name], 99).toFixed(0)} ms`;
    console.log(`  quiet tenants ${fmt("before")}`);
    console.log(`  quiet tenants ${fmt("during")}`);
    console.log(`  bursting tenant ${fmt("burst")}`);
    const per = (t: Record<string, number> = {}) =>
      Object.entries(t)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}=${(v / total).toFixed(3)}`)
        .join(" ");
    console.log(
      `  per message: d1 ${per(counts.d1)}; d1 on the hot path ${per(counts.d1_hot) || "none"}; queues sent ${per(counts.queues)}, handled ${per(counts.handled)}; object calls ${per(counts.objects)}`,
    );
    // A job that fails every attempt is dead-lettered: it counts as handled, but its effects are missing.
    console.log(
      `  queue failures: redelivered ${JSON.stringify(counts.redelivered ?? {})}, dead-lettered ${counts.delivered?.["edgedesk-dlq"] ?? 0}`,
    );
    console.log(
      `  ${total} messages in ${seconds.toFixed(1)} s, rate-limit refusals ${refusals}; server cpu ${(cpuMs / total).toFixed(2)} ms/msg during, ${(deferredMs / total).toFixed(2)} after`,
    );
    const before = percentile(latency.before, 99);
    const during = percentile(latency.during, 99);
    return `tenants: tenants=${o.tenants} quiet_p99_ms_before=${before.toFixed(0)} quiet_p99_ms_during=${during.toFixed(0)} growth=${(during / before - 1).toFixed(2)} d1_per_msg_hot=${hot.toFixed(2)} d1_per_msg_amortised=${amortised.toFixed(2)}`;
  } finally {
    await worker.stop();
  }
}
