/**
 * Sends a broadcast in bounded batches through the jobs queue. Every recipient moves
 * pending→sending→sent|failed by guarded updates, and a recipient left in `sending` by a crash is
 * marked failed, never re-sent: a restart can lose at most the in-flight sends, and never doubles one.
 */
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, inTenant } from "../db/client";
import { channels, contacts, type ChannelType } from "../db/schema";
import { broadcastRecipients, broadcasts, contactOptIns } from "../db/schema-ops";
import { decryptJson } from "../lib/crypto";
import { log } from "../lib/log";
import type { TemplateRef } from "../services/conversation-actions";
import { materialisePage } from "./audience";
import { Audience, Variant } from "./broadcast-definition";
import { dailyCapFor, channelPolicy } from "./broadcast-policy";
import type { BroadcastJob } from "./broadcast-service";

export interface BroadcastOutbound {
  to: string;
  text?: string;
  template?: TemplateRef;
  contactId: string;
  broadcastId: string;
  /** Stable per recipient; pass it to platforms that accept an idempotency key. */
  recipientId: string;
}
export type BroadcastSendResult =
  | { ok: true; externalId?: string }
  | { ok: false; error: string; retryable: boolean };
/** The channel adapters' send (`channelType` selects the adapter); services/ops-wiring.ts builds it. */
export type BroadcastSendFn = (
  channelType: ChannelType,
  credentials: unknown,
  outbound: BroadcastOutbound,
) => Promise<BroadcastSendResult>;

export const BroadcastJobSchema = z.object({
  kind: z.literal("broadcast_batch"),
  tenantId: z.string(),
  broadcastId: z.string(),
  tick: z.number().int(),
});
const BATCH = 50;
const STALE_MS = 10 * 60_000;
const MAX_ATTEMPTS = 3;
const DAY_MS = 24 * 3600_000;

type BroadcastEnv = Pick<Env, "DB" | "JOBS_QUEUE" | "ENCRYPTION_KEY">;

export interface BatchResult {
  phase: "audience" | "send" | "paused" | "done" | "idle";
  sent: number;
  failed: number;
  skipped: number;
  requeued: boolean;
}

function render(text: string, contact: { name: string | null }): string {
  return text.replace(
    /\{\{\s*contact\.name\s*(?:\|\s*([^}]*?)\s*)?\}\}/g,
    (_m, fb: string | undefined) => contact.name || fb || "",
  );
}

