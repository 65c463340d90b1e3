/**
 * Fanout: a shopper's message through Edgedesk (widget socket → ConversationDO → an agent's console
 * socket) against a plain hibernating Durable Object doing the same job (bench/fanout-reference:
 * store in its SQLite, broadcast to the room's two sockets), same runtime, same load generator, one run.
 *
 * Each conversation has one shopper socket and one agent socket; its shopper sends its messages one
 * after another, the next once the agent's socket has the previous one (all conversations side by
 * side). Latency: send → arrival on the agent's socket. With the AI on, the shopper also waits for the
 * AI's answer (or its cancellation, or a handover) before the next message, as a person would.
 *
 *   npm run bench -- fanout [--sizes 200x20,1000x5] [--ai off,on] [--inspector] [--count] [--profile out.cpuprofile]
 *
 * `--count` runs Edgedesk through bench/fanout-counting/entry.ts, which counts at the bindings the D1
 * statements, queue messages and Durable Object calls of the measured messages (and what follows them
 * until the server is quiet), printed per message. The counting costs CPU: do not compare its rates.
 * `--profile FILE` writes a CPU profile of Edgedesk's Worker (measured phase and deferred work) to FILE
 * and prints its top functions; it needs the devtools relay, so Edgedesk runs with it (its rates are then lower).
 * `--inspector` runs both servers with wrangler's devtools relay, as `npm run dev` used to.
 * The shopper's rate limit (a burst of 10, then 1 a second) refuses some messages when a conversation
 * sends faster: a refused message is sent again a second later, as the widget does; refusals are counted.
 * `deferred_cpu_ms_per_msg`: CPU the server's processes (wrangler, workerd) spend after the last
 * delivery until they go quiet, above their idle rate, per message.
 */
import { client, percentile, pool, signup } from "./lib/http";
import { groupCpuMs, settle } from "./lib/cpu";
import {
  AI_TIMEOUT_MS,
  MESSAGE_TIMEOUT_MS,
  openWidgetConversation,
  readyPeer,
  socket,
  type Pair,
} from "./lib/peer";
import { startWorker, type Worker } from "./lib/server";
import { startProfile } from "./lib/profile";
import path from "node:path";

const REFERENCE_CONFIG = path.resolve(import.meta.dirname, "fanout-reference/wrangler.toml");
const SETUP_AT_ONCE = 20;
const LATE_MS = 10_000;
const TEXTS = [
  "Hi, where is my order? It was supposed to arrive yesterday.",
  "Can I change the delivery address for order 4417?",
  "Do you ship to Canada, and how long does it take?",
  "The jacket I received is too small, how do I return it?",
  "Is the blue version back in stock soon?",
  "I was charged twice for the same order, please help.",
  "What is your refund policy for sale items?",
  "Can I pay with PayPal?",
];

interface Target {
  name: string;
  counting?: boolean;
  /** A .cpuprofile file for the Worker's CPU profile of the measured phase and its deferred work. */
  profile?: string;
  worker: Worker;
  /** Opens conversation `i` with its two sockets, ready for the measured messages. */
  open(i: number): Promise<Pair>;
}

function referenceTarget(worker: Worker, run: string): Target {
  const base = `ws://${worker.host}:${worker.port}/ws`;
  return {
    name: "reference",
    worker,
    async open(i) {
      const room = `${run}-${i}`;
      const [shopper, agent] = await Promise.all([
        readyPeer(socket(`${base}/${room}?role=shopper`), "reference shopper"),
        readyPeer(socket(`${base}/${room}?role=agent`), "reference agent"),
      ]);
      return { shopper, agent };
    },
  };
}

async function edgedeskTarget(worker: Worker, ai: boolean, counting: boolean): Promise<Target> {
  const request = client(worker.host, worker.port, 64);
  const owner = await signup(request);
  const base = `ws://${worker.host}:${worker.port}`;
  return {
    name: "edgedesk",
    counting,
    worker,
    async open(i) {
      return openWidgetConversation(request, base, owner, i, ai);
    },
  };
}

interface Result {
  /** Binding counts of the measured phase and its deferred work (with --count). */
  counts?: Record<string, Record<string, number>>;
  perS: number;
  sorted: number[];
  undelivered: number;
  late: number;
  refusals: number;
  aiAnswered: number;
  stillBot: number;
  cpuMsPerMsg: number;
  deferredMsPerMsg: number;
  seconds: number;
}

