/**
 * The AI's read-only order action: the conversation's verified identity, the tenant's stores, and
 * an answer that shows an order only to its owner. Built per turn, loading nothing until an order
 * number is actually asked about.
 */
import { and, eq } from "drizzle-orm";
import type { OrderSource, StoreOrderOutcome } from "../ai/store-orders";
import { widgetUserKey } from "../channels/widget-server";
import { inTenant, type Db } from "../db/client";
import { contactIdentities, contacts, conversations } from "../db/schema";
import { stores } from "../db/schema-stores";
import { ownsOrder, type VerifiedIdentity } from "../stores/identity";
import type { StoreOrder } from "../stores/types";
import { proposeAction } from "./store-actions";
import { auditedFetch } from "./store-calls";
import { openStore } from "./stores";

/**
 * What the conversation's channel vouches for: WhatsApp the sender's number, email the sender's
 * address, the widget the email of a shopper signed in by the merchant (identity hash or token).
 * Anonymous widget visitors, Telegram, Messenger and LINE vouch for nothing: they must verify.
 */
export async function verifiedIdentity(
  db: Db,
  tenantId: string,
  conversationId: string,
): Promise<VerifiedIdentity> {
  const none: VerifiedIdentity = { emails: [], phones: [] };
  const [conv] = await db
    .select({
      channelId: conversations.channelId,
      channelType: conversations.channelType,
      contactId: conversations.contactId,
    })
    .from(conversations)
    .where(inTenant(conversations, tenantId, eq(conversations.id, conversationId)))
    .limit(1);
  if (!conv) return none;
  const [identity] = await db
    .select({ externalId: contactIdentities.externalId, email: contacts.email })
    .from(contactIdentities)
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(
      and(
        eq(contactIdentities.tenantId, tenantId),
        eq(contactIdentities.channelId, conv.channelId),
        eq(contactIdentities.contactId, conv.contactId),
      ),
    )
    .limit(1);
  if (!identity) return none;
  if (conv.channelType === "whatsapp") return { emails: [], phones: [identity.externalId] };
  if (conv.channelType === "email") return { emails: [identity.externalId], phones: [] };
  if (
    conv.channelType === "widget" &&
    identity.externalId.startsWith(widgetUserKey("")) &&
    identity.email
  )
    return { emails: [identity.email], phones: [] };
  return none;
}

/** Only what the shopper is told: status and the first parcel's tracking. */
export function orderForReply(order: StoreOrder) {
  const t = order.tracking.find((x) => x.url || x.number);
  return {
    status: order.status,
    ...(t?.company ? { carrier: t.company } : {}),
    ...(t?.number ? { trackingNumber: t.number } : {}),
    ...(t?.url ? { trackingUrl: t.url } : {}),
  };
}

/** Looks the order up in each connected store in turn; shows it only when `ownsOrder`. */
export async function lookupStoreOrder(
  env: Pick<Env, "ENCRYPTION_KEY">,
  rows: (typeof stores.$inferSelect)[],
  who: VerifiedIdentity,
  orderNumber: string,
  fetchFor: (row: typeof stores.$inferSelect) => typeof fetch,
): Promise<StoreOrderOutcome> {
  if (!rows.length) return { kind: "no_store" };
  // Nobody to compare with: the store is not even asked, so nothing about the order can leak.
  if (!who.emails.length && !who.phones.length) return { kind: "verify" };
  let failure: string | null = null;
  let found = false;
  for (const row of rows) {
    const store = await openStore(env, row);
    const res = await store.adapter.orderByNumber(
      store.creds,
      orderNumber.replace(/^#/, ""),
      fetchFor(row),
    );
    if (!res.ok) {
      failure = res.code;
      continue;
    }
    // Two stores may both have a "1001": only the shopper's own counts, and another's is as good as none.
    if (res.value && ownsOrder(res.value, who))
      return { kind: "order", order: orderForReply(res.value) };
    if (res.value) found = true;
  }
  return failure && !found ? { kind: "failed", reason: failure } : { kind: "not_found" };
}

/** The `OrderSource` of one conversation's turn. */
export function storeOrderSource(
  env: Pick<Env, "ENCRYPTION_KEY" | "DB">,
  db: Db,
  tenantId: string,
  conversationId: string,
  fetchFn: typeof fetch = fetch,
): OrderSource {
  let rows: Promise<(typeof stores.$inferSelect)[]> | null = null;
  const load = () => (rows ??= db.select().from(stores).where(inTenant(stores, tenantId)));
  return {
    connected: async () => (await load()).length > 0,
    lookup: async (orderNumber) =>
      lookupStoreOrder(
        env,
        await load(),
        await verifiedIdentity(db, tenantId, conversationId),
        orderNumber,
        // Read-only lookups are audited like every other store call (method, host, path; no query).
        (row) => auditedFetch(db, tenantId, null, row, "order_lookup", fetchFn),
      ),
    propose: async (orderNumber, action, language) =>
      proposeAction(
        env,
        db,
        tenantId,
        conversationId,
        await load(),
        await verifiedIdentity(db, tenantId, conversationId),
        orderNumber,
        action,
        language,
        fetchFn,
      ),
  };
}
