/**
 * PII masking for the console and API: `j***@g***.com`, `+34 *** *** 12`, `**** 4242`.
 * Fields are masked for every role by default; admins reveal one field at a time (audited).
 */

export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split(".");
  const tld = labels.length > 1 ? labels[labels.length - 1] : "";
  return `${local[0]}***@${(labels[0] ?? "")[0] ?? ""}***${tld ? `.${tld}` : ""}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 5) return "***";
  const last = digits.slice(-2);
  if (!phone.trim().startsWith("+")) return `*** *** ${last}`;
  // The country code is the first group when written with a separator, else assume two digits.
  const cc = phone.trim().match(/^\+(\d{1,3})[\s.-]/)?.[1] ?? digits.slice(0, 2);
  return `+${cc} *** *** ${last}`;
}

export function maskPayment(value: string): string {
  const chars = value.replace(/[^0-9A-Za-z]/g, "");
  return chars.length <= 4 ? "****" : `**** ${chars.slice(-4)}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]{6,20}$/;
const CARDLIKE = /^(?:\d[ -]?){12,18}\d$/;
const IBANLIKE = /^[A-Z]{2}\d{2}[A-Z0-9 ]{10,30}$/;

/** A channel address (email, phone, or a platform's user id). */
export function maskAddress(address: string): string {
  if (EMAIL.test(address)) return maskEmail(address);
  if (PHONE.test(address) && address.replace(/\D/g, "").length >= 7) return maskPhone(address);
  return address.length <= 4 ? "***" : `${address.slice(0, 2)}***${address.slice(-2)}`;
}

export const PAYMENT_KEY = /card|iban|payment|bank|account.?number|cvv|cvc|\bpan\b|billing/i;
const EMAIL_KEY = /e-?mail/i;
const PHONE_KEY = /phone|mobile|\btel\b|whatsapp|sms/i;

/** Whether an attribute is sensitive (by its name or by what its value looks like). */
export function sensitiveKind(key: string, value: unknown): "email" | "phone" | "payment" | null {
  if (PAYMENT_KEY.test(key)) return "payment";
  if (EMAIL_KEY.test(key)) return "email";
  if (PHONE_KEY.test(key)) return "phone";
  if (typeof value !== "string") return null;
  if (EMAIL.test(value)) return "email";
  if (CARDLIKE.test(value) || IBANLIKE.test(value)) return "payment";
  return null;
}

export function maskValue(kind: "email" | "phone" | "payment", value: unknown): string {
  const s = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  return kind === "email" ? maskEmail(s) : kind === "phone" ? maskPhone(s) : maskPayment(s);
}

export function maskAttributes(attributes: Record<string, unknown>): {
  attributes: Record<string, unknown>;
  masked: string[];
} {
  const out: Record<string, unknown> = {};
  const masked: string[] = [];
  for (const [k, v] of Object.entries(attributes)) {
    const kind = v === null || v === undefined || v === "" ? null : sensitiveKind(k, v);
    out[k] = kind ? maskValue(kind, v) : v;
    if (kind) masked.push(`attributes.${k}`);
  }
  return { attributes: out, masked };
}
