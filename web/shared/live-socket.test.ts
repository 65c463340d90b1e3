import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InboxServerFrame } from "../../workers/wire/inbox";
import { ServerFrame } from "../../workers/wire/socket";
import { widgetSocket } from "../widget/chat/widget-socket";
import { backoffDelay, LiveSocket, parseFrame } from "./live-socket";

/** A WebSocket stand-in the test drives by hand. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(d: string) {
    this.sent.push(d);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: "" });
  }
}

const win = new EventTarget();
const net = { onLine: true };
const live: LiveSocket[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  net.onLine = true;
  vi.stubGlobal("WebSocket", FakeSocket);
  vi.stubGlobal("navigator", net);
  vi.stubGlobal("addEventListener", win.addEventListener.bind(win));
  vi.stubGlobal("removeEventListener", win.removeEventListener.bind(win));
  vi.stubGlobal("document", {
    visibilityState: "visible",
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  });
});
afterEach(() => {
  live.splice(0).forEach((s) => s.stop());
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function setup(extra = {}) {
  let after = 0;
  const frames: unknown[] = [];
  const statuses: string[] = [];
  const opened = vi.fn();
  const sock = new LiveSocket({
    url: () => `ws://x/ws?after=${after}`,
    onFrame: (f) => frames.push(f),
    onOpen: opened,
    onStatus: (s) => statuses.push(s),
    ...extra,
  });
  sock.start();
  live.push(sock);
  return { sock, frames, statuses, opened, setAfter: (n: number) => (after = n) };
}

describe("LiveSocket", () => {
  it("should reconnect after a drop and resume from the newest seq", () => {
    const t = setup();
    FakeSocket.all[0].open();
    expect(t.opened).toHaveBeenCalledTimes(1);
    t.setAfter(42);
    FakeSocket.all[0].drop();
    expect(t.statuses.at(-1)).toBe("offline");
    vi.advanceTimersByTime(600);
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.all[1].url).toBe("ws://x/ws?after=42");
    FakeSocket.all[1].open();
    expect(t.opened).toHaveBeenCalledTimes(2);
    expect(t.statuses.at(-1)).toBe("open");
    t.sock.stop();
  });

  it("should back off further after each failed attempt", () => {
    setup();
    for (let i = 0; i < 5; i++) {
      FakeSocket.all.at(-1)!.drop();
      vi.advanceTimersByTime(backoffDelay(i, 500, 15_000, () => 1));
    }
    expect(FakeSocket.all).toHaveLength(6);
    FakeSocket.all.at(-1)!.drop();
    vi.advanceTimersByTime(7000);
    expect(FakeSocket.all).toHaveLength(6);
  });

  it("should wait while the browser is offline and reconnect as soon as it is back", () => {
    const t = setup();
    FakeSocket.all[0].open();
    net.onLine = false;
    win.dispatchEvent(new Event("offline"));
    expect(t.statuses.at(-1)).toBe("offline");
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    net.onLine = true;
    win.dispatchEvent(new Event("online"));
    expect(FakeSocket.all).toHaveLength(2);
  });

  it("should give up on a fatal close code", () => {
    const onFatal = vi.fn();
    const t = setup({ onFatal });
    FakeSocket.all[0].drop(4001);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(onFatal).toHaveBeenCalledWith(4001, "");
    expect(t.statuses.at(-1)).toBe("failed");
  });

  it("should treat a ping without an answer as a dead link", () => {
    setup({ pingEveryMs: 4000, pongTimeoutMs: 3000 });
    const first = FakeSocket.all[0];
    first.open();
    vi.advanceTimersByTime(4000);
    expect(first.sent.map((s) => JSON.parse(s).type)).toContain("ping");
    vi.advanceTimersByTime(4000);
    expect(FakeSocket.all.length).toBeGreaterThan(1);
  });

  it("should keep a link that answers its pings", () => {
    const t = setup({ pingEveryMs: 4000, pongTimeoutMs: 3000 });
    const first = FakeSocket.all[0];
    first.open();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(4000);
      first.receive({ type: "pong" });
    }
    expect(FakeSocket.all).toHaveLength(1);
    expect(t.frames).toHaveLength(5);
  });
});

describe("parseFrame", () => {
  it("should accept JSON objects with a type and drop anything else", () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(parseFrame('{"type":"pong"}')).toEqual({ type: "pong" });
    expect(parseFrame("not json")).toBeNull();
    expect(parseFrame('{"kind":"x"}')).toBeNull();
    expect(parseFrame("[1]")).toBeNull();
    expect(parseFrame(new ArrayBuffer(2))).toBeNull();
  });
});

const message = {
  id: "m1",
  seq: 3,
  conversationId: "c1",
  author: { type: "shopper", id: null, name: null },
  kind: "text",
  text: "hello",
  language: null,
  translation: null,
  attachments: [],
  citations: [],
  clientId: null,
  externalId: null,
  replyToId: null,
  createdAt: 1,
  editedAt: null,
  deletedAt: null,
  history: [],
  delivery: null,
  meta: {},
};

describe("server frames checked against the wire schemas", () => {
  it("should deliver frames that match and drop, with a warning, those that do not", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const t = setup({ schema: ServerFrame });
    const ws = FakeSocket.all[0];
    ws.open();
    ws.receive({ type: "message", message: { ...message, seq: "3" } });
    ws.receive({ type: "message", message: { id: "m2" } });
    ws.receive({ type: "typing", from: "robot", name: null, on: true });
    ws.receive({ type: "no-such-frame" });
    ws.onmessage?.({ data: "{not json" });
    ws.receive({ type: "message", message });
    expect(t.frames).toEqual([{ type: "message", message }]);
    expect(warn).toHaveBeenCalledTimes(5);
    expect(String(warn.mock.calls[0][0])).toContain("malformed socket frame");
    // The link stays up: a bad frame is not a reason to reconnect.
    expect(FakeSocket.all).toHaveLength(1);
    expect(t.statuses.at(-1)).toBe("open");
    warn.mockRestore();
  });

  it("should drop a malformed frame in the widget's socket, which uses the same schema", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const frames: unknown[] = [];
    const sock = widgetSocket({ url: () => "ws://x/ws/widget", onFrame: (f) => frames.push(f) });
    sock.start();
    const ws = FakeSocket.all[0];
    ws.open();
    ws.receive({ type: "message", message: { ...message, seq: "3" } });
    ws.receive({ type: "state", conversation: { id: "c1" }, reason: null });
    ws.receive({ type: "message", message });
    sock.stop();
    expect(frames).toEqual([{ type: "message", message }]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it("should check the inbox's frames with its schema", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const agent = { id: "u1", name: "Ana", status: "online", capacity: 3, active: 0 };
    expect(parseFrame(JSON.stringify({ type: "presence", agent }), InboxServerFrame)).toEqual({
      type: "presence",
      agent,
    });
    expect(
      parseFrame(
        JSON.stringify({ type: "presence", agent: { ...agent, status: "asleep" } }),
        InboxServerFrame,
      ),
    ).toBeNull();
    expect(
      parseFrame(JSON.stringify({ type: "queue", queue: null, total: 0 }), InboxServerFrame),
    ).toBeNull();
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});

describe("backoffDelay", () => {
  it("should stay between half and all of the capped exponential delay", () => {
    expect(backoffDelay(0, 500, 15_000, () => 0)).toBe(250);
    expect(backoffDelay(3, 500, 15_000, () => 1)).toBe(4000);
    expect(backoffDelay(30, 500, 15_000, () => 1)).toBe(15_000);
  });
});
