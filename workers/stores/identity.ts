/** Whether an order belongs to the shopper: the order's email or phone against the conversation's verified ones. */
import { normEmail, normPhone } from "./store-fetch";
import type { StoreOrder } from "./types";

/** The email addresses and phone numbers a channel vouches for in this conversation (never typed-in text). */
export interface VerifiedIdentity {
  emails: string[];
  phones: string[];
  /** Orders proved by a one-time code in this conversation, as `storeId:orderId`. */
  orders?: string[];
}

/**
 * Phones match on their digits; a number written nationally ("(555) 555-5555") matches its
 * international form ("+1 555 555 5555") when the shorter has at least 8 digits and ends the longer.
 */
export function samePhone(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normPhone(a);
  const y = normPhone(b);
  if (!x || !y) return false;
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= 8 && long.endsWith(short);
}

export function ownsOrder(
  order: Pick<StoreOrder, "email" | "phone">,
  who: VerifiedIdentity,
): boolean {
  const email = normEmail(order.email);
  if (email && who.emails.some((e) => normEmail(e) === email)) return true;
  return who.phones.some((p) => samePhone(p, order.phone));
}

/** `ownsOrder`, or the order was proved by a one-time code in this conversation. */
export function ownsStoreOrder(
  storeId: string,
  order: Pick<StoreOrder, "id" | "email" | "phone">,
  who: VerifiedIdentity,
): boolean {
  return ownsOrder(order, who) || !!who.orders?.includes(`${storeId}:${order.id}`);
}
