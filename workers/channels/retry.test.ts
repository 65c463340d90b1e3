import { describe, expect, it } from "vitest";
import type { SendResult } from "./adapter";
import { backoffDelay, withRetries } from "./retry";
import { whatsappAdapter } from "./whatsapp";
import { jsonResponse, mockFetch } from "./testing/mock-fetch";

const failure = (retryable: boolean, retryAfterMs?: number): SendResult => ({
  ok: false,
  retryable,
  status: retryable ? 503 : 400,
  code: "X",
  message: "x",
  ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
});

describe("withRetries", () => {
  it("should back off exponentially with full jitter until success", async () => {
    const sleeps: number[] = [];
    const results = [
      failure(true),
      failure(true),
      failure(true),
      { ok: true as const, externalMessageId: "m1" },
    ];
    const attempts: number[] = [];
    const result = await withRetries(
      async (n) => {
        attempts.push(n);
        return results[n - 1];
      },
      { attempts: 5, baseMs: 100, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    );
    expect(result).toEqual({ ok: true, externalMessageId: "m1" });
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it("should stop at a permanent failure and after the last attempt", async () => {
    let calls = 0;
    const permanent = await withRetries(
      async () => {
        calls++;
        return failure(false);
      },
      { attempts: 5, baseMs: 10, sleep: async () => {} },
    );
    expect(permanent).toMatchObject({ ok: false, retryable: false });
    expect(calls).toBe(1);
    calls = 0;
    const exhausted = await withRetries(
      async () => {
        calls++;
        return failure(true);
      },
      { attempts: 3, baseMs: 10, sleep: async () => {} },
    );
    expect(exhausted).toMatchObject({ ok: false, retryable: true });
    expect(calls).toBe(3);
  });

  it("should wait at least Retry-After and never more than maxMs", () => {
    const opts = { attempts: 3, baseMs: 100, maxMs: 5000, random: () => 0.99 };
    expect(backoffDelay(1, opts, 3000)).toBe(3000);
    expect(backoffDelay(1, opts)).toBe(99);
    expect(backoffDelay(10, opts)).toBe(4950);
    expect(backoffDelay(1, opts, 60_000)).toBe(5000);
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(0);
  });

  it("should drive a real adapter through 429 then success", async () => {
    const fetch = mockFetch(
      jsonResponse({ error: { code: 130429, message: "Rate limit hit" } }, 429, {
        "retry-after": "2",
      }),
      jsonResponse({ messages: [{ id: "wamid.OK" }] }),
    );
    const sleeps: number[] = [];
    const creds = { accessToken: "t", phoneNumberId: "1", appSecret: "s" };
    const result = await withRetries(
      () => whatsappAdapter.send({ to: "1", text: "hi" }, creds, { fetch }),
      { attempts: 3, baseMs: 100, sleep: async (ms) => void sleeps.push(ms), random: () => 0 },
    );
    expect(result).toEqual({ ok: true, externalMessageId: "wamid.OK" });
    expect(sleeps).toEqual([2000]);
    expect(fetch.calls).toHaveLength(2);
  });
});
