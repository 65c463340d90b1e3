/**
 * What a high-intent lead sets going, for the AI turn that saw it (`SalesSource`): the team its
 * conversation is queued for (a team named "sales" or agents with that skill), the catalogue item its
 * product matches in a connected store, and — where the store allows it — a draft order. One
 * `lead_sales` row per conversation; the draft order is claimed `none → creating` by one conditional
 * UPDATE before the store is called, so a retried turn or a second purchase makes no second one.
 */
import { and, eq } from "drizzle-orm";
import type { LeadState } from "../ai/leads";
import type { SalesHandoff, SalesSource } from "../ai/sales-lead";
import { inTenant, type Db } from "../db/client";
import { contacts } from "../db/schema";
import { leadSales } from "../db/schema-leads";
import { stores } from "../db/schema-stores";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import type { StoreProduct } from "../stores/types";
import { SALES_TEAM } from "../wire/inbox";
import { audit } from "./audit";
import { loadRoster } from "./roster";
import { auditedFetch } from "./store-calls";
import { openStore, type StoreRow } from "./stores";

type SaleRow = typeof leadSales.$inferSelect;

/** A catalogue item a lead's product resolved to. */
export interface CatalogueMatch {
  storeId: string;
  productId: string;
  productTitle: string;
  variantId: string | null;
  variantTitle: string | null;
}

const words = (s: string | null) =>
  (s ?? "")
    .toLowerCase()
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 || /\d/.test(w));

/**
 * The product whose title shares most words with the shopper's, and the variant whose title shares
 * most with the lead's variant (the only one when there is one); null when no title shares a word.
 */