async function measure(
  target: Target,
  conversations: number,
  messages: number,
  ai: boolean,
): Promise<Result> {
  const idle0 = groupCpuMs(target.worker.pid);
  await new Promise((r) => setTimeout(r, 2000));
  const idleMsPerS = (groupCpuMs(target.worker.pid) - idle0) / 2;
  const setupStarted = Date.now();
  const pairs = await pool(
    Array.from({ length: conversations }, (_, i) => i),
    SETUP_AT_ONCE,
    (i) => target.open(i),
  );
  const open = pairs.filter(
    (p) => p.shopper.ws.readyState === 1 && p.agent.ws.readyState === 1,
  ).length;
  console.error(
    `    ${target.name}: ${conversations} conversations set up in ${((Date.now() - setupStarted) / 1000).toFixed(0)} s, ${open} with both sockets open; measuring…`,
  );
  // Let set-up work (first messages, AI turns, index writes) finish before the clock starts.
  await settle(target.worker.pid, idleMsPerS, { window: 2, maxS: 60 });
  const latencies: number[] = [];
  let undelivered = 0;
  const missed: { agent: Pair["agent"]; clientId: string; m: number }[] = [];
  let lastSend = 0;
  if (target.counting)
    await fetch(`${target.worker.base}/__bench/counts?reset`).then((r) => r.arrayBuffer());
  const stopProfile = target.profile
    ? await startProfile(target.worker.inspector, target.profile)
    : undefined;
  const cpu0 = groupCpuMs(target.worker.pid);
  const t0 = performance.now();
  await Promise.all(
    pairs.map(async ({ shopper, agent }, c) => {
      for (let m = 0; m < messages; m++) {
        const clientId = `c${c}-m${m}-${Math.random().toString(36).slice(2, 8)}`;
        const text = `${TEXTS[(c + m) % TEXTS.length]} (${m + 1})`;
        const aiBefore = shopper.aiEnds;
        const sentAt = performance.now();
        let delivered = false;
        while (!delivered && performance.now() - sentAt < MESSAGE_TIMEOUT_MS) {
          const refused = shopper.refusals;
          shopper.send({ type: "message", clientId, text });
          lastSend = Math.max(lastSend, performance.now());
          delivered = await agent.until(
            () => agent.seen.has(clientId) || shopper.refusals > refused,
            MESSAGE_TIMEOUT_MS - (performance.now() - sentAt),
          );
          delivered = agent.seen.has(clientId);
          if (!delivered && shopper.refusals > refused)
            await new Promise((r) => setTimeout(r, 1000));
        }
        if (!delivered) {
          undelivered++;
          missed.push({ agent, clientId, m });
          continue;
        }
        latencies.push(agent.seen.get(clientId)! - sentAt);
        if (ai && shopper.status === "bot")
          await shopper.until(
            () => shopper.aiEnds > aiBefore || shopper.status !== "bot",
            AI_TIMEOUT_MS,
          );
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpuRun = groupCpuMs(target.worker.pid) - cpu0;
  // Arrivals after the last send: late ones, and ones that arrived after their waiter gave up.
  const late = pairs.reduce(
    (n, p) => n + [...p.agent.seen.values()].filter((at) => at - lastSend > LATE_MS).length,
    0,
  );
  const deferred = await settle(target.worker.pid, idleMsPerS);
  if (missed.length) {
    const byIndex = new Map<number, number>();
    for (const x of missed) byIndex.set(x.m, (byIndex.get(x.m) ?? 0) + 1);
    console.error(
      `    ${target.name}: undelivered within ${MESSAGE_TIMEOUT_MS / 1000} s by message number: ${[...byIndex].map(([m, n]) => `#${m + 1}×${n}`).join(" ")}; arrived by the end of the run ${missed.filter((x) => x.agent.seen.has(x.clientId)).length}/${missed.length}`,
    );
  }
  if (stopProfile) console.log(await stopProfile());
  const counts = target.counting
    ? ((await (await fetch(`${target.worker.base}/__bench/counts`)).json()) as Record<
        string,
        Record<string, number>
      >)
    : undefined;
  const total = conversations * messages;
  const delivered = total - undelivered;
  const result: Result = {
    counts,
    perS: delivered / seconds,
    sorted: latencies.sort((a, b) => a - b),
    undelivered,
    late,
    refusals: pairs.reduce((n, p) => n + p.shopper.refusals, 0),
    aiAnswered: pairs.reduce((n, p) => n + p.shopper.aiEnds, 0),
    stillBot: pairs.filter((p) => p.shopper.status === "bot").length,
    cpuMsPerMsg: cpuRun / total,
    deferredMsPerMsg: deferred.ms / total,
    seconds,
  };
  const closes = new Map<string, number>();
  for (const p of pairs)
    for (const peer of [p.shopper, p.agent])
      if (peer.closed) closes.set(peer.closed, (closes.get(peer.closed) ?? 0) + 1);
  if (closes.size)
    console.error(
      `    ${target.name}: sockets closed by the server during the run: ${[...closes].map(([k, v]) => `${v}× ${k}`).join(", ")}`,
    );
  for (const p of pairs) {
    p.shopper.ws.close(1000, "done");
    p.agent.ws.close(1000, "done");
  }
  return result;
}

function flag(name: string, fallback: string): string {
  const args = process.argv.slice(3);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return args[i].includes("=") ? args[i].split("=")[1] : (args[i + 1] ?? fallback);
}

export async function run(): Promise<string> {
  const sizes = flag("sizes", "200x20,1000x5")
    .split(",")
    .map((s) => s.split("x").map(Number) as [number, number]);
  const modes = flag("ai", "off,on")
    .split(",")
    .map((m) => m === "on");
  const inspector = process.argv.includes("--inspector");
  const counting = process.argv.includes("--count");
  const profile = flag("profile", "") || undefined;
  if (sizes.some(([c, m]) => !(c > 0 && m > 0)) || !modes.length)
    throw new Error("usage: fanout [--sizes 200x20,1000x5] [--ai off,on] [--inspector]");
  console.log(
    `fanout: devtools relay ${inspector ? "on" : "off"}; ${sizes.map(([c, m]) => `${c}x${m}`).join(", ")}; ai ${modes.map((m) => (m ? "on" : "off")).join(", ")}`,
  );
  const reference = await startWorker({ config: REFERENCE_CONFIG, inspector });
  try {
    let round = 0;
    for (const [conversations, messages] of sizes) {
      for (const ai of modes) {
        // Reference and Edgedesk back to back, so load from elsewhere on the machine hits both alike.
        const ref = await measure(
          referenceTarget(reference, `r${round++}-${Date.now()}`),
          conversations,
          messages,
          false,
        );
        const worker = await startWorker({
          inspector: inspector || !!profile,
          ...(counting ? { main: "bench/fanout-counting/entry.ts" } : {}),
        });
        let ed: Result;
        try {
          ed = await measure(
            {
              ...(await edgedeskTarget(worker, ai, counting)),
              profile:
                profile &&
                `${profile.replace(/\.cpuprofile$/, "")}-${conversations}x${messages}-ai-${ai ? "on" : "off"}.cpuprofile`,
            },
            conversations,
            messages,
            ai,
          );
        } finally {
          await worker.stop();
        }
        const fmt = (r: Result) =>
          `${r.perS.toFixed(0)}/s in ${r.seconds.toFixed(1)} s, p50 ${percentile(r.sorted, 50).toFixed(0)} ms, p99 ${percentile(r.sorted, 99).toFixed(0)} ms, cpu ${r.cpuMsPerMsg.toFixed(2)} ms/msg during, ${r.deferredMsPerMsg.toFixed(2)} after, undelivered ${r.undelivered}, late>10s ${r.late}`;
        console.log(`  reference ${conversations}x${messages}: ${fmt(ref)}`);
        console.log(
          `  edgedesk  ${conversations}x${messages} ai=${ai ? "on" : "off"}: ${fmt(ed)}, rate-limit refusals ${ed.refusals}${ai ? `, AI turns ended ${ed.aiAnswered}, conversations still with the AI ${ed.stillBot}/${conversations}` : ""}`,
        );
        const line = `fanout: ai=${ai ? "on" : "off"} conversations=${conversations} messages=${conversations * messages} edgedesk_per_s=${ed.perS.toFixed(0)} reference_per_s=${ref.perS.toFixed(0)} ratio=${(ed.perS / ref.perS).toFixed(3)} p50_ms=${percentile(ed.sorted, 50).toFixed(0)} p99_ms=${percentile(ed.sorted, 99).toFixed(0)} undelivered=${ed.undelivered} deferred_cpu_ms_per_msg=${ed.deferredMsPerMsg.toFixed(1)}`;
        console.log(line);
        if (ed.counts) {
          const total = conversations * messages;
          const per = (t: Record<string, number>) =>
            Object.entries(t)
              .sort((a, b) => b[1] - a[1])
              .map(([k, v]) => `${k}=${(v / total).toFixed(2)}`)
              .join(" ");
          const sum = (t: Record<string, number>, skip = "") =>
            Object.entries(t)
              .filter(([k]) => !skip || !k.endsWith(skip))
              .reduce((n, [, v]) => n + v, 0) / total;
          const d1 = ed.counts.d1;
          const d1Statements = sum(d1) - (d1["DB.batch"] ?? 0) / total;
          console.log(
            `fanout-counts: ai=${ai ? "on" : "off"} per_message d1_statements=${d1Statements.toFixed(2)} queue_messages=${sum(ed.counts.queues).toFixed(2)} do_calls=${sum(ed.counts.objects).toFixed(2)}`,
          );
          console.log(`  d1: ${per(d1)}`);
          console.log(
            `  queues sent: ${per(ed.counts.queues)}; delivered: ${per(ed.counts.delivered)}`,
          );
          console.log(`  object calls: ${per(ed.counts.objects)}`);
        }
      }
    }
  } finally {
    await reference.stop();
  }
  return "";
}
