/**
 * Leads: captured from a conversation's shopper messages by the conversation-events consumer, listed
 * and moved through new → contacted → won | lost by agents. A batch of messages that says nothing
 * about a purchase costs no D1 call; a lead row is written only when one of its fields changes.
 * High-intent leads go to the tenant's webhooks once per version (`lead.created`, then `lead.updated`).
 */
import { and, desc, eq, lt } from "drizzle-orm";
import {
  HIGH_INTENT,
  hasLeadFacts,
  intentScore,
  leadFacts,
  mergeLead,
  startsLead,
  type LeadState,
} from "../ai/leads";
import type { Auth } from "../app-env";
import { getDb, inTenant, type Db } from "../db/client";
import { contacts, conversations } from "../db/schema";
import { leadSales, leads } from "../db/schema-leads";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { enqueueWebhookDeliveries, type EndpointRow } from "../outgoing-webhooks/webhook-delivery";
import type { LeadListQuery, LeadView } from "../wire/leads";
import type { LeadMark } from "../wire/shard";
import type { LeadStatus } from "../db/schema-leads";
import { maskEmail, maskPhone } from "../privacy/mask";
import { audit } from "./audit";

type LeadRow = typeof leads.$inferSelect;
type SaleRow = typeof leadSales.$inferSelect;

export interface LeadInput {
  tenantId: string;
  conversationId: string;
  /** The batch's shopper messages, oldest first. */
  messages: { text: string; language?: string }[];
  at: number;
}

export interface LeadOutcome {
  leadId: string;
  written: boolean;
  /** `lead.created` / `lead.updated` when webhooks were queued for this version. */
  pushed: "lead.created" | "lead.updated" | null;
}

const STATE_KEYS = [
  "product",
  "variant",
  "quantity",
  "budget",
  "name",
  "email",
  "phone",
  "purchase",
  "preSales",
  "price",
] as const satisfies readonly (keyof LeadState)[];

const stateOf = (r: LeadRow): LeadState => ({
  product: r.product,
  variant: r.variant,
  quantity: r.quantity,
  budget: r.budget,
  name: r.name,
  email: r.email,
  phone: r.phone,
  purchase: r.purchase,
  preSales: r.preSales,
  price: r.price,
});
const same = (a: LeadState, b: LeadState) => STATE_KEYS.every((k) => a[k] === b[k]);

const leadOf = (db: Db, tenantId: string, conversationId: string) =>
  db
    .select()
    .from(leads)
    .where(inTenant(leads, tenantId, eq(leads.conversationId, conversationId)))
    .get();

/** Folds the batch's messages into the conversation's lead; see the file comment. */
export async function captureLead(
  env: Pick<Env, "DB" | "JOBS_QUEUE">,
  input: LeadInput,
  endpoints?: () => Promise<EndpointRow[]>,
  /** What the tenant's shard knows of the conversation's lead, and how to tell it what D1 showed. */
  mark?: { known: LeadMark | null; set(m: LeadMark): Promise<void> },
): Promise<LeadOutcome | null> {
  const facts = input.messages.map((m) => leadFacts(m.text));
  if (!facts.some(hasLeadFacts)) return null;
  // Known to have no lead, and nothing here starts one: D1 need not be read.
  if (mark?.known === "none" && !facts.some(startsLead)) return null;
  const db = getDb(env.DB);
  const language = input.messages.findLast((m) => m.language)?.language ?? null;
  const { tenantId, conversationId } = input;
  let row = await leadOf(db, tenantId, conversationId);
  let written = false;
  if (!row) {
    const start = facts.findIndex(startsLead);
    if (start < 0) {
      if (mark && mark.known !== "none") await mark.set("none");
      return null;
    }
    const conv = await db
      .select({ contactId: conversations.contactId })
      .from(conversations)
      .where(inTenant(conversations, tenantId, eq(conversations.id, conversationId)))
      .get();
    if (!conv) return null;
    const state = facts.reduce<LeadState | null>(mergeLead, null) as LeadState;
    const [inserted] = await db
      .insert(leads)
      .values({
        id: newId("lead"),
        tenantId,
        conversationId,
        contactId: conv.contactId,
        ...state,
        intentScore: intentScore(state),
        language,
        updatedAt: input.at,
      })
      .onConflictDoNothing()
      .returning();
    written = inserted !== undefined;
    if (mark && mark.known !== "lead") await mark.set("lead");
    row = inserted ?? (await leadOf(db, tenantId, conversationId));
    if (!row) return null;
  }
  if (!written) {
    const before = stateOf(row);
    const state = facts.reduce(mergeLead, before);
    if (!same(state, before)) {
      const [updated] = await db
        .update(leads)
        .set({
          ...state,
          intentScore: intentScore(state),
          language: language ?? row.language,
          version: row.version + 1,
          updatedAt: input.at,
        })
        .where(inTenant(leads, tenantId, eq(leads.id, row.id), eq(leads.version, row.version)))
        .returning();
      // Another delivery changed it first: the queue retries this batch against the new row.
      if (!updated) throw new Error("lead changed concurrently");
      row = updated;
      written = true;
    }
  }
  const pushed = await pushIfHigh(env, db, row, endpoints);
  return { leadId: row.id, written, pushed };
}

