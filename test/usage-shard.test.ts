/**
 * Usage counters and processed markers in the tenant's shard: the one-off move of a tenant's D1 rows
 * (idempotent, resumable, reads unchanged throughout) and the markers' retention window.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { shardStub } from "../durable-objects/rpc";
import { monthTotals, utcDay } from "../workers/analytics/usage";
import { moveUsageRows, queueUsageMoves } from "../workers/services/usage-move";
import { MARKER_RETENTION_MS } from "../workers/wire/shard";
import { shardRows } from "./engine-helpers";
import { call, signupTenant, type Caller } from "./helpers";

const DAY = 24 * 3600_000;

/** Rows as a deployment from before the shards wrote them. */
async function seedD1(tenantId: string, now: number): Promise<void> {
  const today = utcDay(now);
  const stmts = [
    ["ai_replies", 4],
    ["messages", 9],
    ["translated_chars", 1500],
    ["embeddings", 2],
  ].map(([metric, value]) =>
    env.DB.prepare(
      "INSERT INTO usage_counters (tenant_id, day, metric, value) VALUES (?, ?, ?, ?)",
    ).bind(tenantId, today, metric, value),
  );
  stmts.push(
    env.DB.prepare(
      "INSERT INTO usage_counters (tenant_id, day, metric, value) VALUES (?, ?, 'messages', 70)",
    ).bind(tenantId, utcDay(now - 100 * DAY)),
  );
  for (const [key, at] of [
    ["e-recent-1", now - DAY],
    ["e-recent-2", now - 2 * DAY],
    ["e-old", now - MARKER_RETENTION_MS - DAY],
  ] as const)
    stmts.push(
      env.DB.prepare(
        "INSERT INTO ops_processed_events (event_key, tenant_id, at) VALUES (?, ?, ?)",
      ).bind(`${tenantId}:${key}`, tenantId, at),
    );
  await env.DB.batch(stmts);
}

const d1Rows = async (tenantId: string) =>
  (
    await env.DB.prepare(
      "SELECT (SELECT count(*) FROM usage_counters WHERE tenant_id = ?1) + (SELECT count(*) FROM ops_processed_events WHERE tenant_id = ?1) AS n",
    )
      .bind(tenantId)
      .first<{ n: number }>()
  )?.n;

