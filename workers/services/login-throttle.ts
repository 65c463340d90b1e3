/**
 * Login throttling. Every attempt is counted before its password is hashed, in one statement per
 * counter (`takeLimits`), so parallel guesses cannot slip past a check made before they counted.
 *
 * Three counters, 15-minute windows:
 * - per source IP, across accounts (50): one address cannot sweep many accounts;
 * - per account *and* source (10): the source is the IP, or a known device (below) wherever it is;
 * - per account from unknown browsers, all sources together (30): a guess spread over many addresses.
 *
 * Locking an account is not a denial of service: a browser that signed in to the account before
 * holds a device cookie (an HMAC of the account's email and a random device id, under SIGNING_KEY),
 * and the per-account lock does not apply to it, only its own counter does (OWASP's "device
 * cookies"). A browser without one gets back in by resetting the password, which proves the mailbox
 * and lifts the lock.
 */
import type { Db } from "../db/client";
import { hmacSha256, randomToken, timingSafeEqual, toBase64Url } from "../lib/crypto";
import { clearLimit, refundLimit, takeLimits, type Limit } from "./rate-limit";

const WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMITS = { perIp: 50, perSource: 10, perAccount: 30 } as const;
export const DEVICE_COOKIE = "edgedesk_device";
export const DEVICE_TTL_MS = 365 * 24 * 3600_000;

const sign = async (key: string, email: string, deviceId: string) =>
  toBase64Url(await hmacSha256(key, `login-device|${email}|${deviceId}`));

/** The device id a cookie proves for this account, or null (absent, tampered with, or another account's). */
export async function knownDevice(
  signingKey: string,
  cookie: string | undefined,
  email: string,
): Promise<string | null> {
  const m = cookie?.match(/^([\w-]{16,64})\.([\w-]{43})$/);
  if (!m) return null;
  return timingSafeEqual(m[2], await sign(signingKey, email, m[1])) ? m[1] : null;
}

/** The cookie value that marks this browser as known for the account (a new device id unless it had one). */
export async function deviceCookieValue(
  signingKey: string,
  email: string,
  deviceId: string | null,
): Promise<string> {
  const id = deviceId ?? randomToken(18);
  return `${id}.${await sign(signingKey, email, id)}`;
}

function limitsFor(email: string, ip: string, deviceId: string | null): Limit[] {
  const ipLimit = { key: `login:ip:${ip}`, max: LOGIN_LIMITS.perIp, windowMs: WINDOW_MS };
  if (deviceId)
    return [
      ipLimit,
      {
        key: `login:device:${email}:${deviceId}`,
        max: LOGIN_LIMITS.perSource,
        windowMs: WINDOW_MS,
      },
    ];
  return [
    ipLimit,
    { key: `login:source:${email}:${ip}`, max: LOGIN_LIMITS.perSource, windowMs: WINDOW_MS },
    { key: `login:account:${email}`, max: LOGIN_LIMITS.perAccount, windowMs: WINDOW_MS },
  ];
}

/** Counts the attempt and throws RATE_LIMITED (429, Retry-After) when any of its windows is full. */
export async function admitLogin(
  db: Db,
  email: string,
  ip: string,
  deviceId: string | null,
): Promise<void> {
  await takeLimits(db, limitsFor(email, ip, deviceId));
}

/** A correct password: its source starts afresh, and the attempt no longer counts against the IP or the account. */
export async function loginSucceeded(
  db: Db,
  email: string,
  ip: string,
  deviceId: string | null,
): Promise<void> {
  const [ipLimit, source, account] = limitsFor(email, ip, deviceId);
  await Promise.all([
    refundLimit(db, ipLimit.key),
    clearLimit(db, source.key),
    account ? refundLimit(db, account.key) : undefined,
  ]);
}

/** After a password reset (the mailbox is proven), the account's lock from unknown browsers is lifted. */
export async function clearAccountLock(db: Db, email: string): Promise<void> {
  await clearLimit(db, `login:account:${email}`);
}
