/**
 * Leads: one per conversation whose shopper showed purchase intent, filled from their messages by the
 * conversation-events consumer and written only when something changed. Times are epoch ms.
 */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts, tenants } from "./schema";

export const LEAD_STATUSES = ["new", "contacted", "won", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

const ts = (name: string) => integer(name, { mode: "number" });
const flag = (name: string) => integer(name, { mode: "boolean" }).notNull().default(false);

export const leads = sqliteTable(
  "leads",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    conversationId: text("conversation_id").notNull(),
    contactId: text("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    product: text("product"),
    variant: text("variant"),
    quantity: integer("quantity"),
    budget: text("budget"),
    /** Given in the conversation; the contact's own record is shown when these are empty. */
    name: text("name"),
    email: text("email"),
    phone: text("phone"),
    purchase: flag("purchase"),
    preSales: flag("pre_sales"),
    price: flag("price"),
    intentScore: real("intent_score").notNull(),
    language: text("language"),
    status: text("status", { enum: LEAD_STATUSES }).notNull().default("new"),
    /** Bumped on every change; a webhook is sent once per version (`pushed_version` is the last). */
    version: integer("version").notNull().default(1),
    pushedVersion: integer("pushed_version").notNull().default(0),
    createdAt: ts("created_at").notNull().default(sql`(unixepoch() * 1000)`),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("leads_conversation_idx").on(t.tenantId, t.conversationId),
    index("leads_tenant_updated_idx").on(t.tenantId, t.updatedAt),
  ],
);

export const DRAFT_STATES = ["none", "creating", "created", "failed"] as const;
export type DraftState = (typeof DRAFT_STATES)[number];

/**
 * What a high-intent lead set going: the team its conversation was queued for, the catalogue item its
 * product matched, and the store draft order made for it (at most one per conversation: the row is
 * claimed `none → creating` by one conditional UPDATE before the store is called).
 */
export const leadSales = sqliteTable(
  "lead_sales",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    conversationId: text("conversation_id").notNull(),
    team: text("team"),
    storeId: text("store_id"),
    productId: text("product_id"),
    productTitle: text("product_title"),
    variantId: text("variant_id"),
    variantTitle: text("variant_title"),
    draftState: text("draft_state", { enum: DRAFT_STATES }).notNull().default("none"),
    draftOrderId: text("draft_order_id"),
    draftOrderName: text("draft_order_name"),
    draftOrderUrl: text("draft_order_url"),
    createdAt: ts("created_at").notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex("lead_sales_conversation_idx").on(t.tenantId, t.conversationId)],
);
