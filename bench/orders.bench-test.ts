/**
 * `npm run bench -- orders`: an order-status question answered end to end with the store 200 ms away.
 * Each sample is a fresh tenant with a Shopify store connected (mocked at the fetch boundary, every
 * store call delayed by STORE_LATENCY_MS) and a WhatsApp channel; the clock runs from the inbound
 * queue's consumer receiving the acknowledged webhook event to the AI's reply standing in the
 * conversation's log, recorded in the same step as its outbound send. Prints one summary line.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { addChannel, inbound, readMessages } from "../test/engine-helpers";
import { mockStores, SHOPIFY } from "../test/fixtures/stores/mock-stores";
import { call, signupTenant } from "../test/helpers";

const SAMPLES = 20;
const STORE_LATENCY_MS = 200;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

afterAll(() => vi.restoreAllMocks());

describe("bench orders", () => {
  it("answers an order-status question end to end", async () => {
    const m = mockStores({ latencyMs: STORE_LATENCY_MS });
    vi.spyOn(globalThis, "fetch").mockImplementation(m.fetch);
    const ms: number[] = [];
    let storeCalls = 0;
    let answered = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const owner = await signupTenant(`Orders bench ${i}`);
      const connected = await call("POST", "/api/stores", {
        cookie: owner.cookie,
        body: {
          type: "shopify",
          credentials: {
            shop: "snowdevil",
            accessToken: SHOPIFY.accessToken,
            apiSecret: SHOPIFY.apiSecret,
          },
        },
      });
      expect(connected.status).toBe(201);
      const wa = await addChannel(owner.tenantId, "whatsapp");
      const before = m.seen.length;
      const t0 = performance.now();
      const conv = await inbound(owner.tenantId, wa, "whatsapp", "557734881234", [
        "Hi, where is my order #1001?",
      ]);
      let reply: string | undefined;
      for (;;) {
        reply = (await readMessages(owner.cookie, conv)).find((x) => x.author.type === "ai")?.text;
        if (reply || performance.now() - t0 > 30_000) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      ms.push(performance.now() - t0);
      storeCalls += m.seen.length - before;
      if (reply?.includes("shipped")) answered++;
    }
    ms.sort((a, b) => a - b);
    const line = `orders: samples=${SAMPLES} store_latency_ms=${STORE_LATENCY_MS} answered=${answered} store_calls_per_question=${(storeCalls / SAMPLES).toFixed(2)} p50_ms=${percentile(ms, 50).toFixed(0)} p99_ms=${percentile(ms, 99).toFixed(0)}`;
    console.log(line);
    // The bench measures; it only checks that what it measured is an answered order question.
    expect(answered).toBe(SAMPLES);
    expect(storeCalls).toBeGreaterThanOrEqual(SAMPLES);
  }, 600_000);
});
