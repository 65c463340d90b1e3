import { invalidateHooks } from "../services/hooks-copy";
import type { HookKind } from "../wire/shard";
import { afterTenantWrite } from "./after-write";

/** Drops the shard's copy of the tenant's workflows or webhook endpoints after a write to them. */
export const invalidatesHooks = (kind: HookKind) =>
  afterTenantWrite((env, tenantId) => invalidateHooks(env, tenantId, kind));
