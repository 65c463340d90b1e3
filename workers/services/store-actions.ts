/**
 * Order changes the AI proposes and an agent approves: proposed → approved → done | failed, or
 * proposed → declined. Moving out of "proposed" is one conditional UPDATE, so a double click or two
 * agents at once make one store call; every store call is audited (`store-calls.ts`). The outcome is
 * told to the shopper in their language through the conversation's system-message path.
 */
import { and, desc, eq } from "drizzle-orm";
import { conversationStub } from "../../durable-objects/rpc";
import type { ActionKind, ActionProposal, NewAddress } from "../ai/store-orders";
import { message, type MessageKey } from "../ai/messages";
import type { Auth } from "../app-env";
import { inTenant, type Db } from "../db/client";
import { conversations } from "../db/schema";
import { storeActions, stores } from "../db/schema-stores";
import { ApiError } from "../lib/errors";
import { newId } from "../lib/ids";
import { log } from "../lib/log";
import { ownsStoreOrder, type VerifiedIdentity } from "../stores/identity";
import type { StoreOrder } from "../stores/types";
import type { StoreActionView } from "../wire/stores";
import { audit } from "./audit";
import { offerCode } from "./order-verification";
import { auditedFetch } from "./store-calls";
import { openStore, type StoreRow } from "./stores";

type ActionRow = typeof storeActions.$inferSelect;
type Actor = Pick<Auth, "userId" | "apiKeyId"> | null;

export function publicAction(row: ActionRow): StoreActionView {
  const { tenantId: _t, orderId: _o, language: _l, ...rest } = row;
  return rest;
}

const money = (a: Pick<ActionRow, "amount" | "currency">) =>
  a.amount ? `${a.amount}${a.currency ? ` ${a.currency}` : ""}` : "";

/** An order that can take this change: not cancelled or refunded, and (to cancel or re-address) not yet shipped. */
function possible(order: StoreOrder, kind: ActionKind): string | null {
  if (order.status === "cancelled" || order.status === "refunded")
    return `order is ${order.status}`;
  if (kind !== "refund" && order.fulfillment !== "unfulfilled") return "order has shipped";
  if (kind === "address") return null;
  if (!order.total) return "order has no total";
  return null;
}

/**
 * The order a proposal is about: the shopper's own (found in one of `rows` and owned by `who`) and
 * able to take the change; else why not, with the order when it exists but is not known to be
 * theirs (a one-time code may prove it). Reads only.
 */
export async function proposableOrder(
  env: Pick<Env, "ENCRYPTION_KEY">,
  rows: StoreRow[],
  who: VerifiedIdentity,
  orderNumber: string,
  kind: ActionKind,
  fetchFor: (row: StoreRow) => typeof fetch,
): Promise<
  | { ok: true; row: StoreRow; order: StoreOrder }
  | { ok: false; reason: string; unowned?: { row: StoreRow; order: StoreOrder } }
