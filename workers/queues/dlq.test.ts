import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import wranglerToml from "../../wrangler.toml?raw";
import { runConsumer } from "../../test/engine-helpers";
import { MAX_RETRIES } from "../wire/queue";

/** `max_retries` per consumer queue, read from wrangler.toml's [[queues.consumers]] blocks. */
function configuredRetries(toml: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const block of toml.split("[[queues.consumers]]").slice(1)) {
    const queue = block.match(/^\s*queue\s*=\s*"([^"]+)"/m)?.[1];
    const retries = block.match(/^\s*max_retries\s*=\s*(\d+)/m)?.[1];
    if (queue && retries) out[queue] = Number(retries);
  }
  return out;
}

describe("dead-letter consumer", () => {
  it("should know each queue's max_retries as wrangler.toml configures it", () => {
    expect(configuredRetries(wranglerToml)).toEqual(MAX_RETRIES);
  });

  it("should record the attempts the origin queue made, not the DLQ's own count", async () => {
    const tenantId = `ten_dlq_${crypto.randomUUID().slice(0, 8)}`;
    const bodies = [
      { v: 1, kind: "event", tenantId },
      { v: 1, kind: "send", tenantId },
      { kind: "kb_import", tenantId },
    ];
    await runConsumer(
      "edgedesk-dlq",
      bodies.map((body, i) => ({ id: `dlq-${i}-${crypto.randomUUID()}`, body, attempts: 1 })),
    );
    const { results } = await env.DB.prepare(
      "SELECT queue, attempts, error FROM dead_letters WHERE tenant_id = ? ORDER BY queue",
    )
      .bind(tenantId)
      .all<{ queue: string; attempts: number; error: string }>();
    expect(results.map((r) => [r.queue, r.attempts])).toEqual([
      ["edgedesk-inbound", 6],
      ["edgedesk-jobs", 4],
      ["edgedesk-outbound", 9],
    ]);
    expect(results[0].error).toBe("retries exhausted after 6 attempt(s) on edgedesk-inbound");
  });
});
