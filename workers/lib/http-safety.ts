/**
 * Outgoing calls to merchant URLs (webhooks, workflow HTTP steps): HTTPS only, and never to
 * loopback, private or link-local addresses, so a tenant cannot aim the platform at its own network.
 */

const BLOCKED_HOSTS = /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i;

/** Loopback, private, shared (CGNAT), link-local, IETF protocol, benchmarking, multicast and reserved ranges. */
const PRIVATE_V4: readonly (readonly [string, number])[] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
];

/** A dotted-quad IPv4 address as an unsigned 32-bit number, or null. */
function parseIPv4(host: string): number | null {
  const m = host.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

function privateIPv4(n: number): boolean {
  return PRIVATE_V4.some(
    ([base, bits]) =>
      Math.floor(n / 2 ** (32 - bits)) === Math.floor(parseIPv4(base)! / 2 ** (32 - bits)),
  );
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted IPv4 split in two), or null. */
function parseIPv6(h: string): number[] | null {
  let text = h;
  const tail: number[] = [];
  const dotted = text.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = parseIPv4(dotted[2]);
    if (v4 === null) return null;
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    text = dotted[1].endsWith("::") ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - tail.length - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return [...all.map((g) => parseInt(g, 16)), ...tail];
}

const v4Of = (hi: number, lo: number) => hi * 65536 + lo;

/**
 * Refuses IPv6 that is not a global unicast address of its own, and the prefixes that carry an IPv4
 * address when that address is private: NAT64 (64:ff9b::/96) and 6to4 (2002::/16). The mapped,
 * compatible and translated forms (::/96, ::ffff:0:0/96, ::ffff:0:0:0/96) reach IPv4 directly and are
 * never a merchant's endpoint, so they are refused whatever they carry. Unparseable means refused.
 */
function privateIPv6(h: string): boolean {
  const g = parseIPv6(h);
  if (!g) return true;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return true;
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return true;
  if (g[0] === 0x64 && g[1] === 0xff9b) return !zeros(2, 6) || privateIPv4(v4Of(g[6], g[7]));
  if (g[0] === 0x2002) return privateIPv4(v4Of(g[1], g[2]));
  if (g[0] === 0x2001 && (g[1] === 0 || g[1] === 0xdb8)) return true; // Teredo (relays to anywhere), documentation
  if (g[0] === 0x100 && zeros(1, 4)) return true; // discard-only
  return (
    (g[0] & 0xfe00) === 0xfc00 ||
    (g[0] & 0xffc0) === 0xfe80 ||
    (g[0] & 0xffc0) === 0xfec0 ||
    (g[0] & 0xff00) === 0xff00
  );
}

/**
 * True for names and addresses that point into a private network. The URL parser has already turned
 * decimal, octal, hex and short IPv4 forms into dotted quads and IPv6 into its compressed hex form.
 */
function privateHost(hostname: string): boolean {
  // `localhost.` is `localhost`: a fully qualified name ends with the root's empty label.
  const host = hostname.replace(/\.+$/, "");
  if (host === "" || BLOCKED_HOSTS.test(host)) return true;
  if (host.startsWith("[")) return privateIPv6(host.slice(1, -1));
  const v4 = parseIPv4(host);
  return v4 !== null && privateIPv4(v4);
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
  if (privateHost(url.hostname)) return "private, loopback and local addresses are not allowed";
  if (url.port && url.port !== "443") return "only the default HTTPS port is allowed";
  return null;
}

export type FetchFn = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** Reads at most `max` characters of a response body (merchant endpoints can return anything). */
export async function readCapped(res: Response, max: number): Promise<string> {
  const text = await res.text();
  return text.length > max ? text.slice(0, max) : text;
}
