/** Conversations from the Worker's side: the D1 index reads behind the API (tenant-scoped; other tenants' ids are 404). */
import { eq } from "drizzle-orm";
import { conversationStub, shardStub } from "../../durable-objects/rpc";
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { contacts, conversations, tenants, users } from "../db/schema";
import { shopperFacingName } from "../lib/display-name";
import { ApiError } from "../lib/errors";
import type { ConversationDetail, ConversationSummary } from "../wire/conversations";
import type { ConversationMeta, DoResult } from "../wire/objects";
import { replyWindow } from "../lib/reply-window";
import type { Identity, IdentityKey } from "./contacts";

export { conversationStub };

/** Turns a DO answer into the value, or the matching API error. */
export function unwrap<T>(res: DoResult<T>): T {
  if (!res.ok) throw new ApiError(res.code, res.message);
  return res.value;
}

export function metaOf(
  key: IdentityKey,
  identity: Identity,
  conversationId: string,
): ConversationMeta {
  return {
    conversationId,
    tenantId: key.tenantId,
    channelId: key.channelId,
    channelType: key.channelType,
    contactId: identity.contactId,
    contactName: identity.name,
    externalUserId: key.externalId,
    contactVip: identity.vip,
    contactLanguage: identity.language,
    contactCountry: identity.country,
  };
}

type Row = Omit<typeof conversations.$inferSelect, "tenantId" | "updatedAt" | "inShard">;
type ContactCols = {
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
};

export const summaryColumns = {
  row: conversations,
  contactName: contacts.name,
  contactEmail: contacts.email,
  contactPhone: contacts.phone,
};

export function toSummary(
  r: { row: Row } & ContactCols,
  showContactDetails: boolean,
): ConversationSummary {
  const c = r.row;
  return {
    id: c.id,
    status: c.status,
    channelType: c.channelType,
    channelId: c.channelId,
    contact: showContactDetails
      ? { id: c.contactId, name: r.contactName, email: r.contactEmail, phone: r.contactPhone }
      : { id: c.contactId, name: r.contactName },
    assigneeId: c.assigneeId,
    language: c.language,
    tags: c.tags,
    lastMessageText: c.lastMessageText,
    lastMessageAt: c.lastMessageAt,
    messageCount: c.messageCount,
    inboundCount: c.inboundCount,
    unread: c.unreadCount,
    handoverReason: c.handoverReason,
    createdAt: c.createdAt,
    firstResponseAt: c.firstResponseAt,
    resolvedAt: c.resolvedAt,
  };
}

/** Viewers see who a conversation is with, not how to reach them. */
export const seesContactDetails = (auth: Auth) => auth.role !== "viewer";

/** One conversation: D1 says it is the tenant's and who the contact is; the shard's row, when it has one, is the live index. */
export async function getConversation(
  env: Pick<Env, "TENANT_SHARD">,
  db: Db,
  auth: Auth,
  id: string,
): Promise<ConversationDetail> {
  const [rows, live] = await Promise.all([
    db
      .select(summaryColumns)
      .from(conversations)
      .innerJoin(contacts, eq(contacts.id, conversations.contactId))
      .where(inTenant(conversations, auth.tenantId, eq(conversations.id, id)))
      .limit(1),
    shardStub(env, auth.tenantId).indexRow(id),
  ]);
  const found = rows[0];
  if (!found) throw new ApiError("CONVERSATION_NOT_FOUND", "No such conversation.");
  const r = live ? { ...found, row: { ...found.row, ...live } } : found;
  return {
    ...toSummary(r, seesContactDetails(auth)),
    handover: r.row.handover ?? null,
    firstAiResponseAt: r.row.firstAiResponseAt,
    firstHumanResponseAt: r.row.firstHumanResponseAt,
    humanMessageCount: r.row.humanMessageCount,
    csat: r.row.csatScore === null ? null : { score: r.row.csatScore, comment: r.row.csatComment },
    // Open while the contact wrote within 24 hours; a conversation they never wrote in is closed.
    window: replyWindow(r.row.channelType, r.row.lastInboundAt, Date.now()),
  };
}

/**
 * The conversation with its handover read from the conversation's DO, which holds it before the
 * D1 index catches up: a console refetching on a second handover's state frame gets the new one.
 */
export async function getConversationLive(
  env: Env,
  db: Db,
  auth: Auth,
  id: string,
): Promise<ConversationDetail> {
  const detail = await getConversation(env, db, auth, id);
  const snap = await conversationStub(env, id).snapshot();
  return snap.ok ? { ...detail, handover: snap.value.handover ?? null } : detail;
}

/** Throws 404 unless the conversation belongs to the caller's tenant. */
export async function assertConversation(db: Db, tenantId: string, id: string): Promise<void> {
  const row = await db.query.conversations.findFirst({
    columns: { id: true },
    where: inTenant(conversations, tenantId, eq(conversations.id, id)),
  });
  if (!row) throw new ApiError("CONVERSATION_NOT_FOUND", "No such conversation.");
}

async function teamName(db: Db, tenantId: string): Promise<string> {
  const t = await db.query.tenants.findFirst({
    columns: { name: true },
    where: eq(tenants.id, tenantId),
  });
  return t?.name ?? "Support";
}

/** The acting person as the DO records them (shoppers see the name: never an email); API keys act as themselves and cannot be assignees. */
export async function actorOf(
  db: Db,
  auth: Auth,
): Promise<{ type: "agent"; id: string; name: string }> {
  if (!auth.userId) return { type: "agent", id: auth.apiKeyId ?? "api", name: "API" };
  const u = await db.query.users.findFirst({
    columns: { name: true },
    where: inTenant(users, auth.tenantId, eq(users.id, auth.userId)),
  });
  return {
    type: "agent",
    id: auth.userId,
    name: shopperFacingName(u?.name, await teamName(db, auth.tenantId)),
  };
}

/** An active teammate who can work conversations (agent or above), or a 404/422. */
export async function assignableUser(
  db: Db,
  tenantId: string,
  userId: string,
): Promise<{ id: string; name: string; capacity: number }> {
  const u = await db.query.users.findFirst({
    where: inTenant(users, tenantId, eq(users.id, userId)),
  });
  if (!u) throw new ApiError("NOT_FOUND", "No such user.");
  if (u.status !== "active" || u.role === "viewer")
    throw new ApiError(
      "VALIDATION_FAILED",
      "Only active agents, admins and owners can be assigned conversations.",
    );
  return {
    id: u.id,
    name: shopperFacingName(u.name, await teamName(db, tenantId)),
    capacity: u.capacity,
  };
}
