/**
 * Stored media (R2) for agents and shoppers: only through short-lived signed URLs made with
 * signMediaUrl, so object keys alone never grant access. A bad, tampered or expired signature is 403.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { verifyMediaUrl } from "../channels/media-url";
import { ApiError } from "../lib/errors";
import { createRouter } from "../lib/router";

/** Only media lives behind this route; queued webhook bodies share the bucket and must stay private. */
const SERVED_PREFIX = "media/";

async function serve(c: Context<AppEnv>): Promise<Response> {
  const check = await verifyMediaUrl(new URL(c.req.url), c.env.SIGNING_KEY);
  if (!check.ok)
    throw new ApiError(
      "FORBIDDEN",
      check.code === "MEDIA_URL_EXPIRED"
        ? "This media link has expired."
        : "This media link is not valid.",
    );
  if (!check.key.startsWith(SERVED_PREFIX))
    throw new ApiError("FORBIDDEN", "This media link is not valid.");
  const obj = await c.env.MEDIA.get(check.key);
  if (!obj) throw new ApiError("NOT_FOUND", "No such media.");
  const headers = new Headers();
  obj.writeHttpMetadata(headers);
  headers.set("etag", obj.httpEtag);
  // Private: the URL is a bearer credential until it expires; never let shared caches keep it longer.
  headers.set(
    "cache-control",
    `private, max-age=${Math.max(0, Math.floor((check.expiresAt - Date.now()) / 1000))}`,
  );
  headers.set("x-content-type-options", "nosniff");
  return new Response(obj.body, { headers });
}

export const mediaRoutes = createRouter().get("/*", serve);
