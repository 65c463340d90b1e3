/**
 * Store connections: connect (credentials checked with a real call, then sealed), list, delete, and
 * the stores' order webhooks, which record the order and link it to a contact by email or phone.
 */
import { and, eq, or, sql } from "drizzle-orm";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { contacts } from "../db/schema";
import {
  orderVerifications,
  storeActions,
  stores,
  storeOrders,
  type ActionPolicy,
  type StoreType,
} from "../db/schema-stores";
import { decryptJson, encryptJson, randomToken } from "../lib/crypto";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { bindStore, type BoundStore } from "../stores/registry";
import { samePhone } from "../stores/identity";
import { normEmail, normPhone } from "../stores/store-fetch";
import type { StoreWebhookEvent } from "../stores/types";
import type { StoreView } from "../wire/stores";
import { audit } from "./audit";

export type StoreRow = typeof stores.$inferSelect;

export const storeWebhookUrl = (baseUrl: string, row: Pick<StoreRow, "id" | "type">) =>
  `${baseUrl.replace(/\/$/, "")}/webhooks/stores/${row.type}/${row.id}`;

export function publicStore(baseUrl: string, row: StoreRow): StoreView {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    host: row.host,
    webhookUrl: storeWebhookUrl(baseUrl, row),
    createdAt: row.createdAt,
    lastEventAt: row.lastEventAt,
    autoApproveBelow: row.autoApproveBelow,
    addressChanges: row.addressChanges,
    draftOrders: row.draftOrders,
  };
}

function parseOrRefuse(type: StoreType, raw: Record<string, unknown>): BoundStore {
  const bound = bindStore(type, raw);
  if (!bound.ok) {
    const details = bound.error.issues.map((i) => ({
      path: ["credentials", ...i.path].join("."),
      message: i.message,
    }));
    throw new ApiError("VALIDATION_FAILED", `These are not valid ${type} credentials.`, details);
  }
  return bound.store;
}

/**
 * Connects a store: the credentials' shape, then the store's own answer to a read-only call. A
 * refusal or an unreachable store is a 422 and stores nothing (a store that cannot be read is of no use).
 */
export async function connectStore(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  auth: Auth,
  input: { type: StoreType; name?: string; credentials: Record<string, string> },
  fetchFn: typeof fetch,
) {
  // WooCommerce signs webhooks with a secret the merchant types into the shop: we make a strong one.
  const generated =
    input.type === "woocommerce" && !input.credentials.webhookSecret ? randomToken(24) : undefined;
  const store = parseOrRefuse(
    input.type,
    generated ? { ...input.credentials, webhookSecret: generated } : input.credentials,
  );
  const host = store.adapter.host(store.creds)!;
  const checked = await store.adapter.verify(store.creds, fetchFn);
  if (!checked.ok) {
    throw new ApiError(
      checked.code === "host_refused" ? "UNSAFE_URL" : "CREDENTIALS_REFUSED",
      `The store did not accept the connection: ${checked.message}.`,
      { store: checked.code, status: checked.status },
    );
  }
  const taken = await db
    .select({ id: stores.id })
    .from(stores)
    .where(inTenant(stores, auth.tenantId, eq(stores.type, input.type), eq(stores.host, host)))
    .limit(1);
  if (taken.length) throw new ApiError("CONFLICT", "This store is already connected.");
  const row = {
    id: newId("sto"),
    tenantId: auth.tenantId,
    type: input.type,
    name: input.name ?? checked.value,
    host,
    credentialsEnc: await encryptJson(env.ENCRYPTION_KEY, store.creds),
  };
  const [created] = await db.insert(stores).values(row).returning();
  await audit(db, auth.tenantId, auth, {
    action: "store.connected",
    targetType: "store",
    targetId: row.id,
    data: { type: input.type, host },
  });
  return {
    row: created,
    webhookSecret:
      input.type === "woocommerce" ? store.adapter.webhookSecret(store.creds) : undefined,
  };
}

export async function listStores(db: Db, tenantId: string): Promise<StoreRow[]> {
  return db.select().from(stores).where(inTenant(stores, tenantId));
}

/** The merchant's limit below which order changes run without an agent (null: always ask). */
export async function updateStoreSettings(
  db: Db,
  auth: Auth,
  id: string,
  input: { autoApproveBelow?: number | null; addressChanges?: ActionPolicy; draftOrders?: boolean },
): Promise<StoreRow> {
  const [row] = await db
    .update(stores)
    .set(input)
    .where(inTenant(stores, auth.tenantId, eq(stores.id, id)))
    .returning();
  if (!row) throw new ApiError("STORE_NOT_FOUND", "No such store.");
  await audit(db, auth.tenantId, auth, {
    action: "store.settings_changed",
    targetType: "store",
    targetId: id,
    data: input,
  });
  return row;
}

