/**
 * GETs of URLs that came from outside (a platform's media link, an imported event's attachment, the
 * next hop of a redirect). Every hop passes the one unsafe-URL guard (lib/http-safety.ts); redirects
 * are followed here, by hand, so each hop is checked before it is asked for. A platform credential is
 * sent only to that platform's own hosts: a redirect elsewhere is refused, never followed without it,
 * because the next hop could just as well bounce back to a platform host with a token in its query.
 */
import { unsafeUrlReason } from "../lib/http-safety";
import type { SendFailure } from "./adapter";
import { errorMessage } from "./http";

/** Browsers stop at 20; a media link needs one or two (a CDN's edge, a signed URL). */
export const MAX_REDIRECTS = 5;

/** A platform credential and where it may go. */
export interface Credential {
  /** The headers that carry it; empty when the URL itself does (Telegram's file links). */
  headers: Record<string, string>;
  /** The platform's own hosts, compared exactly. */
  hosts: readonly string[];
}

export type GuardedResponse = { ok: true; res: Response } | SendFailure;

const refuse = (code: string, message: string): SendFailure => ({
  ok: false,
  retryable: false,
  status: 0,
  code,
  message,
});

/** True when `url` is on one of the credential's hosts (so the credential may go with it). */
export function onHosts(url: string, hosts: readonly string[]): boolean {
  try {
    return hosts.includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Fetches `url` (GET), following at most MAX_REDIRECTS redirects, each hop checked. Never throws;
 * refusals are not retryable and their messages name no URL (Telegram's carry the bot token).
 */
export async function guardedGet(
  fetchFn: typeof fetch,
  url: string,
  credential?: Credential,
): Promise<GuardedResponse> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const unsafe = unsafeUrlReason(current);
    if (unsafe) return refuse("MEDIA_URL_UNSAFE", `media link refused: ${unsafe}`);
    if (credential && !onHosts(current, credential.hosts)) {
      return refuse(
        hop === 0 ? "MEDIA_HOST_NOT_ALLOWED" : "MEDIA_REDIRECT_REFUSED",
        "a platform credential is only sent to the platform's own hosts",
      );
    }
    let res: Response;
    try {
      res = await fetchFn(current, {
        method: "GET",
        headers: credential?.headers ?? {},
        redirect: "manual",
      });
    } catch (err) {
      return {
        ok: false,
        retryable: true,
        status: 0,
        code: "NETWORK_ERROR",
        message: errorMessage(err),
      };
    }
    const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
    if (!location) return { ok: true, res };
    await res.body?.cancel();
    if (hop >= MAX_REDIRECTS)
      return refuse("MEDIA_TOO_MANY_REDIRECTS", `more than ${MAX_REDIRECTS} redirects`);
    try {
      current = new URL(location, current).href;
    } catch {
      return refuse(
        "MEDIA_URL_UNSAFE",
        "media link refused: the redirect target is not a valid URL",
      );
    }
  }
}
