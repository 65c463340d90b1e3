import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";

/**
 * After a signed-in write request (anything but GET and HEAD), runs `changed` for the caller's tenant
 * before the response leaves: a cache of what the request may have changed is dropped. Also after a
 * failure: a write may have landed before it, and a needless reload is one D1 read.
 */
export function afterTenantWrite(
  changed: (env: AppEnv["Bindings"], tenantId: string) => Promise<void>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const auth = c.get("auth");
    if (c.req.method === "GET" || c.req.method === "HEAD" || !auth) return;
    await changed(c.env, auth.tenantId);
  };
}