async function usagePage(owner: Caller) {
  const res = await call("GET", `/api/usage?from=${utcDay(Date.now() - 300 * DAY)}`, {
    cookie: owner.cookie,
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    monthTotals: Record<string, number>;
    days: { day: string; metric: string; value: number }[];
  };
  return { monthTotals: body.monthTotals, days: body.days };
}

describe("usage in the tenant's shard", () => {
  it("should move a tenant's D1 counters and markers a page per job, resumably, once, with the same totals throughout", async () => {
    const owner = await signupTenant();
    const stranger = await signupTenant();
    const now = Date.now();
    await seedD1(owner.tenantId, now);
    await seedD1(stranger.tenantId, now);
    const shard = shardStub(env, owner.tenantId);
    // Counted in the shard since the deploy: one AI reply today.
    expect(
      await shard.recordEvents([{ key: "e-new", day: utcDay(now), metrics: ["ai_replies"] }]),
    ).toEqual([true]);
    const before = await usagePage(owner);
    expect(before.monthTotals).toEqual({
      ai_replies: 5,
      messages: 9,
      translated_chars: 1500,
      embeddings: 2,
    });
    expect(before.days).toContainEqual({
      day: utcDay(now - 100 * DAY),
      metric: "messages",
      value: 70,
    });

    const sent: unknown[] = [];
    const jobsEnv = {
      DB: env.DB,
      TENANT_SHARD: env.TENANT_SHARD,
      JOBS_QUEUE: {
        send: async (body: unknown) => void sent.push(body),
        sendBatch: async (msgs: { body: unknown }[]) => void sent.push(...msgs.map((m) => m.body)),
      } as unknown as Queue,
    };
    expect(await queueUsageMoves(jobsEnv)).toBeGreaterThanOrEqual(2);
    expect(sent).toContainEqual({ kind: "usage_move", tenantId: owner.tenantId });
    sent.length = 0;

    // A job that stops after writing its page to the shard, before deleting it from D1.
    let batches = 0;
    const stopping = {
      ...jobsEnv,
      DB: new Proxy(env.DB, {
        get: (db, prop) =>
          prop === "batch"
            ? (stmts: D1PreparedStatement[]) => {
                if (++batches === 2) throw new Error("stopped");
                return db.batch(stmts);
              }
            : Reflect.get(db, prop).bind(db),
      }),
    };
    const body = { kind: "usage_move", tenantId: owner.tenantId };
    await expect(moveUsageRows(stopping, body, now, 2)).rejects.toThrow("stopped");
    expect(await usagePage(owner)).toEqual(before);

    let job: unknown = body;
    for (let jobs = 1; ; jobs++) {
      const r = await moveUsageRows(jobsEnv, job, now, 2);
      if (r.done) break;
      job = sent.at(-1);
      expect(sent.length).toBe(jobs);
      expect(jobs).toBeLessThan(10);
    }
    expect(await d1Rows(owner.tenantId)).toBe(0);
    expect(await d1Rows(stranger.tenantId)).toBe(8);
    expect(await usagePage(owner)).toEqual(before);
    // A redelivery of the job moves nothing and changes nothing.
    expect(await moveUsageRows(jobsEnv, body, now, 2)).toEqual({
      counters: 0,
      markers: 0,
      done: true,
    });
    expect(await usagePage(owner)).toEqual(before);
    // Markers in their window came along (their events do not count again); the expired one did not.
    expect(
      await shard.recordEvents([
        { key: "e-recent-1", day: utcDay(now), metrics: ["messages"] },
        { key: "e-old", day: utcDay(now), metrics: ["messages"] },
      ]),
    ).toEqual([false, true]);
    expect((await monthTotals(env, owner.tenantId, now)).messages).toBe(10);
    // The other tenant is untouched and still read from D1.
    expect((await monthTotals(env, stranger.tenantId, now)).ai_replies).toBe(4);
  });

  it("should count an event first handled before the deploy once when it is redelivered before the tenant's usage move", async () => {
    const owner = await signupTenant();
    const now = Date.now();
    const today = utcDay(now);
    // Handled before the deploy: D1's marker and D1's counter.
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO usage_counters (tenant_id, day, metric, value) VALUES (?, ?, 'messages', 1)",
      ).bind(owner.tenantId, today),
      env.DB.prepare(
        "INSERT INTO ops_processed_events (event_key, tenant_id, at) VALUES (?, ?, ?)",
      ).bind(`${owner.tenantId}:e-before`, owner.tenantId, now - 3600_000),
    ]);
    const shard = shardStub(env, owner.tenantId);
    const redelivered = { key: "e-before", day: today, metrics: ["messages"] };
    expect(await shard.recordEvents([redelivered])).toEqual([false]);
    expect((await monthTotals(env, owner.tenantId, now)).messages).toBe(1);
    // A new event in the same job still counts.
    expect(
      await shard.recordEvents([
        redelivered,
        { key: "e-after", day: today, metrics: ["messages"] },
      ]),
    ).toEqual([false, true]);
    expect((await monthTotals(env, owner.tenantId, now)).messages).toBe(2);
    // The move, then one more redelivery: still counted once.
    const jobsEnv = {
      DB: env.DB,
      TENANT_SHARD: env.TENANT_SHARD,
      JOBS_QUEUE: { send: async () => {}, sendBatch: async () => {} } as unknown as Queue,
    };
    expect(
      (await moveUsageRows(jobsEnv, { kind: "usage_move", tenantId: owner.tenantId })).done,
    ).toBe(true);
    expect(await shard.recordEvents([redelivered])).toEqual([false]);
    expect((await monthTotals(env, owner.tenantId, now)).messages).toBe(2);
  });

  it("should stop looking in D1 for markers once the tenant has nothing there", async () => {
    const owner = await signupTenant();
    const shard = shardStub(env, owner.tenantId);
    expect(
      await shard.recordEvents([{ key: "e1", day: "2026-03-10", metrics: ["messages"] }]),
    ).toEqual([true]);
    const [flag] = await shardRows<{ n: number }>(
      owner.tenantId,
      "SELECT count(*) AS n FROM shard_kv WHERE key = 'usage_legacy_moved'",
    );
    expect(flag.n).toBe(1);
  });

  it("should keep a marker for its retention window after the first delivery, then drop it", async () => {
    const shard = shardStub(env, `t-${crypto.randomUUID()}`);
    const mark = { key: "e1", day: "2026-03-10", metrics: ["messages"] };
    expect(await shard.recordEvents([mark])).toEqual([true]);
    expect(await shard.pruneMarkers(Date.now() + MARKER_RETENTION_MS - 60_000)).toBe(0);
    expect(await shard.recordEvents([mark])).toEqual([false]);
    expect(await shard.pruneMarkers(Date.now() + MARKER_RETENTION_MS + 60_000)).toBe(1);
    expect(await shard.recordEvents([mark])).toEqual([true]);
  });

  it("should read a tenant with nothing in D1 from its shard only, after one look", async () => {
    const owner = await signupTenant();
    await shardStub(env, owner.tenantId).addUsage(utcDay(Date.now()), { messages: 3 });
    expect((await monthTotals(env, owner.tenantId)).messages).toBe(3);
    const [flag] = await shardRows<{ n: number }>(
      owner.tenantId,
      "SELECT count(*) AS n FROM shard_kv WHERE key = 'usage_legacy_moved'",
    );
    expect(flag.n).toBe(1);
  });
});
