/**
 * A contact's orders for the console: asked of each connected store by the contact's email (else
 * phone), plus the orders store webhooks linked to the contact. Credentials stay here; the agent
 * gets number, status, fulfilment, total and tracking.
 */
import { eq } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { contacts } from "../db/schema";
import { storeOrders, stores } from "../db/schema-stores";
import { ApiError } from "../lib/errors";
import type { StoreOrder } from "../stores/types";
import type { ContactOrder } from "../wire/stores";
import { auditedFetch } from "./store-calls";
import { openStore } from "./stores";

/** Linked orders looked up one by one beyond the customer search, at most. */
const MAX_LINKED = 10;

const httpUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null);

export async function contactOrders(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  auth: Auth,
  contactId: string,
  fetchFn: typeof fetch,
): Promise<{
  orders: ContactOrder[];
  unavailable: { storeId: string; storeName: string; reason: string }[];
}> {
  const [contact] = await db
    .select({ email: contacts.email, phone: contacts.phone })
    .from(contacts)
    .where(inTenant(contacts, auth.tenantId, eq(contacts.id, contactId)))
    .limit(1);
  if (!contact) throw new ApiError("CONTACT_NOT_FOUND", "No such contact.");
  const [rows, linked] = await Promise.all([
    db.select().from(stores).where(inTenant(stores, auth.tenantId)),
    db
      .select({ storeId: storeOrders.storeId, number: storeOrders.number })
      .from(storeOrders)
      .where(inTenant(storeOrders, auth.tenantId, eq(storeOrders.contactId, contactId))),
  ]);
  const orders: ContactOrder[] = [];
  const unavailable: { storeId: string; storeName: string; reason: string }[] = [];
  for (const row of rows) {
    const store = await openStore(env, row);
    const f = auditedFetch(db, auth.tenantId, auth, row, "contact_orders", fetchFn);
    const found: StoreOrder[] = [];
    let failure: string | null = null;
    const who = contact.email
      ? { email: contact.email }
      : contact.phone
        ? { phone: contact.phone }
        : null;
    if (who) {
      const res = await store.adapter.ordersByCustomer(store.creds, who, f);
      if (res.ok) found.push(...res.value);
      else failure = res.message;
    }
    const missing = linked
      .filter((l) => l.storeId === row.id && !found.some((o) => o.number === l.number))
      .slice(0, MAX_LINKED);
    for (const l of missing) {
      const res = await store.adapter.orderByNumber(store.creds, l.number, f);
      if (res.ok && res.value) found.push(res.value);
      else if (!res.ok) failure = res.message;
    }
    if (failure) unavailable.push({ storeId: row.id, storeName: row.name, reason: failure });
    for (const o of found)
      orders.push({
        storeId: row.id,
        storeName: row.name,
        number: o.number,
        status: o.status,
        fulfillment: o.fulfillment,
        total: o.total,
        currency: o.currency,
        tracking: o.tracking.map((t) => ({ ...t, url: httpUrl(t.url) })),
      });
  }
  return { orders, unavailable };
}
