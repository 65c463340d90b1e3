/**
 * Contacts for the console: PII is masked for every role; owners and admins reveal one field at a
 * time, and each reveal is audited. Viewers and agents never see unmasked email, phone or payment data.
 */
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { contactIdentities, contacts, conversations, type ChannelType } from "../db/schema";
import { contactOptIns } from "../db/schema-ops";
import { ApiError } from "../lib/errors";
import { hasRole } from "../middleware/auth";
import { audit } from "../services/audit";
import { maskAddress, maskAttributes, maskEmail, maskPhone } from "./mask";

type ContactRow = typeof contacts.$inferSelect;

export function maskedContact(c: ContactRow) {
  const { attributes, masked } = maskAttributes(c.attributes);
  return {
    id: c.id,
    name: c.name,
    email: c.email ? maskEmail(c.email) : null,
    phone: c.phone ? maskPhone(c.phone) : null,
    language: c.language,
    country: c.country,
    vip: c.vip,
    tags: c.tags,
    attributes,
    optOut: c.optOut,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    lastSeenAt: c.lastSeenAt,
    /** Fields shown masked, each revealable with POST /api/contacts/:id/reveal. */
    masked: [...(c.email ? ["email"] : []), ...(c.phone ? ["phone"] : []), ...masked],
  };
}

async function find(db: Db, tenantId: string, id: string): Promise<ContactRow> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(inTenant(contacts, tenantId, eq(contacts.id, id)));
  if (!row) throw new ApiError("CONTACT_NOT_FOUND", "No such contact.");
  return row;
}

/** Who may reveal a masked field, and so search by it (a search that matches confirms the value). */
export const canRevealContactFields = (auth: Pick<Auth, "role">) => hasRole(auth.role, "admin");

