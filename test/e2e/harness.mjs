/**
 * A deliberately small test runner for the browser suite: named tests run one after another,
 * each with a timeout; a failing test leaves a screenshot of every page it opened.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

/** The running test's list of retried waits (tests run one at a time); see `recordRetry`. */
let activeRetried = null;

/**
 * Records a wait retried after the local server never answered (a request outside any page, such as
 * the API client's): it shows with the running test's result, like a retried navigation.
 * @param {string} what
 */
export function recordRetry(what) {
  activeRetried?.push(what);
  console.log(`    · ${what}; retrying once`);
}

export class Suite {
  /** @param {{ outDir: string, filter?: RegExp }} opts */
  constructor(opts) {
    this.outDir = opts.outDir;
    this.filter = opts.filter;
    /** @type {{ name: string, status: "passed" | "failed", ms: number, error?: string, retried?: string[] }[]} */
    this.results = [];
    // Screenshots from an earlier run would be mistaken for this run's failures.
    rmSync(path.join(this.outDir, "failures"), { recursive: true, force: true });
    mkdirSync(path.join(this.outDir, "failures"), { recursive: true });
  }

  /**
   * Runs `fn(t)`; `t.track(page)` registers pages to photograph if the test fails.
   * @param {string} name
   * @param {(t: { track: (page: import("playwright-core").Page) => import("playwright-core").Page, log: (msg: string) => void }) => Promise<void>} fn
   * @param {{ timeoutMs?: number }} [opts]
   */
  async test(name, fn, opts = {}) {
    if (this.filter && !this.filter.test(name)) return;
    const started = Date.now();
    /** @type {import("playwright-core").Page[]} */
    const pages = [];
    /** Navigations retried after hanging: recorded with the result, so a retry never passes unseen. */
    const retried = [];
    activeRetried = retried;
    /** Requests a tracked page started and that have neither finished nor failed: printed when the test fails. */
    const inFlight = new Map();
    /** @param {[import("playwright-core").Request, { at: number }][]} entries */
    const describe = (entries) =>
      entries.map(([r, v]) => `${r.method()} ${r.url().slice(0, 120)} (${Date.now() - v.at} ms)`);
    const t = {
      track: (page) => {
        pages.push(page);
        page.on("request", (r) => inFlight.set(r, { at: Date.now(), page }));
        page.on("requestfinished", (r) => inFlight.delete(r));
        page.on("requestfailed", (r) => inFlight.delete(r));
        // The local dev server (wrangler dev) now and then never answers one request (a static asset,
        // once an API call); the navigation, or the wait for the network to settle, then waits for
        // ever. It is retried once (a wait: after reloading the page), and said so in the output.
        for (const method of /** @type {const} */ (["goto", "reload", "waitForLoadState"])) {
          const original = page[method].bind(page);
          page[method] = /** @type {any} */ (
            async (...args) => {
              try {
                return await original(...args);
              } catch (err) {
                if (!(err instanceof Error) || err.name !== "TimeoutError") throw err;
                const mine = [...inFlight].filter(([, v]) => v.page === page);
                const what = `${method} timed out with ${describe(mine).join(", ") || "no request"} in flight`;
                retried.push(what);
                t.log(`${what}; retrying once`);
                for (const [r] of mine) inFlight.delete(r);
                // A second goto to the same URL with a #route would only move the fragment: leave the page first.
                if (method === "goto") await original("about:blank").catch(() => undefined);
                if (method === "waitForLoadState") await page.reload({ waitUntil: "load" });
                return await original(...args);
              }
            }
          );
        }
        return page;
      },
      log: (msg) => console.log(`    · ${msg}`),
    };
    const timeoutMs = opts.timeoutMs ?? 90_000;
    let timer;
    let timedOut = false;
    const extra = () => (retried.length ? { retried } : {});
    try {
      await Promise.race([
        fn(t),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(new Error(`timed out after ${timeoutMs} ms`));
          }, timeoutMs);
        }),
      ]);
      this.record(name, "passed", started, undefined, extra());
    } catch (err) {
      let message =
        err instanceof Error ? err.message.split("\n").slice(0, 6).join("\n") : String(err);
      const pending = describe([...inFlight]);
      if (pending.length)
        message += `\nrequests still in flight:\n  ${pending.slice(0, 10).join("\n  ")}`;
      this.record(name, "failed", started, message, extra());
      await Promise.all(
        pages.map((p, i) =>
          p
            .screenshot({
              path: path.join(this.outDir, "failures", `${slug(name)}-${i}.png`),
              fullPage: false,
            })
            .catch(() => undefined),
        ),
      );
      // A timed-out body is still running: closing its pages makes its next await on them reject,
      // so it cannot act on (or fail) the tests that follow.
      if (timedOut) await Promise.all(pages.map((p) => p.close().catch(() => undefined)));
    } finally {
      clearTimeout(timer);
      if (activeRetried === retried) activeRetried = null;
    }
  }

  /** A test that could not run because what it needs failed earlier: counted as failed, never skipped. */
  blocked(name, reason) {
    if (this.filter && !this.filter.test(name)) return;
    this.record(name, "failed", Date.now(), `blocked: ${reason}`);
  }

  /** @param {{ retried?: string[] }} [extra] */
  record(name, status, started, error, extra = {}) {
    const ms = Date.now() - started;
    this.results.push({ name, status, ms, ...(error ? { error } : {}), ...extra });
    const mark = status === "passed" ? "✓" : "✗";
    const retriedNote = extra.retried?.length
      ? ` [retried ${extra.retried.length} navigation(s)]`
      : "";
    console.log(
      `  ${mark} ${name} (${ms} ms)${retriedNote}${error ? `\n      ${error.replace(/\n/g, "\n      ")}` : ""}`,
    );
  }

  get passed() {
    return this.results.filter((r) => r.status === "passed").length;
  }

  get failed() {
    return this.results.filter((r) => r.status === "failed").length;
  }
}

export function slug(s) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80);
}

/** Throws with a readable message unless `cond`. */
export function ok(cond, message) {
  if (!cond) throw new Error(message);
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually(
  fn,
  { timeoutMs = 15_000, intervalMs = 200, message = "condition" } = {},
) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `${message} did not happen within ${timeoutMs} ms${last ? `: ${last.message ?? last}` : ""}`,
  );
}
