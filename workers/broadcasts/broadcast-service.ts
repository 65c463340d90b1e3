/** Broadcast management: create (draft), schedule, cancel, delete, progress and recipients. */
import { and, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { channels } from "../db/schema";
import { broadcastRecipients, broadcasts, type RecipientStatus } from "../db/schema-ops";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { audit } from "../services/audit";
import { maskAddress } from "../privacy/mask";
import type { Audience, Variant } from "./broadcast-definition";
import { approvedTemplates, channelPolicy } from "./broadcast-policy";

type Row = typeof broadcasts.$inferSelect;
export type BroadcastJob = {
  kind: "broadcast_batch";
  tenantId: string;
  broadcastId: string;
  tick: number;
};

export function publicBroadcast({ tenantId: _t, audienceCursor: _c, ...rest }: Row) {
  return rest;
}

async function find(db: Db, tenantId: string, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(broadcasts)
    .where(inTenant(broadcasts, tenantId, eq(broadcasts.id, id)));
  if (!row) throw new ApiError("BROADCAST_NOT_FOUND", "No such broadcast.");
  return row;
}

export interface CreateBroadcast {
  name: string;
  channelId: string;
  audience: Audience;
  variants: Variant[];
  ratePerMinute?: number;
}

export async function createBroadcast(db: Db, auth: Auth, input: CreateBroadcast) {
  const [channel] = await db
    .select()
    .from(channels)
    .where(inTenant(channels, auth.tenantId, eq(channels.id, input.channelId)));
  if (!channel) throw new ApiError("CHANNEL_NOT_FOUND", "No such channel.");
  if (channel.status !== "active")
    throw new ApiError("CHANNEL_DISABLED", "This channel is disabled.");
  const policy = channelPolicy(channel.type);
  if (!policy.broadcastable)
    throw new ApiError(
      "VALIDATION_FAILED",
      `Broadcasts cannot be sent on the ${channel.type} channel: it cannot reach a shopper who is not on the page.`,
      [{ path: "channelId", message: "not broadcastable" }],
    );
  if (policy.requiresTemplate) {
    if (input.variants.some((v) => !v.template))
      throw new ApiError(
        "TEMPLATE_REQUIRED",
        `${channel.type} broadcasts must use approved message templates.`,
      );
    const approved = approvedTemplates(channel.config);
    if (!approved)
      throw new ApiError(
        "TEMPLATE_REQUIRED",
        "This channel's approved templates are not known yet: sync its templates first.",
      );
    const missing = input.variants.filter(
      (v) =>
        v.template &&
        !approved.some((a) => a.name === v.template?.name && a.language === v.template.language),
    );
    if (missing.length)
      throw new ApiError(
        "TEMPLATE_REQUIRED",
        "Only approved templates can be broadcast.",
        missing.map((v) => ({
          variant: v.id,
          template: v.template?.name,
          language: v.template?.language,
        })),
      );
  } else if (input.variants.some((v) => v.template)) {
    throw new ApiError(
      "VALIDATION_FAILED",
      `Templates are a WhatsApp feature; ${channel.type} variants use text.`,
      [{ path: "variants", message: "template not supported" }],
    );
  }
  const rate = Math.min(input.ratePerMinute ?? policy.maxPerMinute, policy.maxPerMinute);
  const [row] = await db
    .insert(broadcasts)
    .values({
      id: newId("bc"),
      tenantId: auth.tenantId,
      name: input.name,
      channelId: channel.id,
      channelType: channel.type,
      audience: input.audience,
      variants: input.variants,
      ratePerMinute: rate,
      createdBy: auth.userId ?? auth.apiKeyId,
    })
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "broadcast.created",
    targetType: "broadcast",
    targetId: row.id,
    data: { name: row.name, channelType: row.channelType },
  });
  return publicBroadcast(row);
}

/** Schedules a draft for `at` (now when omitted); a due broadcast starts sending through the jobs queue. */
export async function scheduleBroadcast(
  db: Db,
  queue: Queue,
  auth: Auth,
  id: string,
  at: number | undefined,
  now = Date.now(),
) {
  await find(db, auth.tenantId, id);
  const when = Math.max(at ?? now, now);
  const [row] = await db
    .update(broadcasts)
    .set({ status: "scheduled", scheduledAt: when })
    .where(
      inTenant(broadcasts, auth.tenantId, eq(broadcasts.id, id), eq(broadcasts.status, "draft")),
    )
    .returning();
  if (!row) throw new ApiError("INVALID_STATE", "Only a draft broadcast can be scheduled.");
  await audit(db, auth.tenantId, auth, {
    action: "broadcast.scheduled",
    targetType: "broadcast",
    targetId: id,
    data: { at: when },
  });
  const started = when <= now ? await startDueBroadcasts(db, queue, now, id) : 0;
  return publicBroadcast(started ? await find(db, auth.tenantId, id) : row);
}

