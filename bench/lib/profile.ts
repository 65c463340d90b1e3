/**
 * A CPU profile of a `wrangler dev` server's Worker over the Chrome DevTools Protocol: `Profiler.start`
 * on every target its devtools port lists, `Profiler.stop` later. Written as a .cpuprofile (open it in
 * Chrome DevTools) with a summary of the top functions by self and total time.
 */
import { writeFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

class Session {
  private next = 1;
  private waiting = new Map<number, (v: unknown) => void>();
  private constructor(private ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    });
  }
  static open(url: string): Promise<Session> {
    // Wrangler's relay accepts only a devtools Origin (undici takes headers in the second argument).
    const ws = new WebSocket(url, {
      headers: { Origin: "http://127.0.0.1" },
    } as unknown as string[]);
    return new Promise((resolve, reject) => {
      ws.addEventListener("open", () => resolve(new Session(ws)));
      ws.addEventListener("error", () => reject(new Error(`devtools socket ${url} failed`)));
    });
  }
  send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve) => this.waiting.set(id, resolve as (v: unknown) => void));
  }
  close() {
    this.ws.close();
  }
}

/** Starts profiling every target of the devtools port; the returned function stops and writes `file`. */
export async function startProfile(
  devtoolsPort: number,
  file: string,
): Promise<() => Promise<string>> {
  const targets = (await (await fetch(`http://127.0.0.1:${devtoolsPort}/json/list`)).json()) as {
    title?: string;
    webSocketDebuggerUrl?: string;
  }[];
  const sessions: Session[] = [];
  for (const t of targets) {
    if (!t.webSocketDebuggerUrl) continue;
    const s = await Session.open(t.webSocketDebuggerUrl);
    await s.send("Profiler.enable");
    await s.send("Profiler.setSamplingInterval", { interval: 200 });
    await s.send("Profiler.start");
    sessions.push(s);
  }
  if (!sessions.length) throw new Error(`no devtools target on port ${devtoolsPort}`);
  return async () => {
    const profiles: Profile[] = [];
    for (const s of sessions) {
      const { profile } = await s.send<{ profile: Profile }>("Profiler.stop");
      profiles.push(profile);
      s.close();
    }
    profiles.forEach((p, i) => writeFileSync(i ? `${file}.${i}` : file, JSON.stringify(p)));
    return profiles.map((p) => summary(p)).join("\n");
  };
}

/** Top functions by self time and by total time (a function counted once per sample, however deep it recurs). */
export function summary(p: Profile, top = 30): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: Node) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    all += us;
    const leaf = byId.get(id);
    if (!leaf) return;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + us);
    const seen = new Set<string>();
    for (let n: Node | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const k = name(n);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + us);
    }
  });
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, us]) =>
          `  ${((100 * us) / all).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
      )
      .join("\n");
  return `profile: ${(all / 1000).toFixed(0)} ms sampled\n self time:\n${rows(self)}\n total time:\n${rows(total)}`;
}
