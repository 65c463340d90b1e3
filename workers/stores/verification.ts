/**
 * The rules of a one-time code that proves a shopper owns an order: 6 digits, valid 10 minutes,
 * 5 tries, at most 3 sends per order and conversation, stored only as an HMAC bound to its row.
 * Pure: the service keeps the rows (D1), the evaluation keeps them in memory.
 */
import { hmacSha256, timingSafeEqual, toHex } from "../lib/crypto";

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 5;
export const MAX_SENDS = 3;
/** An offer the shopper has not taken up within this time is stale. */
export const OFFER_TTL_MS = 30 * 60_000;

/** A uniformly random 6-digit code (rejection sampling keeps every value equally likely). */
export function newCode(): string {
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0] < 4_294_000_000) return String(buf[0] % 1_000_000).padStart(6, "0");
  }
}

/** HMAC under the deployment's signing key: a leaked row cannot be brute-forced offline. */
export async function hashCode(key: string, rowId: string, code: string): Promise<string> {
  return toHex(await hmacSha256(key, `order-code:${rowId}:${code}`));
}

/** "jane.smith@mail.example.com" → "j***@m***.com": enough to recognise, not to learn. */
export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.trim().split("@");
  const dot = domain.lastIndexOf(".");
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***${tld}`;
}

export interface CodeRow {
  id: string;
  state: "offered" | "sent" | "verified" | "locked";
  codeHash: string | null;
  expiresAt: number | null;
  attempts: number;
}

export type CodeCheck =
  | { kind: "verified" }
  | { kind: "wrong"; attemptsLeft: number }
  | { kind: "expired" }
  | { kind: "locked" };

/** What a typed code does to a sent row; the caller writes `attempts` and `state` back. */
export async function checkCode(
  key: string,
  row: CodeRow,
  code: string,
  now: number,
): Promise<{ result: CodeCheck; attempts: number; state: CodeRow["state"] }> {
  if (row.state === "locked" || row.attempts >= MAX_ATTEMPTS)
    return { result: { kind: "locked" }, attempts: row.attempts, state: "locked" };
  if (!row.codeHash || !row.expiresAt || now > row.expiresAt)
    return { result: { kind: "expired" }, attempts: row.attempts, state: row.state };
  const attempts = row.attempts + 1;
  if (timingSafeEqual(await hashCode(key, row.id, code), row.codeHash))
    return { result: { kind: "verified" }, attempts, state: "verified" };
  const left = MAX_ATTEMPTS - attempts;
  return left > 0
    ? { result: { kind: "wrong", attemptsLeft: left }, attempts, state: "sent" }
    : { result: { kind: "locked" }, attempts, state: "locked" };
}