/** Queues the lead's webhooks once per version while it is high-intent (redeliveries dedupe on the key). */
async function pushIfHigh(
  env: Pick<Env, "DB" | "JOBS_QUEUE">,
  db: Db,
  row: LeadRow,
  endpoints?: () => Promise<EndpointRow[]>,
): Promise<LeadOutcome["pushed"]> {
  if (row.intentScore < HIGH_INTENT || row.pushedVersion >= row.version) return null;
  const type = row.pushedVersion === 0 ? "lead.created" : "lead.updated";
  const contact = await contactOf(db, row);
  const sale = await db
    .select()
    .from(leadSales)
    .where(inTenant(leadSales, row.tenantId, eq(leadSales.conversationId, row.conversationId)))
    .get();
  const { conversationId: _c, ...data } = publicLead(row, contact, { masked: false }, sale);
  await enqueueWebhookDeliveries(
    env,
    {
      tenantId: row.tenantId,
      eventKey: `${row.id}:v${row.version}`,
      type,
      at: row.updatedAt,
      conversationId: row.conversationId,
      data: { lead: data },
    },
    undefined,
    Date.now(),
    endpoints,
  );
  await db
    .update(leads)
    .set({ pushedVersion: row.version })
    .where(
      inTenant(leads, row.tenantId, eq(leads.id, row.id), lt(leads.pushedVersion, row.version)),
    );
  return type;
}

type ContactFields = { name: string | null; email: string | null; phone: string | null };

async function contactOf(db: Db, row: LeadRow): Promise<ContactFields | undefined> {
  return db
    .select({ name: contacts.name, email: contacts.email, phone: contacts.phone })
    .from(contacts)
    .where(inTenant(contacts, row.tenantId, eq(contacts.id, row.contactId)))
    .get();
}

/**
 * A lead as the API shows it: email and phone masked as on the contact panel (admins reveal them on
 * the contact, audited); `{ masked: false }` only for the tenant's own webhooks.
 */
export function publicLead(
  row: LeadRow,
  contact?: ContactFields | null,
  { masked = true } = {},
  sale?: SaleRow | null,
): LeadView {
  const email = row.email ?? contact?.email ?? null;
  const phone = row.phone ?? contact?.phone ?? null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    contactId: row.contactId,
    product: row.product,
    variant: row.variant,
    quantity: row.quantity,
    budget: row.budget,
    name: row.name ?? contact?.name ?? null,
    email: email && masked ? maskEmail(email) : email,
    phone: phone && masked ? maskPhone(phone) : phone,
    intentScore: row.intentScore,
    highIntent: row.intentScore >= HIGH_INTENT,
    language: row.language,
    status: row.status,
    team: sale?.team ?? null,
    catalogue:
      sale?.storeId && sale.productId && sale.productTitle
        ? {
            storeId: sale.storeId,
            productId: sale.productId,
            title: sale.productTitle,
            variantId: sale.variantId,
            variantTitle: sale.variantTitle,
          }
        : null,
    draftOrder:
      sale?.draftState === "created" &&
      sale.draftOrderId &&
      sale.draftOrderName &&
      sale.draftOrderUrl
        ? { id: sale.draftOrderId, name: sale.draftOrderName, url: sale.draftOrderUrl }
        : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The tenant's leads, most recently updated first, with the contact's details where the lead has none. */
export async function listLeads(db: Db, auth: Auth, q: LeadListQuery): Promise<LeadView[]> {
  const rows = await db
    .select({
      lead: leads,
      contact: { name: contacts.name, email: contacts.email, phone: contacts.phone },
      language: conversations.language,
      sale: leadSales,
    })
    .from(leads)
    .leftJoin(
      contacts,
      and(eq(contacts.id, leads.contactId), eq(contacts.tenantId, leads.tenantId)),
    )
    .leftJoin(
      conversations,
      and(eq(conversations.id, leads.conversationId), eq(conversations.tenantId, leads.tenantId)),
    )
    .leftJoin(
      leadSales,
      and(
        eq(leadSales.conversationId, leads.conversationId),
        eq(leadSales.tenantId, leads.tenantId),
      ),
    )
    .where(
      inTenant(
        leads,
        auth.tenantId,
        q.status ? eq(leads.status, q.status) : undefined,
        q.conversationId ? eq(leads.conversationId, q.conversationId) : undefined,
      ),
    )
    .orderBy(desc(leads.updatedAt), desc(leads.id))
    .limit(q.limit);
  // The conversation's language is decided over its messages; the lead's is only the events' hint.
  return rows.map((r) =>
    publicLead({ ...r.lead, language: r.language ?? r.lead.language }, r.contact, {}, r.sale),
  );
}

/** An agent's status change; audited. 404 for another tenant's lead. */
export async function setLeadStatus(
  db: Db,
  auth: Auth,
  id: string,
  status: LeadStatus,
): Promise<LeadView> {
  const [row] = await db
    .update(leads)
    .set({ status })
    .where(inTenant(leads, auth.tenantId, eq(leads.id, id)))
    .returning();
  if (!row) throw new ApiError("LEAD_NOT_FOUND", "No such lead.");
  await audit(db, auth.tenantId, auth, {
    action: "lead.status",
    targetType: "lead",
    targetId: id,
    data: { status },
  });
  const sale = await db
    .select()
    .from(leadSales)
    .where(inTenant(leadSales, row.tenantId, eq(leadSales.conversationId, row.conversationId)))
    .get();
  return publicLead(row, await contactOf(db, row), {}, sale);
}
