/**
 * One-time codes that vouch a shopper for one order: offered when the conversation's identity does
 * not match the order, sent to the order's email through the account mailer, checked when typed.
 * State is a few `order_verifications` rows per conversation; every step is audited with the order
 * number and at most a masked address — never the code, never the address itself. The mail goes
 * through the account mailer (`account-mail.ts`), handed in by the caller.
 */
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { CodeOutcome } from "../ai/store-orders";
import { inTenant, type Db } from "../db/client";
import { orderVerifications, type PendingAction } from "../db/schema-stores";
import { newId } from "../lib/ids";
import type { StoreOrder } from "../stores/types";
import {
  CODE_TTL_MS,
  MAX_SENDS,
  OFFER_TTL_MS,
  checkCode,
  hashCode,
  maskEmail,
  newCode,
} from "../stores/verification";
import type { AccountMailer } from "./account-mail";
import { audit } from "./audit";
import { openStore, type StoreRow } from "./stores";

export type VerificationEnv = Pick<Env, "ENCRYPTION_KEY" | "SIGNING_KEY">;

/** Distinct orders one conversation may ask codes for: probing order numbers stops here. */
const MAX_OFFERS = 5;

type Row = typeof orderVerifications.$inferSelect;

const note = (db: Db, tenantId: string, row: Row, action: string, extra: object = {}) =>
  audit(db, tenantId, null, {
    action: `order_verification.${action}`,
    targetType: "conversation",
    targetId: row.conversationId,
    data: { order: row.orderNumber, store: row.storeId, ...extra },
  });

/** The `storeId:orderId` keys this conversation proved by code. */
export async function vouchedOrders(
  db: Db,
  tenantId: string,
  conversationId: string,
): Promise<string[]> {
  const rows = await db
    .select({ storeId: orderVerifications.storeId, orderId: orderVerifications.orderId })
    .from(orderVerifications)
    .where(
      inTenant(
        orderVerifications,
        tenantId,
        eq(orderVerifications.conversationId, conversationId),
        eq(orderVerifications.state, "verified"),
      ),
    );
  return rows.map((r) => `${r.storeId}:${r.orderId}`);
}

/**
 * Records the offer of a code for an order with an email, reusing a waiting one for the same order;
 * null (no offer) for an order that was locked or when the conversation has asked about too many.
 * `pending`: the change the shopper asked for, resumed once the code is right (a later request for
 * the same order replaces it; a status question leaves it).
 */
export async function offerCode(
  db: Db,
  tenantId: string,
  conversationId: string,
  store: StoreRow,
  order: StoreOrder,
  pending?: PendingAction,
): Promise<{ mask: string } | null> {
  if (!order.email) return null;
  const rows = await db
    .select()
    .from(orderVerifications)
    .where(
      inTenant(orderVerifications, tenantId, eq(orderVerifications.conversationId, conversationId)),
    );
  const same = rows.find((r) => r.storeId === store.id && r.orderId === order.id);
  const mask = maskEmail(order.email);
  if (same?.state === "locked") return null;
  if (same && Date.now() - same.createdAt < OFFER_TTL_MS) {
    if (pending)
      await db
        .update(orderVerifications)
        .set({ pendingAction: pending })
        .where(eq(orderVerifications.id, same.id));
    return { mask };
  }
  if (rows.length >= MAX_OFFERS) return null;
  if (same) await db.delete(orderVerifications).where(eq(orderVerifications.id, same.id));
  const [row] = await db
    .insert(orderVerifications)
    .values({
      id: newId("ver"),
      tenantId,
      conversationId,
      storeId: store.id,
      orderId: order.id,
      orderNumber: order.number,
      state: "offered",
      pendingAction: pending ?? null,
    })
    .returning();
  await note(db, tenantId, row, "offered", { to: mask });
  return { mask };
}

