import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { getDb } from "../db/client";
import { log } from "../lib/log";

/** Request id (echoed as X-Request-Id), a db handle, and one structured log line per request. */
export function requestContext() {
  return createMiddleware<AppEnv>(async function requestContext(c, next) {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("db", getDb(c.env.DB));
    c.set("auth", null);
    const started = Date.now();
    await next();
    c.header("X-Request-Id", requestId);
    // Paths only: query strings can carry verify tokens and signatures.
    log("info", "request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
      tenantId: c.get("auth")?.tenantId,
    });
  });
}
