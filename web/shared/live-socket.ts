/**
 * A WebSocket that stays connected: reconnects with jittered exponential backoff, waits for the
 * browser to be online again, notices a dead link (missed pong) and a machine that slept (timers
 * that fired late), and asks for a fresh URL each time so the caller can resume with `after=<seq>`.
 * Shared by the widget and the console.
 */

export type LinkStatus = "connecting" | "open" | "offline" | "failed" | "closed";

export interface LiveSocketOptions<F> {
  /** Called at every (re)connect, so the URL carries the newest `after`. */
  url: () => string;
  onFrame: (frame: F) => void;
  /** Checks each frame; one that fails is dropped with a console warning. */
  schema?: FrameSchema<F>;
  /** The link is up: the caller re-sends its outbox here. */
  onOpen?: () => void;
  onStatus?: (status: LinkStatus) => void;
  /** Server close codes after which retrying cannot help (bad token, no access). */
  fatalCodes?: readonly number[];
  onFatal?: (code: number, reason: string) => void;
  pingEveryMs?: number;
  pongTimeoutMs?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

const TICK_MS = 2000;

/** What `parseFrame` needs of a schema (a zod schema has it), so this file does not import zod. */
export interface FrameSchema<F> {
  safeParse(value: unknown): { success: true; data: F } | { success: false; error: unknown };
}

/**
 * Frames are JSON objects with a string `type`, checked against `schema` when one is given; anything
 * else is dropped (and logged), never trusted.
 */
export function parseFrame<F>(data: unknown, schema?: FrameSchema<F>): F | null {
  const drop = (why: unknown) => {
    console.warn("edgedesk: dropped a malformed socket frame", why);
    return null;
  };
  if (typeof data !== "string") return drop("not text");
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return drop("not JSON");
  }
  if (!v || typeof v !== "object" || typeof (v as { type?: unknown }).type !== "string")
    return drop("no type");
  if (!schema) return v as F;
  const parsed = schema.safeParse(v);
  return parsed.success ? parsed.data : drop(parsed.error);
}

export function backoffDelay(
  attempt: number,
  min: number,
  max: number,
  random = Math.random,
): number {
  const base = Math.min(max, min * 2 ** Math.min(attempt, 16));
  return Math.round(base / 2 + (base / 2) * random());
}

export class LiveSocket<F = unknown> {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private lastTick = Date.now();
  private lastPingAt = 0;
  private pingPending = false;
  private stopped = false;
  private status: LinkStatus = "closed";
  private readonly opts: Required<
    Omit<LiveSocketOptions<F>, "onOpen" | "onStatus" | "onFatal" | "schema">
  > &
    LiveSocketOptions<F>;

  constructor(opts: LiveSocketOptions<F>) {
    this.opts = {
      fatalCodes: [4001, 4003, 4004],
      pingEveryMs: 25_000,
      pongTimeoutMs: 10_000,
      minDelayMs: 500,
      maxDelayMs: 15_000,
      ...opts,
    };
  }

  start(): void {
    this.stopped = false;
    addEventListener("online", this.onOnline);
    addEventListener("offline", this.onOffline);
    document.addEventListener("visibilitychange", this.onVisible);
    this.tickTimer = setInterval(this.tick, TICK_MS);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.tickTimer);
    removeEventListener("online", this.onOnline);
    removeEventListener("offline", this.onOffline);
    document.removeEventListener("visibilitychange", this.onVisible);
    this.drop();
    this.setStatus("closed");
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Sends now if the link is up; false means the caller should keep the frame for later. */
  send(frame: unknown): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Drops the current link and connects again at once (e.g. after the token changed). */
  reconnect(): void {
    this.drop();
    this.attempt = 0;
    this.connect();
  }

  private setStatus(s: LinkStatus): void {
    if (s === this.status) return;
    this.status = s;
    this.opts.onStatus?.(s);
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    if (!navigator.onLine) return this.setStatus("offline");
    this.setStatus(this.attempt === 0 ? "connecting" : "offline");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.opts.url());
    } catch {
      return this.schedule();
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.attempt = 0;
      this.pingPending = false;
      this.lastPingAt = Date.now();
      this.setStatus("open");
      this.opts.onOpen?.();
    };
    ws.onmessage = (e) => {
      if (this.ws !== ws) return;
      this.pingPending = false;
      const frame = parseFrame<F>(e.data, this.opts.schema);
      if (frame) this.opts.onFrame(frame);
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.opts.fatalCodes.includes(e.code)) {
        this.setStatus("failed");
        this.opts.onFatal?.(e.code, e.reason);
        return;
      }
      this.schedule();
    };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.setStatus("offline");
    if (!navigator.onLine) return;
    const delay = backoffDelay(this.attempt++, this.opts.minDelayMs, this.opts.maxDelayMs);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private drop(): void {
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      try {
        ws.close(1000, "client closing");
      } catch {
        /* already closed */
      }
    }
  }

  private readonly tick = (): void => {
    const now = Date.now();
    // Timers that fire far too late mean the machine slept: the socket is probably dead.
    const slept = now - this.lastTick > TICK_MS * 4;
    this.lastTick = now;
    if (this.stopped) return;
    if (slept && this.ws) return this.reconnect();
    if (!this.isOpen) return;
    if (this.pingPending && now - this.lastPingAt > this.opts.pongTimeoutMs)
      return this.reconnect();
    if (!this.pingPending && now - this.lastPingAt >= this.opts.pingEveryMs) this.ping();
  };

  private ping(): void {
    this.lastPingAt = Date.now();
    this.pingPending = this.send({ type: "ping" });
  }

  private readonly onOnline = (): void => {
    this.attempt = 0;
    if (!this.isOpen) this.connect();
  };

  private readonly onOffline = (): void => {
    this.drop();
    clearTimeout(this.retryTimer);
    this.setStatus("offline");
  };

  private readonly onVisible = (): void => {
    if (document.visibilityState !== "visible" || this.stopped) return;
    if (this.isOpen) this.ping();
    else if (!this.ws) {
      this.attempt = 0;
      this.connect();
    }
  };
}
