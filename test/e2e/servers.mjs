/**
 * The real product for the browser suite: `wrangler dev --local` on free ports with a fresh
 * persistence directory (migrations applied first), plus a tiny "shop" on another origin that
 * embeds the widget snippet under a strict Content-Security-Policy.
 */
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

const quietEnv = () => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_COLOR: "1",
  CI: "1",
});

/** Starts the Worker; resolves once /healthz answers. `stop()` ends only the process it started. */
export async function startWorker({ root, persistDir, logFile, vars = {} }) {
  const wrangler = path.join(root, "node_modules", "wrangler", "bin", "wrangler.js");
  execFileSync(
    process.execPath,
    [wrangler, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir],
    { cwd: root, env: quietEnv(), stdio: "pipe" },
  );
  const port = await freePort();
  const inspector = await freePort();
  const args = [
    wrangler,
    "dev",
    "--local",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspector),
    "--persist-to",
    persistDir,
    "--show-interactive-dev-session=false",
    "--var",
    `ENCRYPTION_KEY:${randomBytes(32).toString("base64")}`,
    "--var",
    `SIGNING_KEY:${randomBytes(32).toString("hex")}`,
    "--var",
    `PUBLIC_BASE_URL:http://127.0.0.1:${port}`,
    ...Object.entries(vars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: quietEnv(),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`wrangler dev exited with ${child.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline)
      throw new Error(`wrangler dev did not answer /healthz within 90 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    port,
    /** Synchronous last resort for process exit and signals: nothing may outlive the run. */
    killNow() {
      if (child.exitCode !== null) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      // The whole group: wrangler starts workerd as a child of its own.
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const SHOP_CSS = `* { box-sizing: border-box } body { font: 18px Georgia, serif; margin: 0; background: #fff7ed; color: #1c1917 }
button { background: rgb(255, 0, 0); color: rgb(255, 255, 0); border: 4px dotted rgb(0, 128, 0); font-size: 30px; padding: 20px }
div, p, span { letter-spacing: 3px } main { padding: 2rem } .product { border: 1px solid #ddd; padding: 1rem; margin: 1rem 0 }`;
const SHOP_JS = `document.getElementById("shop-open-chat").addEventListener("click", function () { window.Edgedesk.open(); });`;

/**
 * A shop on another origin. Its CSP allows scripts, styles and connections only from itself and the
 * Edgedesk origin (no 'unsafe-inline', no 'unsafe-eval'); its CSS is loud on purpose (leak test).
 */
export async function startShop({ edgedeskUrl }) {
  const port = await freePort();
  const ws = edgedeskUrl.replace(/^http/, "ws");
  const state = { snippet: "" };
  const csp = [
    "default-src 'none'",
    `script-src 'self' ${edgedeskUrl}`,
    `style-src 'self' ${edgedeskUrl}`,
    `connect-src 'self' ${edgedeskUrl} ${ws}`,
    `img-src 'self' ${edgedeskUrl} data: blob:`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "object-src 'none'",
  ].join("; ");
  const page =
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test shop</title>
<link rel="stylesheet" href="/shop.css"></head><body><main><h1>Test shop</h1>
<div class="product"><p>Trail shoes — €89</p><button type="button" id="shop-open-chat">Chat with us</button></div>
</main>${state.snippet}<script src="/shop.js"></script></body></html>`;
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? "/", "http://x").pathname;
    if (p === "/shop.css") return res.writeHead(200, { "content-type": "text/css" }).end(SHOP_CSS);
    if (p === "/shop.js")
      return res.writeHead(200, { "content-type": "text/javascript" }).end(SHOP_JS);
    if (p === "/" || p === "/index.html")
      return res
        .writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": csp,
        })
        .end(page());
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(port, "localhost", () => r(undefined)));
  return {
    url: `http://localhost:${port}/`,
    setSnippet(html) {
      state.snippet = html;
    },
    stop: () => new Promise((r) => server.close(() => r(undefined))),
  };
}
