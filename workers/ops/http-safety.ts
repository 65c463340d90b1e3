/**
 * Outgoing calls to merchant URLs (webhooks, workflow HTTP steps): HTTPS only, and never to
 * loopback, private or link-local addresses, so a tenant cannot aim the platform at its own network.
 */

const BLOCKED_HOSTS = /^(localhost|.*\.localhost|.*\.local|.*\.internal|metadata\.google\.internal)$/i;

function privateIPv4(host: string): boolean {
  const m = host.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
}

function privateIPv6(host: string): boolean {
  if (!host.startsWith("[")) return false;
  const h = host.slice(1, -1).toLowerCase();
  return h === "::" || h === "::1" || /^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith("::ffff:");
}

/** Why `raw` may not be called, or null when it may. */
export function unsafeUrlReason(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "https:") return "only https:// URLs are allowed";
  if (url.username || url.password) return "URLs may not carry credentials";
  if (BLOCKED_HOSTS.test(url.hostname) || privateIPv4(url.hostname) || privateIPv6(url.hostname)) return "private, loopback and local addresses are not allowed";
  if (url.port && url.port !== "443") return "only the default HTTPS port is allowed";
  return null;
}

export type FetchFn = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Reads at most `max` characters of a response body (merchant endpoints can return anything). */
export async function readCapped(res: Response, max: number): Promise<string> {
  const text = await res.text();
  return text.length > max ? text.slice(0, max) : text;
}
