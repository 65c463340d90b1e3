/**
 * Finding or creating the contact behind a channel identity, and the conversation new messages from
 * that identity go to. Both are race-safe: concurrent webhooks for a new shopper agree on one contact
 * and one conversation, because every create is a conditional write inside one D1 batch.
 * These two batches use D1 statements directly: drizzle cannot express INSERT … SELECT … WHERE NOT EXISTS
 * with bound values, and the tenant condition is written out in each.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { contactIdentities, contacts, type ChannelType } from "../db/schema";
import { newId } from "../lib/ids";

/** A resolved conversation gets the shopper's next message if it ended less than this ago. */
export const REOPEN_WINDOW_MS = 7 * 24 * 3600_000;

export interface IdentityKey {
  tenantId: string;
  channelId: string;
  channelType: ChannelType;
  externalId: string;
}

export interface Profile {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  language?: string | null;
  /** ISO 3166-1 alpha-2, from the phone number or the widget's edge location. */
  country?: string | null;
}

export interface Identity {
  identityId: string;
  contactId: string;
  conversationId: string | null;
  /** Status and resolution time of `conversationId`, read in the same query. */
  conversationStatus: string | null;
  conversationResolvedAt: number | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string | null;
  country: string | null;
  vip: boolean;
}

const FIND_IDENTITY = `SELECT ci.id AS identityId, ci.contact_id AS contactId, ci.conversation_id AS conversationId,
  cv.status AS conversationStatus, cv.resolved_at AS conversationResolvedAt,
  c.name, c.email, c.phone, c.language, c.country, c.vip
  FROM contact_identities ci JOIN contacts c ON c.id = ci.contact_id LEFT JOIN conversations cv ON cv.id = ci.conversation_id
  WHERE ci.tenant_id = ? AND ci.channel_id = ? AND ci.external_id = ? LIMIT 1`;

/**
 * The country of an international phone number ("+41 44 668 18 00", or WhatsApp's "41446681800"), by its
 * calling code and leading digits (libphonenumber's metadata); null when it cannot tell.
 */
export function countryOfPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^\d+]/g, "");
  if (digits.replace(/\D/g, "").length < 8) return null;
  return (
    parsePhoneNumberFromString(digits.startsWith("+") ? digits : `+${digits}`)?.country ?? null
  );
}

/** A request's edge country (`request.cf.country`), when it names one. */
export function edgeCountry(req: Request): string | null {
  const country = (req as Request & { cf?: { country?: unknown } }).cf?.country;
  return typeof country === "string" && /^[A-Z]{2}$/.test(country) && country !== "XX"
    ? country
    : null;
}

/** On every inbound message, so one prepared statement rather than the query builder. */
export async function findIdentity(db: Db, key: IdentityKey): Promise<Identity | null> {
  const row = await db.$client
    .prepare(FIND_IDENTITY)
    .bind(key.tenantId, key.channelId, key.externalId)
    .first<Omit<Identity, "vip"> & { vip: number }>();
  return row ? { ...row, vip: row.vip === 1 } : null;
}

export async function findOrCreateIdentity(
  db: Db,
  key: IdentityKey,
  profile: Profile = {},
): Promise<Identity> {
  const found = await findIdentity(db, key);
  if (found) return fillProfile(db, key.tenantId, found, profile);
  const contactId = newId("ctc");
  const now = Date.now();
  // The contact is written only if the identity does not exist yet, in the same transaction as the
  // identity: a racing request either creates both or neither.
  const d1 = db.$client;
  await d1.batch([
    d1
      .prepare(
        `INSERT INTO contacts (id, tenant_id, name, email, phone, language, country, created_at, last_seen_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM contact_identities WHERE channel_id = ? AND external_id = ?)`,
      )
      .bind(
        contactId,
        key.tenantId,
        profile.name ?? null,
        profile.email ?? null,
        profile.phone ?? null,
        profile.language ?? null,
        profile.country ?? countryOfPhone(profile.phone),
        now,
        now,
        key.channelId,
        key.externalId,
      ),
    d1
      .prepare(
        "INSERT INTO contact_identities (id, tenant_id, contact_id, channel_id, channel_type, external_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      )
      .bind(
        newId("cid"),
        key.tenantId,
        contactId,
        key.channelId,
        key.channelType,
        key.externalId,
        now,
      ),
  ]);
  const created = await findIdentity(db, key);
  if (!created) throw new Error("identity vanished after insert");
  return created;
}

/** Fills in contact fields the channel now tells us and we did not know; never overwrites. */
async function fillProfile(db: Db, tenantId: string, id: Identity, p: Profile): Promise<Identity> {
  const patch: Partial<Record<"name" | "email" | "phone" | "language" | "country", string>> = {};
  if (p.name && !id.name) patch.name = p.name;
  if (p.email && !id.email) patch.email = p.email;
  if (p.phone && !id.phone) patch.phone = p.phone;
  if (p.language && !id.language) patch.language = p.language;
  const country = id.country ? null : (p.country ?? countryOfPhone(p.phone ?? id.phone));
  if (country) patch.country = country;
  if (!Object.keys(patch).length) return id;
  await db
    .update(contacts)
    .set({ ...patch, updatedAt: Date.now() })
    .where(inTenant(contacts, tenantId, eq(contacts.id, id.contactId)));
  return { ...id, ...patch };
}

/**
 * The conversation this identity's next message belongs to: its current one unless that was resolved
 * long ago; otherwise a new one (when `create`), with the id `newConversationId` when the caller has
 * one. The identity's pointer is swapped with a compare-and-set, so two racing first messages end
 * up in the same conversation.
 */
export async function conversationFor(
  db: Db,
  key: IdentityKey,
  identity: Identity,
  create: boolean,
  now = Date.now(),
  reopen = true,
  newConversationId?: string,
): Promise<{ conversationId: string; created: boolean } | null> {
  const current = identity.conversationId;
  // `reopen: false` (a new email thread): a resolved conversation stays closed however recent.
  if (
    current &&
    identity.conversationStatus &&
    (identity.conversationStatus !== "resolved" ||
      (reopen && (identity.conversationResolvedAt ?? 0) > now - REOPEN_WINDOW_MS))
  ) {
    return { conversationId: current, created: false };
  }
  if (!create) return null;
  const id = newConversationId ?? newId("cnv");
  const d1 = db.$client;
  await d1.batch([
    d1
      .prepare(
        `INSERT INTO conversations (id, tenant_id, contact_id, channel_id, channel_type, status, language, created_at, updated_at)
         SELECT ?, ?, ?, ?, ?, 'bot', ?, ?, ? WHERE EXISTS (SELECT 1 FROM contact_identities WHERE id = ? AND tenant_id = ? AND conversation_id IS ?)`,
      )
      .bind(
        id,
        key.tenantId,
        identity.contactId,
        key.channelId,
        key.channelType,
        identity.language,
        now,
        now,
        identity.identityId,
        key.tenantId,
        current,
      ),
    d1
      .prepare(
        "UPDATE contact_identities SET conversation_id = ? WHERE id = ? AND tenant_id = ? AND conversation_id IS ?",
      )
      .bind(id, identity.identityId, key.tenantId, current),
  ]);
  const after = await db.query.contactIdentities.findFirst({
    columns: { conversationId: true },
    where: inTenant(contactIdentities, key.tenantId, eq(contactIdentities.id, identity.identityId)),
  });
  if (!after?.conversationId) throw new Error("conversation pointer missing after create");
  return { conversationId: after.conversationId, created: after.conversationId === id };
}