/** Moves due scheduled broadcasts to `sending` and queues their first batch (cron and scheduleBroadcast). */
export async function startDueBroadcasts(
  db: Db,
  queue: Queue,
  now = Date.now(),
  onlyId?: string,
): Promise<number> {
  const started = await db
    .update(broadcasts)
    .set({ status: "sending", startedAt: now, heartbeatAt: now })
    .where(
      and(
        eq(broadcasts.status, "scheduled"),
        sql`${broadcasts.scheduledAt} <= ${now}`,
        onlyId ? eq(broadcasts.id, onlyId) : undefined,
      ),
    )
    .returning({ id: broadcasts.id, tenantId: broadcasts.tenantId, tick: broadcasts.tick });
  if (started.length)
    await queue.sendBatch(
      started.map((b): { body: BroadcastJob } => ({
        body: { kind: "broadcast_batch", tenantId: b.tenantId, broadcastId: b.id, tick: b.tick },
      })),
    );
  return started.length;
}

export async function cancelBroadcast(db: Db, auth: Auth, id: string) {
  await find(db, auth.tenantId, id);
  const [row] = await db
    .update(broadcasts)
    .set({ status: "cancelled", finishedAt: Date.now() })
    .where(
      inTenant(
        broadcasts,
        auth.tenantId,
        eq(broadcasts.id, id),
        inArray(broadcasts.status, ["draft", "scheduled", "sending"]),
      ),
    )
    .returning();
  if (!row) throw new ApiError("INVALID_STATE", "This broadcast has already finished.");
  await db
    .update(broadcastRecipients)
    .set({ status: "skipped", reason: "cancelled" })
    .where(
      inTenant(
        broadcastRecipients,
        auth.tenantId,
        eq(broadcastRecipients.broadcastId, id),
        eq(broadcastRecipients.status, "pending"),
      ),
    );
  await audit(db, auth.tenantId, auth, {
    action: "broadcast.cancelled",
    targetType: "broadcast",
    targetId: id,
  });
  return publicBroadcast(row);
}

export async function deleteBroadcast(db: Db, auth: Auth, id: string): Promise<void> {
  const row = await find(db, auth.tenantId, id);
  if (row.status === "sending" || row.status === "scheduled")
    throw new ApiError("INVALID_STATE", "Cancel the broadcast before deleting it.");
  await db.batch([
    db
      .delete(broadcastRecipients)
      .where(inTenant(broadcastRecipients, auth.tenantId, eq(broadcastRecipients.broadcastId, id))),
    db.delete(broadcasts).where(inTenant(broadcasts, auth.tenantId, eq(broadcasts.id, id))),
  ]);
  await audit(db, auth.tenantId, auth, {
    action: "broadcast.deleted",
    targetType: "broadcast",
    targetId: id,
  });
}

export async function listBroadcasts(db: Db, tenantId: string) {
  return (
    await db
      .select()
      .from(broadcasts)
      .where(inTenant(broadcasts, tenantId))
      .orderBy(desc(broadcasts.createdAt))
      .limit(200)
  ).map(publicBroadcast);
}

/** Counts by status and by variant, plus platform receipts (delivered, read). */
export async function broadcastProgress(db: Db, tenantId: string, id: string) {
  const row = await find(db, tenantId, id);
  const rows = await db
    .select({
      variantId: broadcastRecipients.variantId,
      status: broadcastRecipients.status,
      delivery: broadcastRecipients.deliveryStatus,
      n: sql<number>`COUNT(*)`,
    })
    .from(broadcastRecipients)
    .where(inTenant(broadcastRecipients, tenantId, eq(broadcastRecipients.broadcastId, id)))
    .groupBy(
      broadcastRecipients.variantId,
      broadcastRecipients.status,
      broadcastRecipients.deliveryStatus,
    );
  const blank = () => ({
    total: 0,
    pending: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    delivered: 0,
    read: 0,
  });
  const totals = blank();
  const byVariant: Record<string, ReturnType<typeof blank>> = {};
  for (const r of rows) {
    const v = (byVariant[r.variantId] ??= blank());
    for (const t of [totals, v]) {
      t.total += r.n;
      t[r.status] += r.n;
      // "read" implies delivered.
      if (r.delivery === "delivered" || r.delivery === "read") t.delivered += r.n;
      if (r.delivery === "read") t.read += r.n;
    }
  }
  return { broadcast: publicBroadcast(row), progress: { ...totals, byVariant } };
}

export async function listRecipients(
  db: Db,
  tenantId: string,
  id: string,
  q: { status?: RecipientStatus; cursor?: string; limit: number },
) {
  await find(db, tenantId, id);
  const rows = await db
    .select()
    .from(broadcastRecipients)
    .where(
      and(
        inTenant(broadcastRecipients, tenantId, eq(broadcastRecipients.broadcastId, id)),
        q.status ? eq(broadcastRecipients.status, q.status) : undefined,
        q.cursor ? gt(broadcastRecipients.id, q.cursor) : undefined,
      ),
    )
    .orderBy(broadcastRecipients.id)
    .limit(q.limit);
  const recipients = rows.map(({ tenantId: _t, claimedAt: _c, notBefore: _n, address, ...r }) => ({
    ...r,
    address: maskAddress(address),
  }));
  return { recipients, nextCursor: rows.length === q.limit ? rows[rows.length - 1].id : null };
}
