/**
 * Fixtures for ops tests: contacts and conversations written straight to D1 and the tenant's shard, as
 * the conversation's object writes them in production, and recording fakes for the ConversationDO seams.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { getDb } from "../workers/db/client";
import {
  channels,
  contactIdentities,
  contacts,
  conversations,
  conversationTags,
  type ChannelType,
} from "../workers/db/schema";
import { encryptJson } from "../workers/lib/crypto";
import { newId } from "../workers/lib/ids";
import { shardStub } from "../durable-objects/rpc";
import { fromD1 } from "../workers/services/index-move";
import type {
  ActionResult,
  ConversationActions,
  ConversationStore,
} from "../workers/services/conversation-actions";
import type { ConversationEventType } from "../workers/wire/queue";
import type { Message } from "../workers/wire/socket";

export const db = () => getDb(env.DB);

export async function seedContact(
  tenantId: string,
  fields: Partial<typeof contacts.$inferInsert> = {},
): Promise<string> {
  const id = newId("con");
  await db()
    .insert(contacts)
    .values({
      id,
      tenantId,
      name: "Jane Shopper",
      email: "jane.shopper@gmail.com",
      phone: "+34 612 345 678",
      ...fields,
    });
  return id;
}

/** A channel row with empty credentials (no platform is called). */
export async function seedChannel(
  tenantId: string,
  type: ChannelType,
  config: Record<string, unknown> = {},
): Promise<string> {
  const id = newId("chn");
  await db()
    .insert(channels)
    .values({
      id,
      tenantId,
      type,
      name: type,
      credentialsEnc: await encryptJson(env.ENCRYPTION_KEY, {}),
      verifyToken: "v",
      config,
    });
  return id;
}

/** The contact's address on a channel (what a broadcast sends to). */
export async function seedIdentity(
  tenantId: string,
  contactId: string,
  channelId: string,
  channelType: ChannelType,
  externalId: string,
): Promise<void> {
  await db()
    .insert(contactIdentities)
    .values({ id: newId("cid"), tenantId, contactId, channelId, channelType, externalId });
}

export async function seedConversation(
  tenantId: string,
  contactId: string,
  fields: Partial<typeof conversations.$inferInsert> = {},
): Promise<string> {
  const id = newId("cnv");
  await db()
    .insert(conversations)
    .values({ id, tenantId, contactId, channelId: "chn_test", channelType: "widget", ...fields });
  for (const tag of fields.tags ?? [])
    await db().insert(conversationTags).values({ tenantId, conversationId: id, tag });
  await mirrorToShard(id);
  return id;
}

export async function updateConversation(
  id: string,
  fields: Partial<typeof conversations.$inferInsert>,
): Promise<void> {
  await db().update(conversations).set(fields).where(eq(conversations.id, id));
  await mirrorToShard(id);
}

/** The row as the conversation's object would send it to the tenant's shard (the newest write wins). */
async function mirrorToShard(id: string): Promise<void> {
  const row = await env.DB.prepare("UPDATE conversations SET in_shard = 1 WHERE id = ? RETURNING *")
    .bind(id)
    .first<Parameters<typeof fromD1>[0] & { tenant_id: string }>();
  if (!row) throw new Error(`no conversation ${id}`);
  await shardStub(env, row.tenant_id).putIndexRows([{ ...fromD1(row), updatedAt: Date.now() }]);
}

export function event(
  tenantId: string,
  conversationId: string,
  type: ConversationEventType,
  at: number,
  data: Record<string, unknown> = {},
) {
  return { kind: "conversation_event" as const, tenantId, conversationId, type, at, data };
}

export interface RecordedCall {
  method: string;
  conversationId: string;
  args: unknown[];
}

/** Records every action; `fail` makes the named methods return an expected failure. */
export function fakeActions(fail: string[] = []): ConversationActions & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const rec =
    (method: string) =>
    async (conversationId: string, ...args: unknown[]): Promise<ActionResult> => {
      calls.push({ method, conversationId, args });
      return fail.includes(method)
        ? { ok: false, code: "REFUSED", message: `${method} refused` }
        : { ok: true };
    };
  return {
    calls,
    sendMessage: rec("sendMessage"),
    sendTemplate: rec("sendTemplate"),
    addTags: rec("addTags"),
    removeTags: rec("removeTags"),
    assign: rec("assign"),
    handover: rec("handover"),
    resolve: rec("resolve"),
    setAttribute: rec("setAttribute"),
  };
}

export function message(
  conversationId: string,
  seq: number,
  text: string,
  fields: Partial<Message> = {},
): Message {
  return {
    id: `msg_${conversationId}_${seq}`,
    seq,
    conversationId,
    author: { type: seq % 2 ? "shopper" : "ai", id: null, name: null },
    kind: "text",
    text,
    language: "en",
    translation: null,
    attachments: [],
    citations: [],
    clientId: null,
    externalId: null,
    replyToId: null,
    createdAt: Date.UTC(2026, 0, 1, 12, 0, seq),
    editedAt: null,
    deletedAt: null,
    history: [],
    delivery: null,
    meta: {},
    ...fields,
  };
}

/** An in-memory stand-in for the conversation objects' storage. */
export function fakeStore(
  messages: Record<string, Message[]> = {},
): ConversationStore & { erased: string[]; failErase: Set<string> } {
  const erased: string[] = [];
  const failErase = new Set<string>();
  return {
    erased,
    failErase,
    async listMessages(id, after, limit) {
      return (messages[id] ?? []).filter((m) => m.seq > after).slice(0, limit);
    },
    async erase(id) {
      if (failErase.has(id))
        return { ok: false, code: "RPC_FAILED", message: "object unavailable" };
      erased.push(id);
      delete messages[id];
      return { ok: true };
    },
  };
}

export interface SentJob {
  body: unknown;
  delaySeconds?: number;
}

/** A Queue that records what was sent, so a test can see retries and their delays. */
export function fakeQueue(): Queue & { sent: SentJob[] } {
  const sent: SentJob[] = [];
  const q = {
    sent,
    async send(body: unknown, opts?: QueueSendOptions) {
      sent.push({ body, delaySeconds: opts?.delaySeconds });
    },
    async sendBatch(msgs: Iterable<MessageSendRequest>) {
      for (const m of msgs) sent.push({ body: m.body, delaySeconds: m.delaySeconds });
    },
    async metrics() {
      return { backlogCount: sent.length, backlogBytes: 0 };
    },
  };
  return q as unknown as Queue & { sent: SentJob[] };
}
