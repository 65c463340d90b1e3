/**
 * The read-only order action with a connected store. The identity check lives behind `OrderSource`
 * (the service compares the order's email/phone with the conversation's verified ones), so nothing
 * a shopper writes — an email address in the message, "ignore your rules" — can widen what is shown.
 * A request to cancel or refund the shopper's own order becomes a proposal an agent approves (or, below the
 * merchant's limit, runs at once); the proposal and its checks live behind `OrderSource.propose`.
 * Address changes and everything else go to a person.
 */
import type { OrderResult } from "./order-lookup";

export type StoreOrderOutcome =
  | { kind: "order"; order: OrderResult }
  /** Unknown, or not this shopper's: the same answer, so order numbers cannot be probed. */
  | { kind: "not_found" }
  /** The conversation has no verified email or phone to compare with. */
  | { kind: "verify" }
  /** Not vouched for, but the order has an email: a one-time code to it can prove ownership. */
  | { kind: "offer_code"; mask: string }
  | { kind: "no_store" }
  | { kind: "failed"; reason: string };

export type ActionKind = "cancel" | "refund" | "address";

/** A new shipping address as the shopper wrote it; the country (ISO code) is the order's when not given. */
export interface NewAddress {
  address1: string;
  city: string;
  zip: string | null;
  country: string | null;
}

/** What became of a shopper's request to change an order. */
export type ActionProposal =
  /** Waiting for an agent's approval in the console. */
  | { kind: "proposed"; action: ActionKind; amount: string | null }
  /** Below the merchant's limit: run at once, with this outcome. */
  | { kind: "done"; action: ActionKind; amount: string | null }
  | { kind: "failed"; action: ActionKind }
  /** Not the verified shopper's (as far as we know): a code to the order's email can prove it. */
  | { kind: "offer_code"; mask: string }
  /** No verified identity, not the shopper's order, not possible (shipped, cancelled), or the store failed. */
  | { kind: "not_proposed"; reason: string };

/** What a shopper's "yes, send it" or typed code did. Never carries the code or the full address. */
export type CodeOutcome =
  /** No offer or sent code is waiting in this conversation: the message is an ordinary one. */
  | { kind: "none" }
  | { kind: "sent"; order: string; mask: string }
  /** `pending`: the change asked for before the code, to be proposed now. */
  | { kind: "verified"; order: string; pending?: { action: ActionKind; address?: NewAddress } }
  | { kind: "wrong"; order: string; attemptsLeft: number }
  | { kind: "expired"; order: string }
  | { kind: "locked"; order: string }
  /** The code could not be sent (too many sends, the store failed, no email any more). */
  | { kind: "not_sent"; order: string };

export interface OrderSource {
  /** True when the tenant has a store connected. */
  connected(): Promise<boolean>;
  lookup(orderNumber: string, signal?: AbortSignal): Promise<StoreOrderOutcome>;
  /** Proposes a change to the shopper's own order; absent where changes are only handed over. */
  propose?(
    orderNumber: string,
    action: ActionKind,
    language: string,
    address?: NewAddress,
  ): Promise<ActionProposal>;
  /** Sends a code for the order offered last in this conversation, if any. */
  sendCode?(): Promise<CodeOutcome>;
  /** Checks a typed code against the one sent last in this conversation, if any. */
  checkCode?(code: string): Promise<CodeOutcome>;
}

/** A typed one-time code: a short message with exactly one run of 6 digits and no order marker. */
export function typedCode(text: string): string | null {
  if (text.length > 80 || text.includes("#")) return null;
  const runs = text.match(/\d+/g) ?? [];
  return runs.length === 1 && runs[0].length === 6 ? runs[0] : null;
}

const YES =
  /\b(yes|yeah|yep|ok|okay|sure|please|send|code|si|oui|ja|jawohl|sim|envia|envie|enviar|envoyez|envoie|schick|schicken|senden|codigo|manda|invia|stuur|graag|evet|tak|taip|ya|iya|da|co|vang|gui)\b/;

/** Yes and no in the other scripts our fixed replies speak (whole words; Thai has no spaces, so any run). */
const YES_OTHER =
  /(?<![\p{L}\p{M}])(да|ага|отправьте|ναι|στείλτε|نعم|أجل|أرسل|네|예|보내|हाँ|हां|जी|भेजें)|ใช่|ได้|ส่ง/u;
const NO_OTHER = /(?<![\p{L}\p{M}])(нет|не|όχι|لا|아니|नहीं|ना)(?![\p{L}\p{M}])|ไม่/u;

/** Chinese and Japanese yes/send words (no word boundaries in these scripts), and their negations. */
const YES_CJK = /(^\s*是|是的|好的|^\s*好|可以|发送|發送|请发|請發|はい|お願い|送って|送信)/u;
const NO_CJK = /(不|没|沒|別|别|いいえ|いらない|結構です)/u;

/** A short "yes, send me the code" in the languages the engine speaks best. */
export function wantsCode(text: string): boolean {
  if (text.length > 60) return false;
  return (
    YES.test(fold(text)) ||
    (YES_CJK.test(text) && !NO_CJK.test(text)) ||
    (YES_OTHER.test(text.toLowerCase()) && !NO_OTHER.test(text.toLowerCase()))
  );
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
  "change the shipping address",
  "change my shipping address",
  "update the shipping address",
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
  "cambia la direccion",
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

const CANCEL = [
  "cancel",
  "cancelar",
  "anular",
  "stornieren",
  "storno",
  "annuler",
  "annulation",
  "annullare",
  "annuleren",
];
const ADDRESS = ["address", "direccion", "adresse", "indirizzo", "adres", "morada"];

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

/** Which change a "change" message asks for: cancel, refund (also a return), or the shipping address. */
export function changeKind(text: string): ActionKind {
  const t = fold(text);
  if (ADDRESS.some((w) => t.includes(w))) return "address";
  return CANCEL.some((w) => new RegExp(`\\b${w}`).test(t)) ? "cancel" : "refund";
}

/**
 * The new address in "… order #1002 to 55 Elm Street, 10001 New York, US": street (with a number),
 * then postcode and city in either order, then an optional two-letter country; null when the
 * message has no address in that shape (the AI then proposes nothing).
 */
export function newAddress(text: string, orderNumber: string): NewAddress | null {
  const at = text.indexOf(orderNumber);
  const tail = at >= 0 ? text.slice(at + orderNumber.length) : text;
  const m = tail.match(/(?:\bto\b|\ba\b|\bnach\b|\bà\b|\bnaar\b|\bpara\b|:)\s*(.+)$/i);
  if (!m) return null;
  const parts = m[1]
    .replace(/[.!?]+\s*$/, "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2 || parts.length > 3) return null;
  const [street, place, country] = parts;
  if (!/\d/.test(street) || !/\p{L}/u.test(street) || street.length > 120) return null;
  const zipFirst = place.match(/^(\S*\d\S*)\s+(\D.{0,60})$/);
  const cityFirst = place.match(/^(\D.{0,60}?)\s+(\S*\d\S*)$/);
  const city = zipFirst?.[2] ?? cityFirst?.[1] ?? null;
  const zip = zipFirst?.[1] ?? cityFirst?.[2] ?? null;
  if (!city || !zip) return null;
  if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) return null;
  return { address1: street, city, zip, country: country ? country.toUpperCase() : null };
}