export async function handleBroadcastJob(
  env: BroadcastEnv,
  raw: unknown,
  send: BroadcastSendFn,
  opts: { now?: number } = {},
): Promise<BatchResult> {
  const job = BroadcastJobSchema.parse(raw);
  const db = getDb(env.DB);
  const now = opts.now ?? Date.now();
  const idle: BatchResult = { phase: "idle", sent: 0, failed: 0, skipped: 0, requeued: false };
  const [b] = await db
    .select()
    .from(broadcasts)
    .where(inTenant(broadcasts, job.tenantId, eq(broadcasts.id, job.broadcastId)));
  // A redelivered or superseded job carries an old tick: only one chain of jobs runs.
  if (!b || b.status !== "sending" || b.tick !== job.tick) return idle;
  const requeue = async (delaySeconds: number) => {
    const delay = Math.min(delaySeconds, 43_200);
    const [next] = await db
      .update(broadcasts)
      .set({ tick: b.tick + 1, heartbeatAt: now + delay * 1000 })
      .where(and(eq(broadcasts.id, b.id), eq(broadcasts.tick, b.tick)))
      .returning({ tick: broadcasts.tick });
    if (next)
      await env.JOBS_QUEUE.send(
        {
          kind: "broadcast_batch",
          tenantId: b.tenantId,
          broadcastId: b.id,
          tick: next.tick,
        } satisfies BroadcastJob,
        delay > 0 ? { delaySeconds: delay } : undefined,
      );
  };
  const audience = Audience.parse(b.audience);
  const variants = z.array(Variant).parse(b.variants);

  if (!b.audienceDone) {
    const page = await materialisePage(env.DB, { ...b, audience, variants }, now);
    await db
      .update(broadcasts)
      .set({ audienceCursor: page.cursor, audienceDone: page.done })
      .where(eq(broadcasts.id, b.id));
    await requeue(0);
    return { ...idle, phase: "audience", requeued: true };
  }

  // A claim this old belongs to a sender that died mid-send: whether it went out is unknown.
  await db
    .update(broadcastRecipients)
    .set({
      status: "failed",
      reason: "interrupted: delivery unknown, not retried to avoid a duplicate",
    })
    .where(
      and(
        eq(broadcastRecipients.broadcastId, b.id),
        eq(broadcastRecipients.status, "sending"),
        lt(broadcastRecipients.claimedAt, now - STALE_MS),
      ),
    );

  const [channel] = await db
    .select()
    .from(channels)
    .where(inTenant(channels, b.tenantId, eq(channels.id, b.channelId)));
  let batch = Math.min(BATCH, b.ratePerMinute);
  const cap = channel ? dailyCapFor(b.channelType, channel.config) : null;
  if (cap !== null) {
    const [{ n }] = await db
      .select({ n: sql<number>`COUNT(*)` })
      .from(broadcastRecipients)
      .innerJoin(broadcasts, eq(broadcasts.id, broadcastRecipients.broadcastId))
      .where(
        and(
          eq(broadcasts.channelId, b.channelId),
          sql`${broadcastRecipients.sentAt} > ${now - DAY_MS}`,
        ),
      );
    batch = Math.min(batch, cap - n);
    if (batch <= 0) {
      await db
        .update(broadcasts)
        .set({ note: `paused: the channel's limit of ${cap} recipients per 24 hours is reached` })
        .where(eq(broadcasts.id, b.id));
      await requeue(3600);
      return { ...idle, phase: "paused", requeued: true };
    }
  }
  const claimed = await db
    .update(broadcastRecipients)
    .set({ status: "sending", claimedAt: now, attempts: sql`${broadcastRecipients.attempts} + 1` })
    .where(
      inArray(
        broadcastRecipients.id,
        db
          .select({ id: broadcastRecipients.id })
          .from(broadcastRecipients)
          .where(
            and(
              eq(broadcastRecipients.broadcastId, b.id),
              eq(broadcastRecipients.status, "pending"),
              sql`(${broadcastRecipients.notBefore} IS NULL OR ${broadcastRecipients.notBefore} <= ${now})`,
            ),
          )
          .limit(batch),
      ),
    )
    .returning();
  const result: BatchResult = { phase: "send", sent: 0, failed: 0, skipped: 0, requeued: false };
  if (claimed.length) {
    if (!channel || channel.status !== "active") {
      await db
        .update(broadcastRecipients)
        .set({ status: "failed", reason: "channel disabled or deleted" })
        .where(
          inArray(
            broadcastRecipients.id,
            claimed.map((r) => r.id),
          ),
        );
      result.failed = claimed.length;
    } else {
      const credentials = await decryptJson<unknown>(env.ENCRYPTION_KEY, channel.credentialsEnc);
      const ids = claimed.map((r) => r.contactId);
      const people = new Map(
        (
          await db
            .select({ id: contacts.id, name: contacts.name, optOut: contacts.optOut })
            .from(contacts)
            .where(inTenant(contacts, b.tenantId, inArray(contacts.id, ids)))
        ).map((c) => [c.id, c]),
      );
      const optedIn = new Set(
        (
          await db
            .select({ id: contactOptIns.contactId })
            .from(contactOptIns)
            .where(
              inTenant(
                contactOptIns,
                b.tenantId,
                inArray(contactOptIns.contactId, ids),
                eq(contactOptIns.channelType, b.channelType),
              ),
            )
        ).map((r) => r.id),
      );
      for (const r of claimed) {
        const person = people.get(r.contactId);
        // Consent is checked again at send time: an opt-out after scheduling still counts.
        const reason = !person
          ? "contact erased"
          : person.optOut.includes(b.channelType) || person.optOut.includes("all")
            ? "opted_out"
            : channelPolicy(b.channelType).requiresOptIn && !optedIn.has(r.contactId)
              ? "no_opt_in"
              : null;
        if (reason) {
          await db
            .update(broadcastRecipients)
            .set({ status: "skipped", reason })
            .where(eq(broadcastRecipients.id, r.id));
          result.skipped++;
          continue;
        }
        const variant = variants.find((v) => v.id === r.variantId) ?? variants[0];
        const outbound: BroadcastOutbound = {
          to: r.address,
          contactId: r.contactId,
          broadcastId: b.id,
          recipientId: r.id,
          ...(variant.template
            ? {
                template: {
                  ...variant.template,
                  params: variant.template.params.map((p) => render(p, person!)),
                },
              }
            : { text: render(variant.text ?? "", person!) }),
        };
        let res: BroadcastSendResult;
        try {
          res = await send(b.channelType, credentials, outbound);
        } catch (err) {
          // A thrown error may have happened after the platform accepted the message: not retried.
          res = {
            ok: false,
            error: err instanceof Error ? err.message : String(err),
            retryable: false,
          };
        }
        if (res.ok) {
          await db
            .update(broadcastRecipients)
            .set({
              status: "sent",
              sentAt: now,
              externalMessageId: res.externalId ?? null,
              reason: null,
            })
            .where(eq(broadcastRecipients.id, r.id));
          result.sent++;
        } else if (res.retryable && r.attempts < MAX_ATTEMPTS) {
          await db
            .update(broadcastRecipients)
            .set({
              status: "pending",
              notBefore: now + 30_000 * r.attempts,
              reason: res.error.slice(0, 300),
            })
            .where(eq(broadcastRecipients.id, r.id));
        } else {
          await db
            .update(broadcastRecipients)
            .set({ status: "failed", reason: res.error.slice(0, 300) })
            .where(eq(broadcastRecipients.id, r.id));
          result.failed++;
        }
      }
    }
  }
  const [{ open }] = await db
    .select({ open: sql<number>`COUNT(*)` })
    .from(broadcastRecipients)
    .where(
      and(
        eq(broadcastRecipients.broadcastId, b.id),
        inArray(broadcastRecipients.status, ["pending", "sending"]),
      ),
    );
  if (open === 0) {
    await db
      .update(broadcasts)
      .set({ status: "completed", finishedAt: now, note: null })
      .where(and(eq(broadcasts.id, b.id), eq(broadcasts.status, "sending")));
    log("info", "broadcast.completed", { tenantId: b.tenantId, broadcastId: b.id });
    return { ...result, phase: "done" };
  }
  // Pace to the rate: this batch's share of a minute before the next one.
  await requeue(claimed.length ? Math.ceil((claimed.length / b.ratePerMinute) * 60) : 30);
  return { ...result, requeued: true };
}