/** The newest offer or sent code of the conversation that is still fresh enough to act on. */
async function pending(db: Db, tenantId: string, conversationId: string, states: Row["state"][]) {
  const [row] = await db
    .select()
    .from(orderVerifications)
    .where(
      inTenant(
        orderVerifications,
        tenantId,
        eq(orderVerifications.conversationId, conversationId),
        inArray(orderVerifications.state, states),
      ),
    )
    .orderBy(desc(orderVerifications.createdAt))
    .limit(1);
  return row && Date.now() - row.createdAt < OFFER_TTL_MS + CODE_TTL_MS ? row : null;
}

/** Sends a (new) code for the conversation's waiting offer to the order's email, as the store has it now. */
export async function sendCode(
  env: VerificationEnv,
  db: Db,
  tenantId: string,
  conversationId: string,
  stores: StoreRow[],
  fetchFor: (row: StoreRow) => typeof fetch,
  mailer: AccountMailer,
): Promise<CodeOutcome> {
  const row = await pending(db, tenantId, conversationId, ["offered", "sent"]);
  if (!row) return { kind: "none" };
  const order = row.orderNumber;
  const storeRow = stores.find((s) => s.id === row.storeId);
  if (row.sends >= MAX_SENDS || !storeRow) {
    await note(db, tenantId, row, "not_sent", { reason: storeRow ? "too many sends" : "no store" });
    return { kind: "not_sent", order };
  }
  const store = await openStore(env, storeRow);
  const res = await store.adapter.orderByNumber(store.creds, order, fetchFor(storeRow));
  const email = res.ok && res.value?.id === row.orderId ? res.value.email : null;
  if (!email) {
    await note(db, tenantId, row, "not_sent", { reason: res.ok ? "no email" : res.code });
    return { kind: "not_sent", order };
  }
  const code = newCode();
  const [claimed] = await db
    .update(orderVerifications)
    .set({
      state: "sent",
      codeHash: await hashCode(env.SIGNING_KEY, row.id, code),
      expiresAt: Date.now() + CODE_TTL_MS,
      attempts: 0,
      sends: row.sends + 1,
    })
    .where(and(eq(orderVerifications.id, row.id), lt(orderVerifications.sends, MAX_SENDS)))
    .returning();
  if (!claimed) return { kind: "not_sent", order };
  await mailer.send({
    to: email,
    subject: `Your code for order ${order}`,
    text: `Your verification code for order ${order} at ${storeRow.name} is ${code}.\n\nType it in the conversation within 10 minutes. If you did not ask for it, you can ignore this mail.`,
  });
  const mask = maskEmail(email);
  await note(db, tenantId, row, "sent", { to: mask });
  return { kind: "sent", order, mask };
}

/** Checks a typed code against the conversation's sent one; a wrong or late one changes only the try count. */
export async function checkTypedCode(
  env: Pick<Env, "SIGNING_KEY">,
  db: Db,
  tenantId: string,
  conversationId: string,
  code: string,
): Promise<CodeOutcome> {
  const row = await pending(db, tenantId, conversationId, ["sent", "locked"]);
  if (!row) return { kind: "none" };
  const order = row.orderNumber;
  const out = await checkCode(env.SIGNING_KEY, row, code, Date.now());
  if (out.attempts !== row.attempts || out.state !== row.state) {
    const [written] = await db
      .update(orderVerifications)
      .set({ attempts: out.attempts, state: out.state })
      .where(
        and(
          eq(orderVerifications.id, row.id),
          eq(orderVerifications.attempts, row.attempts),
          eq(orderVerifications.state, row.state),
        ),
      )
      .returning();
    // Another try landed first: this one counts as wrong and proves nothing.
    if (!written) return { kind: "wrong", order, attemptsLeft: 0 };
  }
  const r = out.result;
  await note(db, tenantId, row, r.kind, { attempts: out.attempts });
  if (r.kind === "wrong") return { kind: "wrong", order, attemptsLeft: r.attemptsLeft };
  if (r.kind === "verified" && row.pendingAction)
    return { kind: "verified", order, pending: row.pendingAction };
  return { kind: r.kind, order };
}
