/**
 * Crash: a burst of signed WhatsApp deliveries; once KILL_AFTER of them have been acknowledged (200)
 * the dev server's whole process group gets SIGKILL, mid-burst. The server restarts on the same state
 * directory, the queue drains, and every delivery is looked up by its WhatsApp message id.
 * lost = acknowledged but not stored; duplicated = stored more than once (any delivery).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { allConversations, allMessages, client, pool, signup, type Request } from "./lib/http";
import { startWorker, type Worker } from "./lib/server";
import { connectWhatsApp, whatsappDelivery } from "./lib/whatsapp";

const DELIVERIES = 200;
const KILL_AFTER = 100;
const CONNECTIONS = 20;
const USERS = 20;
/** The queue counts as drained once the stored count has not moved for this long (and covers every acknowledgement). */
const SETTLED_MS = 10_000;
/** …or for this long whatever it covers: what is still missing then is lost. */
const STALLED_MS = 45_000;
const DRAIN_TIMEOUT_MS = 300_000;
/** A read the local server has not answered by then is asked again (it sometimes never answers one). */
const READ_TIMEOUT_MS = 30_000;
/** The whole run, however it goes (a loaded machine makes every phase slower). */
const WATCHDOG_MS = 1_200_000;

const elapsed = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** `read()`, asked again (up to 3 times) when the local server leaves it unanswered. */
async function patiently<T>(what: string, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what}: no answer in ${READ_TIMEOUT_MS / 1000} s`)),
        READ_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([read(), timeout]);
    } catch (err) {
      if (attempt >= 3) throw err;
      console.log(`${(err as Error).message}; asking again`);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function storedCount(request: Request, cookie: string): Promise<number> {
  return (await patiently("conversation list", () => allConversations(request, cookie))).reduce(
    (n, c) => n + c.inboundCount,
    0,
  );
}

/**
 * What each local queue held on disk at the kill (waiting or handed to a consumer and not yet acked),
 * read with the sqlite3 CLI if there is one; a diagnostic only.
 */
function queuedOnDisk(persist: string): string {
  const dir = path.join(persist, "v3/queues/miniflare-QueueBrokerObject");
  if (!existsSync(dir)) return "no queue state on disk";
  const counts = readdirSync(dir)
    .filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite")
    .map((f) =>
      spawnSync(
        "sqlite3",
        [
          path.join(dir, f),
          "SELECT (SELECT value FROM _mf_queue_meta WHERE key = 'name') || '=' || count(*) FROM _mf_queue_messages",
        ],
        { encoding: "utf8" },
      ),
    )
    .map((r) => (r.status === 0 ? r.stdout.trim() : "?"));
  return counts.join(" ");
}

/** Polls until the stored count settles; returns seconds taken. */
async function drain(request: Request, cookie: string, acknowledged: number): Promise<number> {
  const t0 = Date.now();
  let last = -1;
  let since = Date.now();
  for (let polls = 0; ; polls++) {
    const n = await storedCount(request, cookie);
    if (n !== last) [last, since] = [n, Date.now()];
    if (polls % 15 === 0) console.log(`  ${elapsed(t0)} after the restart: ${n} stored`);
    const still = Date.now() - since;
    if (
      (n >= acknowledged && still >= SETTLED_MS) ||
      still >= STALLED_MS ||
      Date.now() - t0 > DRAIN_TIMEOUT_MS
    )
      return (since - t0) / 1000;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export async function run(): Promise<string> {
  const watchdog = setTimeout(() => {
    console.error(`crash: gave up after ${WATCHDOG_MS / 1000} s`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  const t0 = Date.now();
  const first = await startWorker();
  let second: Worker | undefined;
  try {
    const request = client(first.host, first.port, CONNECTIONS + 4);
    const owner = await signup(request);
    const wa = await connectWhatsApp(request, owner.cookie);
    const runId = `wamid.crash${Date.now().toString(36)}`;
    const acknowledged = new Set<string>();
    let crashed: Promise<void> | undefined;
    let inFlightAtKill = 0;
    let inFlight = 0;
    await pool(
      Array.from({ length: DELIVERIES }, (_, i) => i),
      CONNECTIONS,
      async (i) => {
        const id = `${runId}.${i}`;
        const { body, headers } = whatsappDelivery(
          wa,
          `4917000000${String(i % USERS).padStart(2, "0")}`,
          id,
          `crash message ${i}`,
        );
        inFlight++;
        const res = await request(
          "POST",
          `/webhooks/whatsapp/${wa.channelId}`,
          body,
          headers,
        ).catch(() => null);
        inFlight--;
        if (res?.status === 200) acknowledged.add(id);
        if (!crashed && acknowledged.size >= KILL_AFTER) {
          inFlightAtKill = inFlight;
          crashed = first.crash();
        }
      },
    );
    if (!crashed)
      throw new Error(
        `only ${acknowledged.size} of ${DELIVERIES} deliveries were acknowledged before the kill`,
      );
    await crashed;
    console.log(
      `${elapsed(t0)}: killed the server's process group after ${acknowledged.size} acknowledgements (${inFlightAtKill} requests in flight); queued on disk: ${queuedOnDisk(first.persist)}; restarting`,
    );

    second = await startWorker({ persist: first.persist });
    const again = client(second.host, second.port, 20);
    console.log(`${elapsed(t0)}: restarted; draining…`);
    const drainedS = await drain(again, owner.cookie, acknowledged.size);

    const seen = new Map<string, number>();
    await pool(
      await patiently("conversation list", () => allConversations(again, owner.cookie)),
      8,
      async (c) => {
        for (const m of await patiently(`messages of ${c.id}`, () =>
          allMessages(again, owner.cookie, c.id),
        )) {
          if (m.author.type === "shopper" && m.externalId?.startsWith(runId))
            seen.set(m.externalId, (seen.get(m.externalId) ?? 0) + 1);
        }
      },
    );
    const lost = [...acknowledged].filter((id) => !seen.has(id)).length;
    const duplicated = [...seen.values()].reduce((d, n) => d + (n - 1), 0);
    console.log(
      `${elapsed(t0)}: read back; last stored message ${drainedS.toFixed(1)} s after the restart; ${seen.size - [...acknowledged].filter((id) => seen.has(id)).length} unacknowledged deliveries stored too`,
    );
    return `crash: sent=${DELIVERIES} acknowledged=${acknowledged.size} stored=${seen.size} lost=${lost} duplicated=${duplicated}`;
  } finally {
    clearTimeout(watchdog);
    if (second) await second.stop();
    else await first.stop();
  }
}