export async function deleteStore(db: Db, auth: Auth, id: string): Promise<void> {
  await db
    .delete(orderVerifications)
    .where(inTenant(orderVerifications, auth.tenantId, eq(orderVerifications.storeId, id)));
  await db
    .delete(storeActions)
    .where(inTenant(storeActions, auth.tenantId, eq(storeActions.storeId, id)));
  await db
    .delete(storeOrders)
    .where(inTenant(storeOrders, auth.tenantId, eq(storeOrders.storeId, id)));
  const res = await db
    .delete(stores)
    .where(inTenant(stores, auth.tenantId, eq(stores.id, id)))
    .returning({ id: stores.id });
  if (!res.length) throw new ApiError("STORE_NOT_FOUND", "No such store.");
  await audit(db, auth.tenantId, auth, {
    action: "store.disconnected",
    targetType: "store",
    targetId: id,
  });
}

/** A stored store's adapter and decrypted credentials. */
export async function openStore(
  env: Pick<Env, "ENCRYPTION_KEY">,
  row: Pick<StoreRow, "type" | "credentialsEnc">,
): Promise<BoundStore> {
  const bound = bindStore(row.type, await decryptJson(env.ENCRYPTION_KEY, row.credentialsEnc));
  if (!bound.ok) throw new Error("stored store credentials no longer parse");
  return bound.store;
}

/**
 * A store's webhook: the signature first (nothing is read before), then the order is recorded and
 * linked to the tenant's contact with the same email or phone. Unknown stores and bad signatures
 * get the same 401, so ids cannot be probed.
 */
export async function receiveStoreWebhook(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  type: StoreType,
  id: string,
  raw: string,
  headers: Headers,
): Promise<
  { ok: false } | { ok: true; linked: string | null; event: StoreWebhookEvent["topic"] | null }
> {
  const [row] = await db
    .select()
    .from(stores)
    .where(and(eq(stores.id, id), eq(stores.type, type)))
    .limit(1);
  if (!row) return { ok: false };
  const store = await openStore(env, row);
  const verdict = await store.adapter.webhook(
    raw,
    headers,
    store.adapter.webhookSecret(store.creds),
  );
  if (!verdict.ok) return { ok: false };
  const now = Date.now();
  await db.update(stores).set({ lastEventAt: now }).where(eq(stores.id, row.id));
  if (!verdict.event) return { ok: true, linked: null, event: null };
  const { order } = verdict.event;
  const contactId = await contactFor(db, row.tenantId, order.email, order.phone);
  await db
    .insert(storeOrders)
    .values({
      id: newId("sor"),
      tenantId: row.tenantId,
      storeId: row.id,
      externalId: order.id,
      number: order.number,
      status: order.status,
      email: order.email,
      phone: order.phone,
      contactId,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [storeOrders.storeId, storeOrders.externalId],
      set: {
        number: order.number,
        status: order.status,
        email: order.email,
        phone: order.phone,
        contactId,
        updatedAt: now,
      },
    });
  return { ok: true, linked: contactId, event: verdict.event.topic };
}

/** The tenant's contact with this email, else with this phone (`samePhone`: national or international form), or null. */
async function contactFor(
  db: Db,
  tenantId: string,
  email: string | null,
  phone: string | null,
): Promise<string | null> {
  const digits = normPhone(phone);
  const e = normEmail(email);
  if (!e && !digits) return null;
  // Narrowed in SQL by the last 8 digits (shared by both forms of a number), decided in code.
  const phoneDigits = sql`replace(replace(replace(replace(replace(replace(${contacts.phone}, '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', '')`;
  const rows = await db
    .select({ id: contacts.id, email: contacts.email, phone: contacts.phone })
    .from(contacts)
    .where(
      inTenant(
        contacts,
        tenantId,
        or(
          e ? sql`lower(${contacts.email}) = ${e}` : undefined,
          digits ? sql`${phoneDigits} LIKE ${`%${digits.slice(-8)}`}` : undefined,
        ),
      ),
    )
    .limit(20);
  return (
    (
      rows.find((r) => e && r.email?.toLowerCase() === e) ??
      rows.find((r) => samePhone(r.phone, phone))
    )?.id ?? null
  );
}