export async function listContacts(
  db: Db,
  auth: Pick<Auth, "tenantId" | "role">,
  q: { q?: string; tag?: string; cursor?: string; limit: number },
) {
  const tenantId = auth.tenantId;
  const text = q.q ? `%${q.q.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%` : null;
  const like = (col: typeof contacts.name | typeof contacts.email | typeof contacts.phone) =>
    sql`${col} LIKE ${text} ESCAPE '\\'`;
  const rows = await db
    .select()
    .from(contacts)
    .where(
      inTenant(
        contacts,
        tenantId,
        text
          ? canRevealContactFields(auth)
            ? or(like(contacts.name), like(contacts.email), like(contacts.phone))
            : like(contacts.name)
          : undefined,
        q.tag
          ? sql`EXISTS (SELECT 1 FROM json_each(${contacts.tags}) WHERE value = ${q.tag})`
          : undefined,
        q.cursor ? lt(contacts.id, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(contacts.id))
    .limit(q.limit);
  return {
    contacts: rows.map(maskedContact),
    nextCursor: rows.length === q.limit ? rows[rows.length - 1].id : null,
  };
}

export async function getContact(db: Db, tenantId: string, id: string) {
  const c = await find(db, tenantId, id);
  const [identities, convs, optIns] = await Promise.all([
    db
      .select()
      .from(contactIdentities)
      .where(inTenant(contactIdentities, tenantId, eq(contactIdentities.contactId, id))),
    db
      .select({
        id: conversations.id,
        status: conversations.status,
        channelType: conversations.channelType,
        language: conversations.language,
        tags: conversations.tags,
        lastMessageText: conversations.lastMessageText,
        lastMessageAt: conversations.lastMessageAt,
        createdAt: conversations.createdAt,
        resolvedAt: conversations.resolvedAt,
        csatScore: conversations.csatScore,
      })
      .from(conversations)
      .where(inTenant(conversations, tenantId, eq(conversations.contactId, id)))
      .orderBy(desc(conversations.createdAt))
      .limit(100),
    db
      .select({
        channelType: contactOptIns.channelType,
        source: contactOptIns.source,
        createdAt: contactOptIns.createdAt,
      })
      .from(contactOptIns)
      .where(inTenant(contactOptIns, tenantId, eq(contactOptIns.contactId, id))),
  ]);
  return {
    ...maskedContact(c),
    identities: identities.map((i) => ({
      id: i.id,
      channelId: i.channelId,
      channelType: i.channelType,
      externalId: maskAddress(i.externalId),
      createdAt: i.createdAt,
    })),
    conversations: convs,
    optIns,
  };
}

export interface ContactPatch {
  name?: string | null;
  tags?: string[];
  /** Merged into the attributes; a null value removes the key. */
  attributes?: Record<string, unknown>;
  vip?: boolean;
  language?: string | null;
  optOut?: string[];
  /** Records (true) or withdraws (false) opt-in per channel type. */
  optIn?: Partial<Record<ChannelType, boolean>>;
}

export async function updateContact(db: Db, auth: Auth, id: string, patch: ContactPatch) {
  const c = await find(db, auth.tenantId, id);
  const attributes = { ...c.attributes };
  for (const [k, v] of Object.entries(patch.attributes ?? {})) {
    if (v === null) delete attributes[k];
    else attributes[k] = v;
  }
  const set = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.tags ? { tags: [...new Set(patch.tags)] } : {}),
    ...(patch.vip !== undefined ? { vip: patch.vip } : {}),
    ...(patch.language !== undefined ? { language: patch.language } : {}),
    ...(patch.optOut ? { optOut: [...new Set(patch.optOut)] } : {}),
    ...(patch.attributes ? { attributes } : {}),
    updatedAt: Date.now(),
  };
  const optIns = Object.entries(patch.optIn ?? {}) as [ChannelType, boolean][];
  await db.batch([
    db
      .update(contacts)
      .set(set)
      .where(inTenant(contacts, auth.tenantId, eq(contacts.id, id))),
    ...optIns.map(([channelType, on]) =>
      on
        ? db
            .insert(contactOptIns)
            .values({
              tenantId: auth.tenantId,
              contactId: id,
              channelType,
              source: auth.userId ? `user:${auth.userId}` : `api_key:${auth.apiKeyId}`,
            })
            .onConflictDoNothing()
        : db
            .delete(contactOptIns)
            .where(
              inTenant(
                contactOptIns,
                auth.tenantId,
                eq(contactOptIns.contactId, id),
                eq(contactOptIns.channelType, channelType),
              ),
            ),
    ),
  ]);
  if (patch.optOut || optIns.length)
    await audit(db, auth.tenantId, auth, {
      action: "contact.consent_changed",
      targetType: "contact",
      targetId: id,
      data: { optOut: patch.optOut, optIn: patch.optIn },
    });
  return getContact(db, auth.tenantId, id);
}

/** `email`, `phone`, `attributes.<key>` or `identities.<identityId>`. */
export async function revealField(
  db: Db,
  auth: Auth,
  id: string,
  field: string,
  ip: string | null,
) {
  const c = await find(db, auth.tenantId, id);
  let value: unknown;
  if (field === "email") value = c.email;
  else if (field === "phone") value = c.phone;
  else if (field.startsWith("attributes.")) {
    value = c.attributes[field.slice(11)];
  } else if (field.startsWith("identities.")) {
    const [identity] = await db
      .select()
      .from(contactIdentities)
      .where(
        and(
          inTenant(
            contactIdentities,
            auth.tenantId,
            eq(contactIdentities.contactId, id),
            eq(contactIdentities.id, field.slice(11)),
          ),
        ),
      );
    value = identity?.externalId;
  }
  if (value === undefined || value === null)
    throw new ApiError("NOT_FOUND", `The contact has no ${field}.`);
  await audit(db, auth.tenantId, auth, {
    action: "pii.revealed",
    targetType: "contact",
    targetId: id,
    data: { field },
    ip,
  });
  return { field, value };
}
