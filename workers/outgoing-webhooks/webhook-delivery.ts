/**
 * Outgoing webhook delivery. An event becomes one `webhook_deliveries` row per subscribed endpoint
 * (unique per endpoint and event, so a redelivered event is not sent twice); each row is sent by a
 * `webhook_delivery` job and retried with backoff. The row is the delivery log.
 */
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { getDb, inTenant } from "../db/client";
import { webhookDeliveries, webhookEndpoints } from "../db/schema-ops";
import { decryptJson } from "../lib/crypto";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { readCapped, unsafeUrlReason, type FetchFn } from "../lib/http-safety";
import { webhookHeaders } from "./webhook-signing";

/** Seconds before attempt n+1 (after attempt n fails); Standard Webhooks' suggested schedule. */
export const RETRY_SCHEDULE_S = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_S.length + 1;
const TIMEOUT_MS = 15_000;
/** A claimed delivery whose worker vanished becomes due again after this lease. */
const LEASE_MS = 5 * 60_000;

export interface WebhookEvent {
  tenantId: string;
  eventKey: string;
  type: string;
  at: number;
  conversationId: string | null;
  data: Record<string, unknown>;
}

export type DeliveryJob = { kind: "webhook_delivery"; tenantId: string; deliveryId: string };

export function subscribed(events: string[], type: string): boolean {
  return events.includes("*") || events.includes(type);
}

export type EndpointRow = { id: string; events: string[] };

/** A tenant's enabled endpoints and what each subscribes to. */
export function tenantEndpoints(env: Pick<Env, "DB">, tenantId: string): Promise<EndpointRow[]> {
  return getDb(env.DB)
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(inTenant(webhookEndpoints, tenantId, eq(webhookEndpoints.enabled, true)));
}

/**
 * Creates the deliveries for an event and queues them; returns the ids created now. `onlyEndpointId`
 * targets one endpoint (test sends); `all` gives the endpoints when a batch of events read them once.
 */
export async function enqueueWebhookDeliveries(
  env: Pick<Env, "DB" | "JOBS_QUEUE">,
  event: WebhookEvent,
  onlyEndpointId?: string,
  now = Date.now(),
  all?: () => Promise<EndpointRow[]>,
): Promise<string[]> {
  const db = getDb(env.DB);
  const endpoints = await (all ? all() : tenantEndpoints(env, event.tenantId));
  const targets = onlyEndpointId
    ? endpoints.filter((e) => e.id === onlyEndpointId)
    : endpoints.filter((e) => subscribed(e.events, event.type));
  if (!targets.length) return [];
  const payload = JSON.stringify({
    type: event.type,
    timestamp: new Date(event.at).toISOString(),
    data: { conversationId: event.conversationId, ...event.data },
  });
  const created: string[] = [];
  for (const t of targets) {
    const [row] = await db
      .insert(webhookDeliveries)
      .values({
        id: newId("msg"),
        tenantId: event.tenantId,
        endpointId: t.id,
        eventKey: event.eventKey,
        eventType: event.type,
        conversationId: event.conversationId,
        payload,
        nextAttemptAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id });
    if (row) created.push(row.id);
  }
  if (created.length)
    await env.JOBS_QUEUE.sendBatch(
      created.map((deliveryId): { body: DeliveryJob } => ({
        body: { kind: "webhook_delivery", tenantId: event.tenantId, deliveryId },
      })),
    );
  return created;
}

export type DeliveryOutcome = "succeeded" | "retrying" | "failed" | "skipped";

/**
 * Sends one delivery if it is due and unclaimed. Each attempt is signed afresh (new timestamp,
 * same `webhook-id`). Failures schedule the next attempt on the queue with a delay.
 */
