import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { invalidateHooks } from "../services/hooks-copy";
import type { HookKind } from "../wire/shard";

/** After a successful write request of a router over workflows or webhook endpoints: the shard's copy goes. */
export function invalidatesHooks(kind: HookKind): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const auth = c.get("auth");
    if (c.req.method === "GET" || c.res.status >= 400 || !auth) return;
    await invalidateHooks(c.env, auth.tenantId, kind);
  };
}
