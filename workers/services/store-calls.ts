/**
 * Every call Edgedesk makes to a store for a person or an order change is in the tenant's audit log:
 * which store, what for, the method, host and path (never the query, which can hold a shopper's email)
 * and the store's status.
 */
import type { Auth } from "../app-env";
import type { Db } from "../db/client";
import { audit } from "./audit";

export function auditedFetch(
  db: Db,
  tenantId: string,
  actor: Pick<Auth, "userId" | "apiKeyId"> | null,
  store: { id: string; type: string },
  purpose: string,
  fetchFn: typeof fetch,
): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    let status = 0;
    try {
      const res = await fetchFn(input, init);
      status = res.status;
      return res;
    } finally {
      await audit(db, tenantId, actor, {
        action: "store.call",
        targetType: "store",
        targetId: store.id,
        data: { store: store.type, purpose, method, host: url.host, path: url.pathname, status },
      });
    }
  };
}
