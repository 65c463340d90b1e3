/**
 * A fetch that reads our own signed media links (`PUBLIC_BASE_URL/media/…`) straight from R2, for
 * senders that download an attachment before passing it on (email). A Worker fetching its own
 * hostname would go out and back in through itself; this keeps it one R2 read, with the same
 * signature and expiry checks as the public route. Every other URL goes to the network as usual.
 */
import { verifyMediaUrl } from "../channels/media-url";

export function ownMediaFetch(
  env: Pick<Env, "MEDIA" | "SIGNING_KEY" | "PUBLIC_BASE_URL">,
  network: typeof fetch = (input, init) => fetch(input, init),
): typeof fetch {
  const base = `${env.PUBLIC_BASE_URL}/media/`;
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!env.PUBLIC_BASE_URL || !url.startsWith(base)) return network(input, init);
    const check = await verifyMediaUrl(url, env.SIGNING_KEY, Date.now(), base);
    // Only media lives under media/; queued webhook bodies share the bucket and are never handed out.
    if (!check.ok || !check.key.startsWith("media/"))
      return new Response("This media link is not valid.", { status: 403 });
    const obj = await env.MEDIA.get(check.key);
    if (!obj) return new Response("No such media.", { status: 404 });
    return new Response(obj.body, {
      headers: {
        "content-type": obj.httpMetadata?.contentType ?? "application/octet-stream",
        "content-length": String(obj.size),
      },
    });
  };
}
