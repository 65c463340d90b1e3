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
import { ownsStoreOrder, type VerifiedIdentity } from "../stores/identity";
import type { StoreOrder } from "../stores/types";
import type { AccountMailer } from "./account-mail";
import { proposeAction } from "./store-actions";
import {
  checkTypedCode,
  offerCode,
  sendCode,
  vouchedOrders,
  type VerificationEnv,
} from "./order-verification";
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

/**
 * Looks the order up in each connected store in turn; shows it only when the shopper owns it. An
 * order that is someone else's as far as the channel knows may be proved by a code (`offer`).
 */
export async function lookupStoreOrder(
  env: Pick<Env, "ENCRYPTION_KEY">,
  rows: (typeof stores.$inferSelect)[],
  who: VerifiedIdentity,
  orderNumber: string,
  fetchFor: (row: typeof stores.$inferSelect) => typeof fetch,
  offer?: (row: typeof stores.$inferSelect, order: StoreOrder) => Promise<{ mask: string } | null>,
): Promise<StoreOrderOutcome> {
  if (!rows.length) return { kind: "no_store" };
  const anyone = who.emails.length > 0 || who.phones.length > 0 || !!who.orders?.length;
  // Nobody to compare with and no code to offer: the store is not even asked.
  if (!anyone && !offer) return { kind: "verify" };
  let failure: string | null = null;
  let other: { row: typeof stores.$inferSelect; order: StoreOrder } | null = null;
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
    // Two stores may both have a "1001": only the shopper's own counts.
    if (res.value && ownsStoreOrder(row.id, res.value, who))
      return { kind: "order", order: orderForReply(res.value) };
    if (res.value) other ??= { row, order: res.value };
  }
  if (other && offer) {
    const offered = await offer(other.row, other.order);
    if (offered) return { kind: "offer_code", mask: offered.mask };
  }
  if (!anyone) return { kind: "verify" };
  return failure && !other ? { kind: "failed", reason: failure } : { kind: "not_found" };
}

/** The `OrderSource` of one conversation's turn. */
export function storeOrderSource(
  env: Pick<Env, "DB"> & VerificationEnv,
  db: Db,
  tenantId: string,
  conversationId: string,
  mailer: AccountMailer,
  fetchFn: typeof fetch = fetch,
): OrderSource {
  let rows: Promise<(typeof stores.$inferSelect)[]> | null = null;
  const load = () => (rows ??= db.select().from(stores).where(inTenant(stores, tenantId)));
  const who = async (): Promise<VerifiedIdentity> => ({
    ...(await verifiedIdentity(db, tenantId, conversationId)),
    orders: await vouchedOrders(db, tenantId, conversationId),
  });
  // Read-only lookups are audited like every other store call (method, host, path; no query).
  const audited = (purpose: string) => (row: typeof stores.$inferSelect) =>
    auditedFetch(db, tenantId, null, row, purpose, fetchFn);
  const offer = (row: typeof stores.$inferSelect, order: StoreOrder) =>
    offerCode(db, tenantId, conversationId, row, order);
  return {
    connected: async () => (await load()).length > 0,
    lookup: async (orderNumber) =>
      lookupStoreOrder(env, await load(), await who(), orderNumber, audited("order_lookup"), offer),
    propose: async (orderNumber, action, language, address) =>
      proposeAction(
        env,
        db,
        tenantId,
        conversationId,
        await load(),
        await who(),
        orderNumber,
        action,
        language,
        fetchFn,
        address,
      ),
    sendCode: async () =>
      sendCode(
        env,
        db,
        tenantId,
        conversationId,
        await load(),
        audited("verification_code"),
        mailer,
      ),
    checkCode: async (code) => checkTypedCode(env, db, tenantId, conversationId, code),
  };
}
