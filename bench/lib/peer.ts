/**
 * Sockets as the load generator sees them: a peer that remembers which shopper messages it received
 * (by clientId, with the arrival time), and the opening of one widget conversation watched by an
 * agent's console socket, as a shopper and an agent would.
 */
import type { Request } from "./http";

export const MESSAGE_TIMEOUT_MS = 30_000;
export const AI_TIMEOUT_MS = 60_000;

interface Frame {
  type: string;
  code?: string;
  conversation?: { id: string; status: string };
  message?: { clientId: string | null; author: { type: string } };
}

/** A socket that remembers what it received and wakes whoever waits on it. */
export class Peer {
  readonly seen = new Map<string, number>();
  status = "";
  conversationId = "";
  refusals = 0;
  aiEnds = 0;
  lastError = "";
  closed = "";
  ready = false;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      const f = JSON.parse(String(e.data)) as Frame;
      if (f.type === "ready") {
        this.ready = true;
        if (f.conversation) this.conversationId = f.conversation.id;
      }
      if (f.conversation?.status) this.status = f.conversation.status;
      if (
        f.type === "message" &&
        f.message?.clientId &&
        f.message.author.type === "shopper" &&
        !this.seen.has(f.message.clientId)
      )
        this.seen.set(f.message.clientId, performance.now());
      if (f.code === "RATE_LIMITED") this.refusals++;
      if (f.type === "error") this.lastError = `${f.code}`;
      if (f.type === "ai_done" || f.type === "ai_cancelled") this.aiEnds++;
      for (const w of this.waiters.splice(0)) w();
    });
    ws.addEventListener("close", (e) => {
      this.closed = `${e.code}${e.reason ? ` ${e.reason}` : ""}`;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves true when `pred` holds, false after `ms`. */
  until(pred: () => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      const check = () => {
        if (pred()) {
          clearTimeout(timer);
          resolve(true);
        } else if (this.ws.readyState > 1) {
          clearTimeout(timer);
          resolve(false);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  send(frame: unknown): void {
    if (this.ws.readyState === 1) this.ws.send(JSON.stringify(frame));
  }
}

export interface Pair {
  shopper: Peer;
  agent: Peer;
}

export function socket(url: string, headers?: Record<string, string>): Peer {
  // Node's WebSocket (undici) takes request headers in its second argument.
  const ws = new WebSocket(url, headers ? ({ headers } as unknown as string[]) : undefined);
  return new Peer(ws);
}

export async function readyPeer(p: Peer, what: string): Promise<Peer> {
  if (!(await p.until(() => p.ready, 90_000))) throw new Error(`${what}: no ready frame in 90 s`);
  return p;
}

/**
 * Opens a widget conversation of the tenant as visitor number `visitor` (its own client address) and
 * an agent's console socket on it. The first message creates the conversation (not measured). AI on:
 * waits for the AI's first turn to end; off: the agent takes over, so the AI stays silent.
 */
export async function openWidgetConversation(
  request: Request,
  base: string,
  owner: { cookie: string; publicKey: string },
  visitor: number,
  ai: boolean,
): Promise<Pair> {
  // The local server takes the client address header as given (Cloudflare sets it).
  const ip = `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
  const res = await request(
    "POST",
    "/api/widget/session",
    JSON.stringify({ publicKey: owner.publicKey }),
    { "cf-connecting-ip": ip },
  );
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`widget session: ${res.status} ${res.body}`);
  const { visitorToken } = JSON.parse(res.body) as { visitorToken: string };
  const shopper = await readyPeer(socket(`${base}/ws/widget?token=${visitorToken}`), "widget");
  // A busy server may take its time with the first message.
  const clientId = `open-${visitor}-${Date.now()}`;
  for (let attempt = 1; !shopper.seen.has(clientId); attempt++) {
    if (attempt > 4)
      throw new Error(`first message not echoed (${shopper.lastError || "no error frame"})`);
    shopper.send({ type: "message", clientId, text: "Hello!" });
    await shopper.until(() => shopper.seen.has(clientId), MESSAGE_TIMEOUT_MS);
  }
  const id = shopper.conversationId;
  if (ai) await shopper.until(() => shopper.aiEnds > 0 || shopper.status !== "bot", AI_TIMEOUT_MS);
  else {
    // The conversation's index row may lag its first message.
    for (let attempt = 0; ; attempt++) {
      const r = await request("POST", `/api/conversations/${id}/takeover`, undefined, {
        cookie: owner.cookie,
      });
      if (r.status === 200) break;
      if (attempt > 20) throw new Error(`takeover: ${r.status} ${r.body}`);
      await new Promise((f) => setTimeout(f, 250));
    }
  }
  const agent = await readyPeer(
    socket(`${base}/ws/conversations/${id}`, { cookie: owner.cookie }),
    "console",
  );
  return { shopper, agent };
}
