/**
 * Replay: the 1,000 MultiWOZ 2.1 test dialogues as 1,000 concurrent widget shoppers. Each opens a
 * widget session and socket, sends its user turns one by one (waiting for the stored echo, and for the
 * AI's answer while the AI owes one), then every conversation is read back through the API and
 * compared with what was sent. Latency: a user turn sent → its stored echo on the socket.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { allMessages, client, percentile, pool, signup } from "./lib/http";
import { startWorker } from "./lib/server";

const DATASET = path.resolve(
  import.meta.dirname,
  "../../shared/datasets/multiwoz21/multiwoz21_test.jsonl",
);
const SETUP_AT_ONCE = 40;
const TURN_TIMEOUT_MS = 60_000;

interface Dialogue {
  dialogue_id: string;
  turns: { speaker: string; text: string }[];
}

interface Frame {
  type: string;
  code?: string;
  conversation?: { id: string; status: string };
  message?: { seq: number; clientId: string | null; author: { type: string } };
}

class Shopper {
  frames: Frame[] = [];
  status = "bot";
  conversationId = "";
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      const f = JSON.parse(String(e.data)) as Frame;
      this.frames.push(f);
      if (f.conversation?.status) this.status = f.conversation.status;
      if (f.type === "ready" && f.conversation) this.conversationId = f.conversation.id;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves when `pred` holds for the frames received so far. */
  until(pred: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${what}`)),
        TURN_TIMEOUT_MS,
      );
      const check = () => {
        if (pred()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }
}

export async function run(): Promise<string> {
  const dialogues = readFileSync(DATASET, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Dialogue);
  const worker = await startWorker();
  try {
    const request = client(worker.host, worker.port, 64);
    const owner = await signup(request);
    const started = Date.now();
    // All shoppers connect first (a few at a time), so the turns below really run 1,000 side by side.
    // Each shopper is its own client (the local server takes the IP header as given; Cloudflare sets it), so
    // the per-IP session limit sees 1,000 visitors, not one.
    const shoppers = await pool(dialogues, SETUP_AT_ONCE, async (_d, n) => {
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const res = await request(
        "POST",
        "/api/widget/session",
        JSON.stringify({ publicKey: owner.publicKey }),
        { "cf-connecting-ip": ip },
      );
      const { visitorToken } = JSON.parse(res.body) as { visitorToken: string };
      const ws = new WebSocket(
        `ws://${worker.host}:${worker.port}/ws/widget?token=${visitorToken}`,
      );
      const s = new Shopper(ws);
      await s.until(() => s.conversationId !== "", "ready");
      return s;
    });
    console.log(
      `${shoppers.length} shoppers connected in ${((Date.now() - started) / 1000).toFixed(1)} s; replaying…`,
    );

    const latencies: number[] = [];
    const sent = new Map<string, string[]>();
    let aiReplies = 0;
    const replayStarted = Date.now();
    await Promise.all(
      dialogues.map(async (d, i) => {
        const s = shoppers[i];
        const ids: string[] = [];
        sent.set(s.conversationId, ids);
        for (const [t, turn] of d.turns.entries()) {
          if (turn.speaker !== "user" || !turn.text.trim()) continue;
          const clientId = `${d.dialogue_id}-${t}`;
          ids.push(clientId);
          const aiBefore = s.frames.filter(
            (f) => f.type === "ai_done" || f.type === "ai_cancelled",
          ).length;
          const t0 = performance.now();
          const echoed = () =>
            s.frames.some((f) => f.type === "message" && f.message?.clientId === clientId);
          // A conversation takes a shopper's messages one a second after a burst of ten: a refused one is sent again.
          for (;;) {
            const refusals = s.frames.filter((f) => f.code === "RATE_LIMITED").length;
            s.ws.send(
              JSON.stringify({ type: "message", clientId, text: turn.text.slice(0, 4000) }),
            );
            await s.until(
              () => echoed() || s.frames.filter((f) => f.code === "RATE_LIMITED").length > refusals,
              "echo",
            );
            if (echoed()) break;
            await new Promise((r) => setTimeout(r, 1000));
          }
          latencies.push(performance.now() - t0);
          // While the AI handles the conversation it owes an answer; wait for it (or for a handover).
          await s.until(
            () =>
              s.status !== "bot" ||
              s.frames.filter((f) => f.type === "ai_done" || f.type === "ai_cancelled").length >
                aiBefore,
            "AI turn",
          );
        }
        aiReplies += s.frames.filter(
          (f) => f.type === "message" && f.message?.author.type === "ai",
        ).length;
        s.ws.close(1000, "done");
      }),
    );
    const replaySeconds = (Date.now() - replayStarted) / 1000;

    let stored = 0;
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    await pool([...sent.entries()], 16, async ([conversationId, ids]) => {
      const mine = (await allMessages(request, owner.cookie, conversationId))
        .filter((m) => m.author.type === "shopper")
        .map((m) => m.clientId ?? "");
      stored += mine.length;
      const unique = new Set(mine);
      duplicated += mine.length - unique.size;
      lost += ids.filter((id) => !unique.has(id)).length;
      const firstSeen = mine.filter((id, k) => mine.indexOf(id) === k);
      if (firstSeen.join("\n") !== ids.filter((id) => unique.has(id)).join("\n")) outOfOrder += 1;
    });
    const sorted = latencies.sort((a, b) => a - b);
    console.log(
      `replayed ${latencies.length} user turns in ${replaySeconds.toFixed(1)} s (${(latencies.length / replaySeconds).toFixed(0)} turns/s); AI replies delivered: ${aiReplies}`,
    );
    return `replay: conversations=${sent.size} messages=${stored} lost=${lost} duplicated=${duplicated} out_of_order=${outOfOrder} p50_ms=${percentile(sorted, 50).toFixed(1)} p99_ms=${percentile(sorted, 99).toFixed(1)}`;
  } finally {
    await worker.stop();
  }
}
