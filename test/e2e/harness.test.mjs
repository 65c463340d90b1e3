// node --test test/e2e/harness.test.mjs
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { Suite } from "./harness.mjs";
import { API_READ_TIMEOUT_MS, api } from "./helpers.mjs";

/**
 * Just enough of a Playwright page: `goto` and `waitForLoadState` hang (TimeoutError) the first
 * `hangs` times; `close` makes later calls reject; `reloads` counts reloads.
 */
function fakePage(hangs = 0) {
  let closed = false;
  let calls = 0;
  let waits = 0;
  return {
    reloads: 0,
    get closed() {
      return closed;
    },
    on() {},
    async goto() {
      if (closed) throw new Error("Target page, context or browser has been closed");
      calls++;
      if (calls <= hangs)
        throw Object.assign(new Error("Timeout 30000ms exceeded"), { name: "TimeoutError" });
      return null;
    },
    async reload() {
      this.reloads++;
      return null;
    },
    async waitForLoadState() {
      waits++;
      if (waits <= hangs)
        throw Object.assign(new Error("Timeout 30000ms exceeded"), { name: "TimeoutError" });
    },
    async screenshot() {},
    async close() {
      closed = true;
    },
  };
}

const quietSuite = () => {
  const suite = new Suite({ outDir: mkdtempSync(path.join(os.tmpdir(), "harness-test-")) });
  suite.record = function (name, status, started, error, extra = {}) {
    this.results.push({
      name,
      status,
      ms: Date.now() - started,
      ...(error ? { error } : {}),
      ...extra,
    });
  };
  return suite;
};

describe("Suite", () => {
  it("should record a navigation retried after hanging with the test's result", async () => {
    const suite = quietSuite();
    await suite.test("hangs once", async (t) => {
      const page = t.track(fakePage(1));
      await page.goto("http://x/");
    });
    await suite.test("never hangs", async (t) => {
      await t.track(fakePage(0)).goto("http://x/");
    });
    assert.equal(suite.results[0].status, "passed");
    assert.equal(suite.results[0].retried?.length, 1);
    assert.match(suite.results[0].retried[0], /goto timed out/);
    assert.equal(suite.results[1].retried, undefined);
  });

  it("should reload once and wait again when the network never settles, and record it", async () => {
    const suite = quietSuite();
    const page = fakePage(1);
    await suite.test("settles after a reload", async (t) => {
      await t.track(page).waitForLoadState("networkidle");
    });
    assert.equal(suite.results[0].status, "passed");
    assert.equal(page.reloads, 1);
    assert.match(suite.results[0].retried?.[0] ?? "", /waitForLoadState timed out/);

    const stuck = fakePage(2);
    await suite.test("never settles", async (t) => {
      await t.track(stuck).waitForLoadState("networkidle");
    });
    assert.equal(suite.results[1].status, "failed");
  });

  it("should send a hung API read once more, with a shorter timeout than eventually's, and record it", async () => {
    const suite = quietSuite();
    const sent = [];
    let hangs = 1;
    const context = {
      request: {
        async fetch(url, opts) {
          sent.push({ url, method: opts.method, timeout: opts.timeout });
          if (opts.method === "GET" && hangs-- > 0)
            throw Object.assign(new Error("apiRequestContext.fetch: Timeout exceeded."), {
              name: "TimeoutError",
            });
          return { status: () => 200, text: async () => '{"ok":true}' };
        },
      },
    };
    let got;
    await suite.test("a read hangs once", async () => {
      got = await api(context, "http://x", "GET", "/api/conversations");
    });
    assert.equal(suite.results[0].status, "passed");
    assert.deepEqual(got, { ok: true });
    assert.equal(sent.length, 2);
    assert.ok(sent[0].timeout < 15_000 && sent[0].timeout === API_READ_TIMEOUT_MS);
    assert.match(suite.results[0].retried?.[0] ?? "", /GET \/api\/conversations timed out/);

    // A write is never sent twice: it may have reached the server.
    hangs = 0;
    sent.length = 0;
    await suite.test("a write", async () => {
      await api(context, "http://x", "POST", "/api/kb/entries", {});
    });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].timeout, undefined);
    assert.equal(suite.results[1].retried, undefined);
  });

  it("should stop a timed-out test's body by closing its pages", async () => {
    const suite = quietSuite();
    const page = fakePage(0);
    let reachedAfterTimeout = false;
    let bodyError;
    let bodyEnded;
    const ended = new Promise((r) => {
      bodyEnded = r;
    });
    await suite.test(
      "too slow",
      async (t) => {
        t.track(page);
        await new Promise((r) => setTimeout(r, 100));
        try {
          await page.goto("http://x/");
          reachedAfterTimeout = true;
        } catch (e) {
          bodyError = e;
        } finally {
          bodyEnded();
        }
      },
      { timeoutMs: 20 },
    );
    // The body runs on after the timeout: wait for it to end, however long that takes.
    await ended;
    assert.equal(suite.results[0].status, "failed");
    assert.match(suite.results[0].error, /timed out after 20 ms/);
    assert.equal(page.closed, true);
    assert.equal(reachedAfterTimeout, false);
    assert.match(String(bodyError), /closed/);
  });
});