> {
  let unowned: { row: StoreRow; order: StoreOrder } | undefined;
  for (const row of rows) {
    const store = await openStore(env, row);
    const res = await store.adapter.orderByNumber(
      store.creds,
      orderNumber.replace(/^#/, ""),
      fetchFor(row),
    );
    if (!res.ok || !res.value) continue;
    if (!ownsStoreOrder(row.id, res.value, who)) {
      unowned ??= { row, order: res.value };
      continue;
    }
    const refused = possible(res.value, kind);
    return refused ? { ok: false, reason: refused } : { ok: true, row, order: res.value };
  }
  return {
    ok: false,
    reason: "not the shopper's order, or unknown",
    ...(unowned ? { unowned } : {}),
  };
}

/**
 * The AI's proposal for the shopper's own order. Below the store's `autoApproveBelow` it runs at
 * once; otherwise it waits for an agent. A request already waiting for the same order is not
 * proposed twice.
 */
export async function proposeAction(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  tenantId: string,
  conversationId: string,
  rows: StoreRow[],
  who: VerifiedIdentity,
  orderNumber: string,
  kind: ActionKind,
  language: string,
  fetchFn: typeof fetch,
  address?: NewAddress,
): Promise<ActionProposal> {
  if (kind === "address" && !address) return { kind: "not_proposed", reason: "no new address" };
  const found = await proposableOrder(env, rows, who, orderNumber, kind, (row) =>
    auditedFetch(db, tenantId, null, row, "propose_action", fetchFn),
  );
  if (!found.ok) {
    const offered =
      found.unowned &&
      (await offerCode(db, tenantId, conversationId, found.unowned.row, found.unowned.order, {
        action: kind,
        ...(address ? { address } : {}),
      }));
    return offered
      ? { kind: "offer_code", mask: offered.mask }
      : { kind: "not_proposed", reason: found.reason };
  }
  const { row, order } = found;
  if (kind === "address" && row.addressChanges !== "approval")
    return { kind: "not_proposed", reason: `address changes: ${row.addressChanges}` };
  const detail =
    kind === "address" && address
      ? {
          from: order.shippingAddress ?? null,
          to: {
            address1: address.address1,
            address2: null,
            city: address.city,
            zip: address.zip,
            // The old province may not hold for the new city; the store asks for one if it needs it.
            province: null,
            country: address.country ?? order.shippingAddress?.country ?? null,
          },
        }
      : null;
  const [open] = await db
    .select()
    .from(storeActions)
    .where(
      inTenant(
        storeActions,
        tenantId,
        eq(storeActions.conversationId, conversationId),
        eq(storeActions.storeId, row.id),
        eq(storeActions.orderId, order.id),
        eq(storeActions.kind, kind),
        eq(storeActions.state, "proposed"),
      ),
    )
    .limit(1);
  const [action] = open
    ? [open]
    : await db
        .insert(storeActions)
        .values({
          id: newId("act"),
          tenantId,
          conversationId,
          storeId: row.id,
          kind,
          orderId: order.id,
          orderNumber: order.number,
          amount: kind === "address" ? null : order.total,
          currency: kind === "address" ? null : order.currency,
          detail,
          language,
          state: "proposed",
        })
        .returning();
  const amount = money(action) || null;
  if (
    kind !== "address" &&
    row.autoApproveBelow !== null &&
    Number(order.total) < row.autoApproveBelow
  ) {
    const ran = await runAction(env, db, action, null, "auto", fetchFn);
    if (ran?.state === "done") return { kind: "done", action: kind, amount };
    if (ran?.state === "failed") return { kind: "failed", action: kind };
  }
  return { kind: "proposed", action: kind, amount };
}

/** Claims a proposed action and calls the store; null when it was no longer "proposed". */
async function runAction(
  env: Pick<Env, "ENCRYPTION_KEY">,
  db: Db,
  action: ActionRow,
  actor: Actor,
  decidedBy: string,
  fetchFn: typeof fetch,
): Promise<ActionRow | null> {
  const [claimed] = await db
    .update(storeActions)
    .set({ state: "approved", decidedBy, decidedAt: Date.now() })
    .where(and(eq(storeActions.id, action.id), eq(storeActions.state, "proposed")))
    .returning();
  if (!claimed) return null;
  const [row] = await db
    .select()
    .from(stores)
    .where(inTenant(stores, action.tenantId, eq(stores.id, action.storeId)))
    .limit(1);
  let error: string | null = "the store is no longer connected";
  if (row) {
    const store = await openStore(env, row);
    const f = auditedFetch(db, action.tenantId, actor, row, `${action.kind}_order`, fetchFn);
    const ref = {
      id: action.orderId,
      number: action.orderNumber,
      total: action.amount,
      currency: action.currency,
    };
    const res =
      action.kind === "cancel"
        ? await store.adapter.cancelOrder(store.creds, ref, f)
        : action.kind === "address"
          ? action.detail
            ? await store.adapter.changeShippingAddress(store.creds, ref, action.detail.to, f)
            : { ok: false as const, message: "no new address" }
          : await store.adapter.refundOrder(store.creds, ref, f);
    error = res.ok ? null : res.message;
  }
  const [done] = await db
    .update(storeActions)
    .set({ state: error ? "failed" : "done", error })
    .where(eq(storeActions.id, action.id))
    .returning();
  await audit(db, action.tenantId, actor, {
    action: error ? "store_action.failed" : "store_action.done",
    targetType: "conversation",
    targetId: action.conversationId,
    data: { actionId: action.id, kind: action.kind, order: action.orderNumber, decidedBy },
  });
  return done;
}

async function actionOf(db: Db, auth: Auth, conversationId: string, id: string) {
  const [row] = await db
    .select()
    .from(storeActions)
    .where(
      inTenant(
        storeActions,
        auth.tenantId,
        eq(storeActions.conversationId, conversationId),
        eq(storeActions.id, id),
      ),
    )
    .limit(1);
  if (!row) throw new ApiError("NOT_FOUND", "No such action in this conversation.");
  return row;
}

/** Tells the shopper; a closed reply window or a failed delivery is logged, the decision stands. */
async function tellShopper(
  env: Pick<Env, "CONVERSATION">,
  action: ActionRow,
  key: MessageKey,
): Promise<void> {
  const text = message(key, action.language, { order: action.orderNumber, amount: money(action) });
  const res = await conversationStub(env, action.conversationId)
    .sendSystemMessage({ text, source: "store_action" })
    .catch((err: unknown) => ({ ok: false as const, code: String(err) }));
  if (!res.ok)
    log("warn", "store action outcome not sent", { actionId: action.id, code: res.code });
}

/** Approve: the store is called once, whoever clicks how often; the outcome goes to the shopper. */
export async function approveAction(
  env: Pick<Env, "ENCRYPTION_KEY" | "CONVERSATION">,
  db: Db,
  auth: Auth,
  conversationId: string,
  id: string,
  fetchFn: typeof fetch,
): Promise<StoreActionView> {
  const action = await actionOf(db, auth, conversationId, id);
  if (action.state === "declined") throw new ApiError("INVALID_STATE", "This action was declined.");
  const ran = await runAction(env, db, action, auth, auth.userId ?? "api_key", fetchFn);
  if (!ran) return publicAction(await actionOf(db, auth, conversationId, id));
  await tellShopper(
    env,
    ran,
    ran.state === "done"
      ? ran.kind === "cancel"
        ? "action_done_cancel"
        : ran.kind === "address"
          ? "action_done_address"
          : "action_done_refund"
      : "action_not_done",
  );
  return publicAction(ran);
}

/** Decline: nothing is sent to the store; the shopper is told a person will follow up. */
export async function declineAction(
  env: Pick<Env, "CONVERSATION">,
  db: Db,
  auth: Auth,
  conversationId: string,
  id: string,
): Promise<StoreActionView> {
  const action = await actionOf(db, auth, conversationId, id);
  const [declined] = await db
    .update(storeActions)
    .set({ state: "declined", decidedBy: auth.userId ?? "api_key", decidedAt: Date.now() })
    .where(and(eq(storeActions.id, action.id), eq(storeActions.state, "proposed")))
    .returning();
  if (!declined) {
    if (action.state === "declined") return publicAction(action);
    throw new ApiError("INVALID_STATE", `This action is already ${action.state}.`);
  }
  await audit(db, auth.tenantId, auth, {
    action: "store_action.declined",
    targetType: "conversation",
    targetId: conversationId,
    data: { actionId: id, kind: action.kind, order: action.orderNumber },
  });
  await tellShopper(env, declined, "action_not_done");
  return publicAction(declined);
}

/** The conversation's actions, newest first; 404 for a conversation not in the tenant. */
export async function listActions(
  db: Db,
  auth: Auth,
  conversationId: string,
): Promise<StoreActionView[]> {
  const [conv] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(inTenant(conversations, auth.tenantId, eq(conversations.id, conversationId)))
    .limit(1);
  if (!conv) throw new ApiError("CONVERSATION_NOT_FOUND", "No such conversation.");
  const rows = await db
    .select()
    .from(storeActions)
    .where(inTenant(storeActions, auth.tenantId, eq(storeActions.conversationId, conversationId)))
    .orderBy(desc(storeActions.createdAt))
    .limit(20);
  return rows.map(publicAction);
}
