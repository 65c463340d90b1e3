/**
 * Starts the real Worker with `wrangler dev --local` on a free loopback port, with a fresh state
 * directory (D1 migrated first) or an earlier run's (to restart after a crash), and test secrets
 * passed as vars. Only loopback traffic.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const ENCRYPTION_KEY = "YmVuY2gtZW5jcnlwdGlvbi1rZXktMzItYnl0ZXMtMDEy";
const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules/.bin/wrangler");
const ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_COLOR: "1",
};

export interface Worker {
  base: string;
  host: string;
  port: number;
  /** The devtools port, or 0 when the server runs without wrangler's inspector relay. */
  inspector: number;
  persist: string;
  /** Process group of the server (wrangler, workerd and their helpers), for CPU accounting. */
  pid: number;
  /** Milliseconds from spawning `wrangler dev` to the first good answer of /healthz. */
  readyMs: number;
  d1<T>(sql: string): T[];
  /** SIGKILL to the server's whole process group (wrangler and workerd), as a crash or `kill -9` would; resolves once wrangler is gone. Keeps the state directory. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/** Ports handed out so far in this process (a range is shared by several servers started in one run). */
const handedOut = new Set<number>();

/** A free loopback port: any, or one in EDGEDESK_BENCH_PORTS ("18960-18979") when the machine is shared. */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.EDGEDESK_BENCH_PORTS ?? "");
  if (!range) return listenOn(0);
  for (let p = Number(range[1]); p <= Number(range[2]); p++) {
    if (handedOut.has(p)) continue;
    const ok = await listenOn(p).then(
      () => true,
      () => false,
    );
    if (ok) {
      handedOut.add(p);
      return p;
    }
  }
  throw new Error(`no free port in EDGEDESK_BENCH_PORTS=${process.env.EDGEDESK_BENCH_PORTS}`);
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(port, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * The project's wrangler.toml, or a copy without the consumers of `skipConsumers` (to time one path
 * alone). The copy lives under .wrangler/ (git-ignored), so its relative paths get a `../../` prefix.
 */
function configFor(skipConsumers: string[], main?: string): string[] {
  if (!skipConsumers.length && !main) return [];
  let toml = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
  if (main) toml = toml.replace(/^main = ".*"$/m, `main = "${main}"`);
  for (const q of skipConsumers)
    toml = toml.replace(new RegExp(`\\[\\[queues\\.consumers\\]\\]\\nqueue = "${q}"[^\\[]*`), "");
  toml = toml.replace(/^(main|directory|migrations_dir) = "(?!\/)/gm, '$1 = "../../');
  const dir = path.join(ROOT, ".wrangler/bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `wrangler.${process.pid}.toml`);
  writeFileSync(file, toml);
  return ["--config", file];
}

export interface StartOptions {
  skipConsumers?: string[];
  /** An earlier server's state directory, reused as it is (that server must be gone). */
  persist?: string;
  /**
   * Wrangler's devtools relay (default on, as before). Off: wrangler 4.86's `dev` has no flag for it,
   * only the switch it uses inside VS Code's debug terminal (VSCODE_INSPECTOR_OPTIONS), as `npm run dev` does.
   */
  inspector?: boolean;
  /** Another worker's wrangler config (e.g. the fanout bench's reference): no D1 migrations, no Edgedesk vars. */
  config?: string;
  /** How often /healthz is tried while the server starts (default 300 ms). */
  pollMs?: number;
  /** Another entry module for the project's Worker (relative to the repo), e.g. bench/fanout-counting/entry.ts. */
  main?: string;
}

export async function startWorker(opts: StartOptions = {}): Promise<Worker> {
  const persist = opts.persist ?? mkdtempSync(path.join(tmpdir(), "edgedesk-bench-"));
  mkdirSync(path.join(ROOT, "web/dist"), { recursive: true });
  const config = opts.config
    ? ["--config", opts.config]
    : configFor(opts.skipConsumers ?? [], opts.main);
  if (!opts.persist && !opts.config) {
    const migrate = spawnSync(
      WRANGLER,
      ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist, ...config],
      { cwd: ROOT, env: ENV, encoding: "utf8" },
    );
    if (migrate.status !== 0)
      throw new Error(`migrations failed: ${migrate.stderr || migrate.stdout}`);
  }
  const withInspector = opts.inspector ?? true;
  const [port, inspector] = [await freePort(), withInspector ? await freePort() : 0];
  const log = openSync(path.join(persist, "wrangler.log"), "a");
  const vars = opts.config
    ? []
    : [
        "--var",
        `ENCRYPTION_KEY:${ENCRYPTION_KEY}`,
        "--var",
        "SIGNING_KEY:bench-signing-key",
        "--var",
        "SEED_DEMO:false",
      ];
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      ...config,
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      ...(withInspector ? ["--inspector-port", String(inspector)] : []),
      "--persist-to",
      persist,
      "--show-interactive-dev-session=false",
      "--log-level",
      process.env.EDGEDESK_BENCH_LOG ?? "warn",
      ...vars,
    ],
    {
      cwd: ROOT,
      env: withInspector
        ? ENV
        : { ...ENV, VSCODE_INSPECTOR_OPTIONS: ENV.VSCODE_INSPECTOR_OPTIONS || "{}" },
      stdio: ["ignore", log, log],
      detached: true,
    },
  );
  // However this process ends (a crash included), the server it started goes with it.
  const kill = () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", kill);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => process.exit(130));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until || child.exitCode !== null)
      throw new Error(`wrangler dev did not start; see ${persist}/wrangler.log`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
  }
  const readyMs = performance.now() - spawnedAt;
  return {
    base,
    host: "127.0.0.1",
    port,
    inspector,
    persist,
    pid: child.pid ?? 0,
    readyMs,
    d1<T>(sql: string): T[] {
      const out = spawnSync(
        WRANGLER,
        [
          "d1",
          "execute",
          "DB",
          "--local",
          "--persist-to",
          persist,
          "--json",
          "--command",
          sql,
          ...config,
        ],
        { cwd: ROOT, env: ENV, encoding: "utf8" },
      );
      if (out.status !== 0) throw new Error(`d1 execute failed: ${out.stderr}`);
      return (JSON.parse(out.stdout) as { results: T[] }[])[0].results;
    },
    async crash() {
      kill();
      await exited;
      process.off("exit", kill);
      if (config.length && !opts.config) rmSync(config[1], { force: true });
    },
    async stop() {
      if (child.pid && child.exitCode === null) {
        process.kill(-child.pid, "SIGTERM");
        await new Promise((r) => setTimeout(r, 1500));
        kill();
      }
      process.off("exit", kill);
      handedOut.delete(port);
      handedOut.delete(inspector);
      if (!process.env.EDGEDESK_BENCH_KEEP) rmSync(persist, { recursive: true, force: true });
      if (config.length && !opts.config) rmSync(config[1], { force: true });
    },
  };
}