export async function deliverWebhook(
  env: Pick<Env, "DB" | "JOBS_QUEUE" | "ENCRYPTION_KEY">,
  deliveryId: string,
  deps: { fetch?: FetchFn; now?: number } = {},
): Promise<DeliveryOutcome> {
  const db = getDb(env.DB);
  const now = deps.now ?? Date.now();
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({
      status: "sending",
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      nextAttemptAt: now + LEASE_MS,
    })
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.status, "pending"),
        or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now)),
      ),
    )
    .returning();
  if (!claimed) return "skipped";
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(
      inTenant(webhookEndpoints, claimed.tenantId, eq(webhookEndpoints.id, claimed.endpointId)),
    );
  const finish = (status: "succeeded" | "failed", code: number | null, error: string | null) =>
    db
      .update(webhookDeliveries)
      .set({
        status,
        lastStatusCode: code,
        lastError: error,
        nextAttemptAt: null,
        deliveredAt: status === "succeeded" ? now : null,
      })
      .where(eq(webhookDeliveries.id, deliveryId));
  if (!endpoint || !endpoint.enabled) {
    await finish("failed", null, "endpoint disabled or deleted");
    return "failed";
  }
  const unsafe = unsafeUrlReason(endpoint.url);
  let code: number | null = null;
  let error: string | null = unsafe;
  if (!unsafe) {
    try {
      const secret = await decryptJson<string>(env.ENCRYPTION_KEY, endpoint.secretEnc);
      const headers = await webhookHeaders(
        secret,
        claimed.id,
        Math.floor(now / 1000),
        claimed.payload,
      );
      const res = await (deps.fetch ?? fetch)(endpoint.url, {
        method: "POST",
        headers,
        body: claimed.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      code = res.status;
      const body = await readCapped(res, 500);
      error = res.ok ? null : `HTTP ${res.status}: ${body}`;
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
  }
  if (!error) {
    await finish("succeeded", code, null);
    return "succeeded";
  }
  if (claimed.attempts >= MAX_ATTEMPTS) {
    await finish("failed", code, error.slice(0, 1000));
    log("warn", "webhook.failed", {
      tenantId: claimed.tenantId,
      deliveryId,
      attempts: claimed.attempts,
      code,
    });
    return "failed";
  }
  const delay = RETRY_SCHEDULE_S[claimed.attempts - 1];
  await db
    .update(webhookDeliveries)
    .set({
      status: "pending",
      lastStatusCode: code,
      lastError: error.slice(0, 1000),
      nextAttemptAt: now + delay * 1000,
    })
    .where(eq(webhookDeliveries.id, deliveryId));
  await env.JOBS_QUEUE.send(
    { kind: "webhook_delivery", tenantId: claimed.tenantId, deliveryId } satisfies DeliveryJob,
    { delaySeconds: delay },
  );
  return "retrying";
}

/**
 * Cron backstop: re-queues deliveries that are due but whose queue message was lost, and frees
 * claims whose worker died mid-send (webhooks are at-least-once; receivers de-duplicate on webhook-id).
 */
export async function requeueDueWebhooks(
  env: Pick<Env, "DB" | "JOBS_QUEUE">,
  now = Date.now(),
  limit = 100,
): Promise<number> {
  const db = getDb(env.DB);
  const SLACK = 60_000;
  // Freed claims are due at once; they are dated back past the slack below.
  await db
    .update(webhookDeliveries)
    .set({ status: "pending", nextAttemptAt: now - SLACK })
    .where(and(eq(webhookDeliveries.status, "sending"), lte(webhookDeliveries.nextAttemptAt, now)));
  // A minute of slack so messages still in flight on the queue are not doubled.
  const due = await db
    .select({ id: webhookDeliveries.id, tenantId: webhookDeliveries.tenantId })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, now - SLACK),
      ),
    )
    .limit(limit);
  if (!due.length) return 0;
  await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: now })
    .where(
      inArray(
        webhookDeliveries.id,
        due.map((d) => d.id),
      ),
    );
  await env.JOBS_QUEUE.sendBatch(
    due.map((d): { body: DeliveryJob } => ({
      body: { kind: "webhook_delivery", tenantId: d.tenantId, deliveryId: d.id },
    })),
  );
  return due.length;
}
