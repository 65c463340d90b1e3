/**
 * The read-only order action with a connected store. The identity check lives behind `OrderSource`
 * (the service compares the order's email/phone with the conversation's verified ones), so nothing
 * a shopper writes — an email address in the message, "ignore your rules" — can widen what is shown.
 * Requests to change an order (cancel, refund, return, new address) never run here: they go to a person.
 */
import type { OrderResult } from "./order-lookup";

export type StoreOrderOutcome =
  | { kind: "order"; order: OrderResult }
  /** Unknown, or not this shopper's: the same answer, so order numbers cannot be probed. */
  | { kind: "not_found" }
  /** The conversation has no verified email or phone to compare with. */
  | { kind: "verify" }
  | { kind: "no_store" }
  | { kind: "failed"; reason: string };

export interface OrderSource {
  /** True when the tenant has a store connected. */
  connected(): Promise<boolean>;
  lookup(orderNumber: string, signal?: AbortSignal): Promise<StoreOrderOutcome>;
}

export type OrderIntent = "status" | "change";

/** Words that ask to change an order, in the languages the engine speaks best (lower case, accent-folded). */
const CHANGE = [
  "cancel",
  "refund",
  "money back",
  "return",
  "send back",
  "change the address",
  "change my address",
  "change address",
  "wrong address",
  "new address",
  "update the address",
  "update my address",
  "cancelar",
  "anular",
  "reembolso",
  "devolver",
  "devolucion",
  "cambiar la direccion",
  "cambiar direccion",
  "cambiar mi direccion",
  "stornieren",
  "storno",
  "erstatt",
  "zuruckschicken",
  "zurucksenden",
  "rucksendung",
  "adresse andern",
  "andere adresse",
  "widerruf",
  "annuler",
  "annulation",
  "rembours",
  "retourner",
  "modifier l'adresse",
  "changer l'adresse",
  "changer mon adresse",
  "annullare",
  "rimborso",
  "restituire",
  "reso",
  "cambiare indirizzo",
  "annuleren",
  "terugbetal",
  "retourneren",
  "adres wijzigen",
  "cancelar a encomenda",
  "reembolsar",
  "devolucao",
  "alterar a morada",
];

const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");

/** What a message that names an order asks for: a change (never done by the AI) or, by default, its status. */
export function orderIntent(text: string): OrderIntent {
  const t = fold(text);
  return CHANGE.some((w) => (w.includes(" ") ? t.includes(w) : new RegExp(`\\b${w}`).test(t)))
    ? "change"
    : "status";
}