export function matchCatalogue(
  products: StoreProduct[],
  product: string,
  variant: string | null,
): { product: StoreProduct; variant: StoreProduct["variants"][number] | null } | null {
  const want = new Set(words(product));
  const overlap = (title: string, set: Set<string>) =>
    words(title).filter((w) => set.has(w)).length;
  let best: StoreProduct | null = null;
  let bestScore = 0;
  for (const p of products) {
    const score = overlap(p.title, want);
    if (score > bestScore) [best, bestScore] = [p, score];
  }
  if (!best) return null;
  if (best.variants.length === 1) return { product: best, variant: best.variants[0] };
  const wantVariant = new Set(words(variant));
  const scored = best.variants
    .map((v) => ({ v, score: overlap(v.title, wantVariant) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  // A tie is a guess: only a variant that matches better than every other one is taken.
  const pick = scored[0] && scored[0].score > (scored[1]?.score ?? 0) ? scored[0].v : null;
  return { product: best, variant: pick };
}

/** "sales" when the tenant has a team of that name with members, or an active agent with that skill. */
export async function salesTeamOf(d1: D1Database, tenantId: string): Promise<string | null> {
  const roster = await loadRoster(d1, tenantId);
  const named = (s: string) => s.trim().toLowerCase() === SALES_TEAM;
  const team = roster.teams.some((t) => named(t.name) && t.members.length > 0);
  const skill = [...roster.users.values()].some((u) => u.active && u.skills.some(named));
  return team || skill ? SALES_TEAM : null;
}

/** Searches each connected store by the product's words, longest first; the first match wins. */
async function findInCatalogue(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  tenantId: string,
  rows: StoreRow[],
  lead: LeadState,
  fetchFn: typeof fetch,
): Promise<{ row: StoreRow; match: CatalogueMatch } | null> {
  const terms = [...new Set(words(lead.product).filter((w) => !/^\d+$/.test(w)))]
    .sort((a, b) => b.length - a.length)
    .slice(0, 3);
  if (!terms.length) return null;
  for (const row of rows) {
    const store = await openStore(env, row);
    const audited = auditedFetch(db, tenantId, null, row, "lead_catalogue", fetchFn);
    for (const term of terms) {
      const res = await store.adapter.products(store.creds, term, audited);
      if (!res.ok || !res.value.length) continue;
      const m = matchCatalogue(res.value, lead.product ?? "", lead.variant);
      if (!m) continue;
      return {
        row,
        match: {
          storeId: row.id,
          productId: m.product.id,
          productTitle: m.product.title,
          variantId: m.variant?.id ?? null,
          variantTitle: m.variant?.title ?? null,
        },
      };
    }
  }
  return null;
}

const saleOf = (db: Db, tenantId: string, conversationId: string) =>
  db
    .select()
    .from(leadSales)
    .where(inTenant(leadSales, tenantId, eq(leadSales.conversationId, conversationId)))
    .get();

/** Makes the draft order if this turn wins the claim; the row as it stands afterwards. */
async function draftOrder(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  sale: SaleRow,
  row: StoreRow,
  lead: LeadState,
  email: string | null,
  fetchFn: typeof fetch,
): Promise<SaleRow> {
  if (!sale.variantId) return sale;
  const store = await openStore(env, row);
  if (!store.adapter.createDraftOrder) return sale;
  const [claimed] = await db
    .update(leadSales)
    .set({ draftState: "creating" })
    .where(and(eq(leadSales.id, sale.id), eq(leadSales.draftState, "none")))
    .returning();
  if (!claimed) return (await saleOf(db, sale.tenantId, sale.conversationId)) ?? sale;
  const res = await store.adapter.createDraftOrder(
    store.creds,
    {
      variantId: sale.variantId,
      quantity: lead.quantity ?? 1,
      email,
      note: `Lead from an Edgedesk conversation (${sale.conversationId}).`,
    },
    auditedFetch(db, sale.tenantId, null, row, "draft_order", fetchFn),
  );
  const [done] = await db
    .update(leadSales)
    .set(
      res.ok
        ? {
            draftState: "created",
            draftOrderId: res.value.id,
            draftOrderName: res.value.name,
            draftOrderUrl: res.value.adminUrl,
          }
        : { draftState: "failed" },
    )
    .where(eq(leadSales.id, sale.id))
    .returning();
  await audit(db, sale.tenantId, null, {
    action: res.ok ? "lead.draft_order" : "lead.draft_order_failed",
    targetType: "conversation",
    targetId: sale.conversationId,
    data: res.ok
      ? { store: row.id, draftOrder: res.value.name, variant: sale.variantId }
      : { store: row.id, code: res.code, status: res.status },
  });
  return done ?? sale;
}

/** The `SalesSource` of one conversation's turn. */
export function salesSource(
  env: Pick<Env, "DB" | "ENCRYPTION_KEY">,
  db: Db,
  tenantId: string,
  conversationId: string,
  contactId: string,
  fetchFn: typeof fetch = fetch,
): SalesSource {
  return {
    async handoff(lead, _language, signal): Promise<SalesHandoff> {
      const team = await salesTeamOf(env.DB, tenantId);
      let sale = await saleOf(db, tenantId, conversationId);
      let storeRow: StoreRow | null = null;
      try {
        const rows = await db.select().from(stores).where(inTenant(stores, tenantId));
        const known = sale?.storeId ? rows.find((r) => r.id === sale?.storeId) : undefined;
        // A matched product is looked up once; a draft order fixes it for good.
        const found =
          sale?.draftState === "none" || !sale
            ? await findInCatalogue(env, db, tenantId, rows, lead, fetchFn)
            : null;
        storeRow = found?.row ?? known ?? null;
        const match = found?.match;
        const fields = {
          team,
          ...(match
            ? match
            : sale?.draftState === "none" || !sale
              ? {
                  storeId: null,
                  productId: null,
                  productTitle: null,
                  variantId: null,
                  variantTitle: null,
                }
              : {}),
        };
        if (!sale) {
          await db
            .insert(leadSales)
            .values({ id: newId("lsale"), tenantId, conversationId, ...fields })
            .onConflictDoNothing();
        } else {
          await db.update(leadSales).set(fields).where(eq(leadSales.id, sale.id));
        }
        sale = await saleOf(db, tenantId, conversationId);
        if (sale && storeRow?.draftOrders && !signal?.aborted) {
          const contact = await db
            .select({ email: contacts.email })
            .from(contacts)
            .where(inTenant(contacts, tenantId, eq(contacts.id, contactId)))
            .get();
          sale = await draftOrder(
            env,
            db,
            sale,
            storeRow,
            lead,
            lead.email ?? contact?.email ?? null,
            fetchFn,
          );
        }
      } catch (err) {
        // The shopper still reaches the sales team when the store fails.
        log("warn", "lead catalogue or draft order failed", { tenantId, error: String(err) });
      }
      return {
        team,
        product: sale?.productTitle
          ? [sale.productTitle, sale.variantTitle === "Default Title" ? null : sale.variantTitle]
              .filter(Boolean)
              .join(" – ")
          : null,
        draftOrder: sale?.draftState === "created" ? sale.draftOrderName : null,
      };
    },
  };
}