/**
 * Cron: restarts sending broadcasts whose next job is 15 minutes overdue (its message was lost).
 * The new tick retires the old chain should its job turn up after all.
 */
export async function resumeStalledBroadcasts(
  env: Pick<Env, "DB" | "JOBS_QUEUE">,
  now = Date.now(),
): Promise<number> {
  const db = getDb(env.DB);
  const stalled = await db
    .update(broadcasts)
    .set({ tick: sql`${broadcasts.tick} + 1`, heartbeatAt: now })
    .where(and(eq(broadcasts.status, "sending"), lt(broadcasts.heartbeatAt, now - 15 * 60_000)))
    .returning({ id: broadcasts.id, tenantId: broadcasts.tenantId, tick: broadcasts.tick });
  if (stalled.length)
    await env.JOBS_QUEUE.sendBatch(
      stalled.map((b): { body: BroadcastJob } => ({
        body: { kind: "broadcast_batch", tenantId: b.tenantId, broadcastId: b.id, tick: b.tick },
      })),
    );
  return stalled.length;
}

/** Records delivered/read/failed for a broadcast message (inbound routing calls it for status webhooks no conversation claims). */
export async function recordBroadcastDeliveryStatus(
  env: Pick<Env, "DB">,
  tenantId: string,
  externalMessageId: string,
  status: "delivered" | "read" | "failed",
  at = Date.now(),
): Promise<boolean> {
  const rows = await getDb(env.DB)
    .update(broadcastRecipients)
    .set({ deliveryStatus: status, deliveryUpdatedAt: at })
    // A late "delivered" must not overwrite "read".
    .where(
      and(
        inTenant(
          broadcastRecipients,
          tenantId,
          eq(broadcastRecipients.externalMessageId, externalMessageId),
        ),
        status === "delivered"
          ? sql`COALESCE(${broadcastRecipients.deliveryStatus}, '') <> 'read'`
          : undefined,
      ),
    )
    .returning({ id: broadcastRecipients.id });
  return rows.length > 0;
}
