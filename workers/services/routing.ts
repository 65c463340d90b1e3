/**
 * Routing normalised channel events to ConversationDOs. The inbound consumer hands over one lane at a
 * time — every event of one channel user in a batch, oldest first — so a lane costs a fixed handful of
 * D1 calls and one DO call however many events it holds. A message id is bound to a conversation
 * (message_refs) before it is appended: a redelivery goes to the same conversation, where the DO
 * drops the duplicate; edits, deletes and statuses find their message the same way.
 */
import type { Db } from "../db/client";
import type { ChannelType } from "../db/schema";
import { log } from "../lib/log";
import type { NormalizedEvent } from "../wire/queue";
import {
  conversationFor,
  findIdentity,
  findOrCreateIdentity,
  type Identity,
  type IdentityKey,
} from "./contacts";
import { conversationStub, metaOf } from "./conversations";
import type { InlineMedia } from "../channels/adapter";
import { adapterFor } from "../channels/registry";
import { recordThreadMessage, threadConversation, threadKeysOf } from "./email-threads";
import { storeInboundMedia } from "./inbound-media";
import { recordBroadcastDeliveryStatus } from "../broadcasts/sender";

export interface ChannelRef {
  tenantId: string;
  channelId: string;
  channelType: ChannelType;
}

type RefEvent = Extract<NormalizedEvent, { kind: "edit" | "delete" | "status" }>;
const isRefEvent = (e: NormalizedEvent): e is RefEvent =>
  e.kind === "edit" || e.kind === "delete" || e.kind === "status";

/**
 * Binds message ids to `conversationId` (the first binding wins) and looks up existing bindings, in one
 * D1 round trip. Returns externalId → conversationId.
 */
export async function bindRefs(
  db: Db,
  ch: ChannelRef,
  bind: string[],
  conversationId: string | null,
  lookup: string[],
): Promise<Map<string, string>> {
  const d1 = db.$client;
  const now = Date.now();
  const upserts = conversationId
    ? bind.map((id) =>
        d1
          .prepare(
            `INSERT INTO message_refs (channel_id, external_id, tenant_id, conversation_id, created_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (channel_id, external_id) DO UPDATE SET channel_id = excluded.channel_id RETURNING external_id, conversation_id`,
          )
          .bind(ch.channelId, id, ch.tenantId, conversationId, now),
      )
    : [];
  const reads = lookup.length
    ? [
        d1
          .prepare(
            `SELECT external_id, conversation_id FROM message_refs WHERE tenant_id = ? AND channel_id = ? AND external_id IN (${lookup.map(() => "?").join(",")})`,
          )
          .bind(ch.tenantId, ch.channelId, ...lookup),
      ]
    : [];
  const out = new Map<string, string>();
  if (!upserts.length && !reads.length) return out;
  const results = await d1.batch<{ external_id: string; conversation_id: string }>([
    ...upserts,
    ...reads,
  ]);
  for (const r of results)
    for (const row of r.results) out.set(row.external_id, row.conversation_id);
  return out;
}

/** Applies one lane's events (one channel user, oldest first). Throws when a retry may help. */
export async function routeLane(
  env: Env,
  db: Db,
  ch: ChannelRef,
  events: NormalizedEvent[],
  inline?: ReadonlyMap<string, InlineMedia>,
  trace: { stage: string } = { stage: "" },
): Promise<void> {
  // A template was approved, rejected or paused: the channel's list is read again from the Business Account.
  if (
    ch.channelType === "whatsapp" &&
    events.some(
      (e) => e.kind === "unknown" && !!e.description?.startsWith("message_template_status_update"),
    )
  ) {
    trace.stage = "templates";
    await env.JOBS_QUEUE.send({
      kind: "whatsapp_templates_sync",
      tenantId: ch.tenantId,
      channelId: ch.channelId,
    });
  }
  // Threaded channels (email) follow threads, not the sender: each message may belong to a different conversation.
  const threads = adapterFor(ch.channelType)?.threads === true;
  if (threads && events.length > 1) {
    for (const e of events) await routeLane(env, db, ch, [e], inline, trace);
    return;
  }
  const userId = events.find(
    (e): e is NormalizedEvent & { externalUserId: string } =>
      "externalUserId" in e && typeof e.externalUserId === "string",
  )?.externalUserId;
  const key: IdentityKey | null = userId ? { ...ch, externalId: userId } : null;
  const messages = events.filter(
    (e): e is Extract<NormalizedEvent, { kind: "message" }> => e.kind === "message",
  );
  let identity: Identity | null = null;
  trace.stage = "identity";
  if (key && (messages.length || events.some((e) => e.kind === "lifecycle"))) {
    const c = messages[0]?.contact;
    identity = await findOrCreateIdentity(
      db,
      key,
      c ? { name: c.name ?? c.username, email: c.email, phone: c.phone, language: c.language } : {},
    );
  } else if (key && events.some((e) => e.kind === "unknown")) {
    identity = await findIdentity(db, key);
  }
  // Messages may start a conversation; lifecycle and unknown events only join an existing one.
  // An email reply joins the conversation of the message it references; a new thread never reopens a resolved one.
  trace.stage = "conversation";
  const thread = threads && messages[0] ? threadKeysOf(messages[0].message.extra) : null;
  const threaded = thread ? await threadConversation(db, ch.tenantId, thread) : null;
  const current =
    threaded ??
    (key && identity
      ? ((await conversationFor(db, key, identity, messages.length > 0, Date.now(), !thread))
          ?.conversationId ?? null)
      : null);
  trace.stage = "refs";
  const refs = await bindRefs(
    db,
    ch,
    messages.map((m) => m.externalMessageId),
    current,
    events.filter(isRefEvent).map((e) => e.externalMessageId),
  );

  const byConversation = new Map<string, NormalizedEvent[]>();
  for (const e of events) {
    const target = e.kind === "message" || isRefEvent(e) ? refs.get(e.externalMessageId) : current;
    if (!target) {
      // A receipt for a message no conversation sent is a broadcast's: its recipient row counts it.
      if (
        e.kind === "status" &&
        e.status !== "sent" &&
        (await recordBroadcastDeliveryStatus(
          env,
          ch.tenantId,
          e.externalMessageId,
          e.status,
          e.timestamp,
        ))
      )
        continue;
      log("info", "inbound event has no conversation", { channelId: ch.channelId, kind: e.kind });
      continue;
    }
    byConversation.set(target, [...(byConversation.get(target) ?? []), e]);
  }
  for (const [conversationId, routed] of byConversation) {
    // Media is stored before the message is appended, so it is never shown without its bytes.
    trace.stage = `media ${conversationId}`;
    const list = await storeInboundMedia(env, db, ch, conversationId, routed, inline);
    trace.stage = `ingest ${conversationId}`;
    const res = await conversationStub(env, conversationId).ingest(
      key && identity ? metaOf(key, identity, conversationId) : null,
      list,
    );
    if (!res.ok)
      log("warn", "events not applied", { conversationId, code: res.code, count: list.length });
    else if (thread) {
      trace.stage = `thread ${conversationId}`;
      await recordThreadMessage(db, ch.tenantId, conversationId, thread.messageId, thread.subject);
    }
  }
}
