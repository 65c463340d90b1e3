/**
 * The dashboard and console HTML, served from the static assets with a strict Content-Security-Policy:
 * only this origin's scripts and styles (the Vite build has no inline script), no framing by any site.
 */
import { secureHeaders } from "hono/secure-headers";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { createRouter } from "../lib/router";

const SELF = "'self'";
export const PAGE_CSP = {
  defaultSrc: [SELF],
  scriptSrc: [SELF],
  styleSrc: [SELF],
  imgSrc: [SELF, "data:", "blob:", "https:"],
  mediaSrc: [SELF, "blob:", "https:"],
  fontSrc: [SELF],
  connectSrc: [SELF],
  frameSrc: [SELF],
  frameAncestors: ["'none'"],
  formAction: [SELF],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

const pageHeaders = secureHeaders({
  contentSecurityPolicy: PAGE_CSP,
  xFrameOptions: "DENY",
  referrerPolicy: "same-origin",
});

/** A static response's headers are immutable; copy it so the security headers can be added. */
async function serveAsset(c: Context<AppEnv>): Promise<Response> {
  const res = await c.env.ASSETS.fetch(c.req.raw);
  return new Response(res.body, res);
}

export const pageRoutes = createRouter();
for (const path of ["/app/*", "/console/*"]) pageRoutes.get(path, pageHeaders, serveAsset);
