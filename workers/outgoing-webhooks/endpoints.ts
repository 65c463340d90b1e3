/** Webhook endpoint management: the secret is sealed at rest and shown only on create and rotate. */
import { and, desc, eq, lt } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { webhookDeliveries, webhookEndpoints } from "../db/schema-ops";
import { encryptJson } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { audit } from "../services/audit";
import { unsafeUrlReason } from "../lib/http-safety";
import { newWebhookSecret } from "./webhook-signing";

export interface EndpointInput {
  url: string;
  events: string[];
  description?: string;
  enabled?: boolean;
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;

export function publicEndpoint({ tenantId: _t, secretEnc: _s, ...rest }: EndpointRow) {
  return rest;
}

function checkUrl(url: string): void {
  const reason = unsafeUrlReason(url);
  if (reason)
    throw new ApiError("UNSAFE_URL", `This URL cannot receive webhooks: ${reason}.`, {
      field: "url",
    });
}

async function findEndpoint(db: Db, tenantId: string, id: string): Promise<EndpointRow> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(inTenant(webhookEndpoints, tenantId, eq(webhookEndpoints.id, id)));
  if (!row) throw new ApiError("ENDPOINT_NOT_FOUND", "No such webhook endpoint.");
  return row;
}

export async function createEndpoint(
  db: Db,
  encryptionKey: string,
  auth: Auth,
  input: EndpointInput,
) {
  checkUrl(input.url);
  const secret = newWebhookSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id: newId("whe"),
      tenantId: auth.tenantId,
      url: input.url,
      events: [...new Set(input.events)],
      description: input.description ?? "",
      enabled: input.enabled ?? true,
      secretEnc: await encryptJson(encryptionKey, secret),
    })
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "webhook_endpoint.created",
    targetType: "webhook_endpoint",
    targetId: row.id,
    data: { url: row.url, events: row.events },
  });
  return { endpoint: publicEndpoint(row), secret };
}

export async function listEndpoints(db: Db, tenantId: string) {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(inTenant(webhookEndpoints, tenantId))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(publicEndpoint);
}

export async function getEndpoint(db: Db, tenantId: string, id: string) {
  return publicEndpoint(await findEndpoint(db, tenantId, id));
}

export async function updateEndpoint(
  db: Db,
  auth: Auth,
  id: string,
  patch: Partial<EndpointInput>,
) {
  const before = await findEndpoint(db, auth.tenantId, id);
  if (patch.url !== undefined) checkUrl(patch.url);
  const set = {
    ...patch,
    ...(patch.events ? { events: [...new Set(patch.events)] } : {}),
    updatedAt: Date.now(),
  };
  const [row] = await db
    .update(webhookEndpoints)
    .set(set)
    .where(inTenant(webhookEndpoints, auth.tenantId, eq(webhookEndpoints.id, id)))
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "webhook_endpoint.updated",
    targetType: "webhook_endpoint",
    targetId: id,
    data: { from: { url: before.url, events: before.events, enabled: before.enabled }, to: patch },
  });
  return publicEndpoint(row);
}

export async function deleteEndpoint(db: Db, auth: Auth, id: string): Promise<void> {
  await findEndpoint(db, auth.tenantId, id);
  await db.batch([
    db
      .delete(webhookDeliveries)
      .where(inTenant(webhookDeliveries, auth.tenantId, eq(webhookDeliveries.endpointId, id))),
    db
      .delete(webhookEndpoints)
      .where(inTenant(webhookEndpoints, auth.tenantId, eq(webhookEndpoints.id, id))),
  ]);
  await audit(db, auth.tenantId, auth, {
    action: "webhook_endpoint.deleted",
    targetType: "webhook_endpoint",
    targetId: id,
  });
}

export async function rotateSecret(db: Db, encryptionKey: string, auth: Auth, id: string) {
  await findEndpoint(db, auth.tenantId, id);
  const secret = newWebhookSecret();
  const [row] = await db
    .update(webhookEndpoints)
    .set({ secretEnc: await encryptJson(encryptionKey, secret), updatedAt: Date.now() })
    .where(inTenant(webhookEndpoints, auth.tenantId, eq(webhookEndpoints.id, id)))
    .returning();
  await audit(db, auth.tenantId, auth, {
    action: "webhook_endpoint.secret_rotated",
    targetType: "webhook_endpoint",
    targetId: id,
  });
  return { endpoint: publicEndpoint(row), secret };
}

export async function listDeliveries(
  db: Db,
  tenantId: string,
  endpointId: string,
  q: { status?: "pending" | "sending" | "succeeded" | "failed"; before?: number; limit: number },
) {
  await findEndpoint(db, tenantId, endpointId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        inTenant(webhookDeliveries, tenantId, eq(webhookDeliveries.endpointId, endpointId)),
        q.status ? eq(webhookDeliveries.status, q.status) : undefined,
        q.before ? lt(webhookDeliveries.createdAt, q.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(q.limit);
  return rows.map(({ tenantId: _t, eventKey: _k, ...r }) => r);
}
