/**
 * Store connections (Shopify, WooCommerce) and the orders their webhooks told us about, linked to
 * the contact they belong to. Times are epoch ms; every row is tenant-owned (`inTenant`).
 */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ShippingAddress } from "../stores/types";
import { tenants } from "./schema";

export const STORE_TYPES = ["shopify", "woocommerce"] as const;
export type StoreType = (typeof STORE_TYPES)[number];

const ts = (name: string) => integer(name, { mode: "number" });
const createdAt = () => ts("created_at").notNull().default(sql`(unixepoch() * 1000)`);

export const ACTION_POLICIES = ["approval", "answer_only", "never"] as const;
export type ActionPolicy = (typeof ACTION_POLICIES)[number];

export const stores = sqliteTable(
  "stores",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    type: text("type", { enum: STORE_TYPES }).notNull(),
    name: text("name").notNull(),
    /** The store's own host (`acme.myshopify.com`, `shop.example.com`): the only place its credential goes. */
    host: text("host").notNull(),
    /** AES-GCM sealed credentials (lib/crypto.ts); never returned by the API. */
    credentialsEnc: text("credentials_enc").notNull(),
    lastEventAt: ts("last_event_at"),
    /** Actions on orders below this amount (the order's currency) run without an agent; null: always ask. */
    autoApproveBelow: real("auto_approve_below"),
    /** Shipping-address changes: proposed for an agent's approval, answered only (handed to a person), or never. */
    addressChanges: text("address_changes", { enum: ACTION_POLICIES })
      .notNull()
      .default("approval"),
    /** High-intent leads whose product matches a variant become a draft order in the store (Shopify only). */
    draftOrders: integer("draft_orders", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index("stores_tenant_idx").on(t.tenantId),
    uniqueIndex("stores_tenant_host_uq").on(t.tenantId, t.type, t.host),
  ],
);

/** The latest we heard of an order from a store webhook, and the contact it was linked to by email or phone. */
export const storeOrders = sqliteTable(
  "store_orders",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    /** The store's id of the order. */
    externalId: text("external_id").notNull(),
    number: text("number").notNull(),
    status: text("status").notNull(),
    email: text("email"),
    phone: text("phone"),
    /** No foreign key: erasing a contact must not be blocked by an order the store told us about. */
    contactId: text("contact_id"),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("store_orders_ext_uq").on(t.storeId, t.externalId),
    index("store_orders_contact_idx").on(t.tenantId, t.contactId),
  ],
);

export const STORE_ACTION_KINDS = ["cancel", "refund", "address"] as const;
export type StoreActionKind = (typeof STORE_ACTION_KINDS)[number];
/** proposed → approved → done | failed; proposed → declined. */
export const STORE_ACTION_STATES = ["proposed", "approved", "declined", "done", "failed"] as const;
export type StoreActionState = (typeof STORE_ACTION_STATES)[number];

/** A change to an order the AI proposed for a shopper whose identity the channel vouched for. */
export const storeActions = sqliteTable(
  "store_actions",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    conversationId: text("conversation_id").notNull(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: STORE_ACTION_KINDS }).notNull(),
    /** The store's id of the order, and what the shopper calls it. */
    orderId: text("order_id").notNull(),
    orderNumber: text("order_number").notNull(),
    amount: text("amount"),
    currency: text("currency"),
    /** An address change: the order's shipping address before and the one asked for. */
    detail: text("detail", { mode: "json" }).$type<{
      from: ShippingAddress | null;
      to: ShippingAddress;
    }>(),
    /** The shopper's language: the outcome is told in it. */
    language: text("language").notNull(),
    state: text("state", { enum: STORE_ACTION_STATES }).notNull(),
    /** A user id, or "auto" when below the store's limit. */
    decidedBy: text("decided_by"),
    decidedAt: ts("decided_at"),
    /** Why a store call failed (the store's message, never credentials). */
    error: text("error"),
    createdAt: createdAt(),
  },
  (t) => [index("store_actions_conversation_idx").on(t.tenantId, t.conversationId)],
);

/** A cancel, refund or address change waiting for the shopper to prove the order. */
export interface PendingAction {
  action: "cancel" | "refund" | "address";
  address?: { address1: string; city: string; zip: string | null; country: string | null };
}

export const VERIFICATION_STATES = ["offered", "sent", "verified", "locked"] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

/**
 * A one-time code that proves a shopper owns an order the channel does not vouch for: offered,
 * sent to the order's email (stored only as an HMAC), then verified or locked after too many
 * wrong tries. Written a few times per conversation (offer, send, each try), never per message.
 */
export const orderVerifications = sqliteTable(
  "order_verifications",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    conversationId: text("conversation_id").notNull(),
    storeId: text("store_id")
      .notNull()
      .references(() => stores.id, { onDelete: "cascade" }),
    /** The store's id of the order, and what the shopper calls it. */
    orderId: text("order_id").notNull(),
    orderNumber: text("order_number").notNull(),
    state: text("state", { enum: VERIFICATION_STATES }).notNull(),
    /** HMAC-SHA256 of the code under SIGNING_KEY, bound to this row's id. */
    codeHash: text("code_hash"),
    expiresAt: ts("expires_at"),
    attempts: integer("attempts").notNull().default(0),
    sends: integer("sends").notNull().default(0),
    /** The change the shopper asked for before proving the order (resumed once the code is right). */
    pendingAction: text("pending_action", { mode: "json" }).$type<PendingAction>(),
    createdAt: createdAt(),
  },
  (t) => [index("order_verifications_conversation_idx").on(t.tenantId, t.conversationId)],
);
