import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, afterEach } from "vitest";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

/**
 * Tests run offline: a request to any host but a loopback one must be mocked
 * (`vi.spyOn(globalThis, "fetch")`, which wraps this guard and falls back to it when restored).
 * An unmocked request is refused before it leaves the process and fails the test it ran in;
 * one started by work a test left running shows up in the next test or at the end of the file.
 */
const LOOPBACK = /^(localhost|.+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const escaped: string[] = [];
const passThrough = globalThis.fetch;
globalThis.fetch = async function offlineFetch(input, init) {
  const req = new Request(input, init);
  const url = new URL(req.url);
  if (LOOPBACK.test(url.hostname)) return passThrough(input, init);
  escaped.push(`${req.method} ${url.origin}${url.pathname}`);
  throw new TypeError(`unmocked request to ${url.host} in a test: tests run offline`);
};

function noEscapedRequests() {
  const seen = escaped.splice(0);
  if (seen.length) throw new Error(`unmocked requests to the network: ${seen.join(", ")}`);
}
afterEach(noEscapedRequests);
afterAll(noEscapedRequests);
