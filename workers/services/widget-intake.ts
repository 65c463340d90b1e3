/**
 * Where a widget visitor's contact and conversation come into being: on their first message (or
 * first photo), never on a session or an open socket. The conversation's id is derived from the
 * visitor and the conversation it follows, so every socket of theirs, and the upload route, meet
 * in the same conversation object before anything exists.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import type { ConversationMeta } from "../wire/objects";
import { getDb, type Db } from "../db/client";
import { hmacSha256 } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import type { IntakeResult, PendingConversation, WidgetIntakeRpc } from "../wire/intake";
import { conversationFor, findOrCreateIdentity, type IdentityKey } from "./contacts";
import { metaOf } from "./conversations";

/** `cnv_` and 24 base-36 characters of HMAC(SIGNING_KEY, visitor and the conversation before). */
export async function nextConversationId(
  signingKey: string,
  key: IdentityKey,
  previous: string | null,
): Promise<string> {
  const mac = await hmacSha256(
    signingKey,
    `next-conversation|${key.tenantId}|${key.channelId}|${key.externalId}|${previous ?? ""}`,
  );
  let id = "";
  for (const b of mac.slice(0, 24)) id += (b % 36).toString(36);
  return `cnv_${id}`;
}

/** Finds or creates the contact and the conversation `pending` names (a racing creator ends in the same one). */
export async function openWidgetConversation(
  db: Db,
  pending: PendingConversation,
): Promise<ConversationMeta> {
  const key: IdentityKey = {
    tenantId: pending.tenantId,
    channelId: pending.channelId,
    channelType: "widget",
    externalId: pending.externalId,
  };
  const identity = await findOrCreateIdentity(db, key, {
    language: pending.language,
    country: pending.country,
  });
  const conversation = await conversationFor(
    db,
    key,
    identity,
    true,
    Date.now(),
    true,
    pending.conversationId,
  );
  return metaOf(key, identity, conversation!.conversationId);
}

/** Reached by ConversationDO through `ctx.exports.WidgetIntake`: the object stays free of service imports. */
export class WidgetIntake extends WorkerEntrypoint<Env> implements WidgetIntakeRpc {
  async open(pending: PendingConversation): Promise<IntakeResult> {
    try {
      return { ok: true, value: await openWidgetConversation(getDb(this.env.DB), pending) };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, code: err.code, message: err.message };
      throw err;
    }
  }
}
