/**
 * Erasure of a contact (GDPR/CCPA/PIPL requests) and of expired conversations (retention).
 * Order matters: the conversation objects, media and vectors go first; the D1 rows, which are the
 * only record of which conversations belonged to the contact, go last in one transaction. If an
 * object cannot be erased nothing is deleted from D1, so the request can simply be repeated.
 */
import { mediaPrefix } from "../channels/media-url";
import type { Auth } from "../app-env";
import { getDb } from "../db/client";
import { ApiError } from "../lib/errors";
import { audit } from "../services/audit";
import type { ConversationStore } from "../services/conversation-actions";
import { eraseFromSearch } from "../services/message-search";
import { legacySearchDeletes } from "../services/search-move";
import { enqueueWebhookDeliveries } from "../outgoing-webhooks/webhook-delivery";

export type EraseEnv = Pick<
  Env,
  "DB" | "MEDIA" | "VECTORIZE" | "VECTOR_PROVIDER" | "JOBS_QUEUE" | "TENANT_SHARD"
>;

/** D1 allows 100 bound parameters per statement. */
const CHUNK = 90;
const chunks = <T>(xs: T[]): T[][] =>
  Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) =>
    xs.slice(i * CHUNK, (i + 1) * CHUNK),
  );
const marks = (n: number) => Array(n).fill("?").join(", ");

/** R2 keys of a conversation's media: `media/<tenantId>/<conversationId>/…`. */
export { mediaPrefix };

/** Tables keyed by conversation that hold copies of its content. */
const CONVERSATION_TABLES = [
  "conversation_tags",
  "message_refs",
  "unanswered_questions",
  "email_threads",
  "review_items",
  "workflow_runs",
  "workflow_scheduled_steps",
  "webhook_deliveries",
  "store_actions",
  "leads",
  "lead_sales",
  "order_verifications",
  "analytics_conversation_facts",
] as const;

async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key));
    deleted += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

export interface PurgeCounts {
  objects: number;
  media: number;
  vectors: number;
}

/** Wipes what lives outside D1 for these conversations. Throws ERASURE_INCOMPLETE when an object refuses. */
export async function purgeOutsideD1(
  env: EraseEnv,
  store: ConversationStore,
  tenantId: string,
  conversationIds: string[],
  extraPrefixes: string[] = [],
): Promise<PurgeCounts> {
  const failed: { conversationId: string; code: string }[] = [];
  for (const id of conversationIds) {
    const r = await store.erase(id);
    if (!r.ok) failed.push({ conversationId: id, code: r.code });
  }
  if (failed.length)
    throw new ApiError(
      "ERASURE_INCOMPLETE",
      "Some conversation data could not be erased; nothing was deleted from the index. Retry the request.",
      { failed },
    );
  await eraseFromSearch(env, tenantId, conversationIds);
  let media = 0;
  for (const prefix of [
    ...conversationIds.map((id) => mediaPrefix(tenantId, id)),
    ...extraPrefixes,
  ])
    media += await deletePrefix(env.MEDIA, prefix);
  let vectors = 0;
  if (env.VECTOR_PROVIDER === "vectorize" && conversationIds.length) {
    // Vectors derived from conversations are keyed by the conversation id or the unanswered-question id.
    const questionIds: string[] = [];
    for (const part of chunks(conversationIds)) {
      const { results } = await env.DB.prepare(
        `SELECT id FROM unanswered_questions WHERE tenant_id = ? AND conversation_id IN (${marks(part.length)})`,
      )
        .bind(tenantId, ...part)
        .all<{ id: string }>();
      questionIds.push(...results.map((r) => r.id));
    }
    const ids = [...conversationIds, ...questionIds];
    for (let i = 0; i < ids.length; i += 1000)
      await env.VECTORIZE.deleteByIds(ids.slice(i, i + 1000));
    vectors = ids.length;
  }
  return { objects: conversationIds.length, media, vectors };
}

/** Statements deleting every D1 row of these conversations (the conversation rows last). */
export function conversationDeletes(
  d1: D1Database,
  tenantId: string,
  conversationIds: string[],
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (const part of chunks(conversationIds)) {
    out.push(...legacySearchDeletes(d1, tenantId, part));
    for (const table of CONVERSATION_TABLES)
      out.push(
        d1
          .prepare(
            `DELETE FROM ${table} WHERE tenant_id = ? AND conversation_id IN (${marks(part.length)})`,
          )
          .bind(tenantId, ...part),
      );
    out.push(
      d1
        .prepare(
          `DELETE FROM dead_letters WHERE tenant_id = ? AND json_extract(body, '$.conversationId') IN (${marks(part.length)})`,
        )
        .bind(tenantId, ...part),
    );
    out.push(
      d1
        .prepare(`DELETE FROM conversations WHERE tenant_id = ? AND id IN (${marks(part.length)})`)
        .bind(tenantId, ...part),
    );
  }
  return out;
}

export interface ErasureReceipt {
  contactId: string;
  conversations: number;
  objectsErased: number;
  mediaDeleted: number;
  vectorsDeleted: number;
  rowsDeleted: number;
  erasedAt: number;
}

export async function eraseContact(
  env: EraseEnv,
  store: ConversationStore,
  auth: Auth,
  contactId: string,
  now = Date.now(),
): Promise<ErasureReceipt> {
  const tenantId = auth.tenantId;
  const contact = await env.DB.prepare(`SELECT id FROM contacts WHERE id = ? AND tenant_id = ?`)
    .bind(contactId, tenantId)
    .first<{ id: string }>();
  if (!contact) throw new ApiError("CONTACT_NOT_FOUND", "No such contact.");
  const { results } = await env.DB.prepare(
    `SELECT id FROM conversations WHERE tenant_id = ? AND contact_id = ?`,
  )
    .bind(tenantId, contactId)
    .all<{ id: string }>();
  const conversationIds = results.map((r) => r.id);
  const purged = await purgeOutsideD1(env, store, tenantId, conversationIds, [
    `media/${tenantId}/contacts/${contactId}/`,
  ]);
  const statements = [
    ...conversationDeletes(env.DB, tenantId, conversationIds),
    ...["broadcast_recipients", "contact_opt_ins", "contact_identities", "store_orders"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t} WHERE tenant_id = ? AND contact_id = ?`).bind(
        tenantId,
        contactId,
      ),
    ),
    env.DB.prepare(
      `DELETE FROM dead_letters WHERE tenant_id = ? AND json_extract(body, '$.contactId') = ?`,
    ).bind(tenantId, contactId),
    env.DB.prepare(`DELETE FROM contacts WHERE tenant_id = ? AND id = ?`).bind(tenantId, contactId),
  ];
  const results2 = await env.DB.batch(statements);
  const receipt: ErasureReceipt = {
    contactId,
    conversations: conversationIds.length,
    objectsErased: purged.objects,
    mediaDeleted: purged.media,
    vectorsDeleted: purged.vectors,
    rowsDeleted: results2.reduce((a, r) => a + (r.meta.changes ?? 0), 0),
    erasedAt: now,
  };
  // The receipt holds counts and opaque ids only: no personal data survives in the audit log.
  await audit(getDb(env.DB), tenantId, auth, {
    action: "contact.erased",
    targetType: "contact",
    targetId: contactId,
    data: { ...receipt },
  });
  await enqueueWebhookDeliveries(env, {
    tenantId,
    eventKey: `contact.erased:${contactId}`,
    type: "contact.erased",
    at: now,
    conversationId: null,
    data: { contactId },
  });
  return receipt;
}
