/**
 * The tenant's workflows and webhook endpoints as events jobs read them: from the copy in the tenant's
 * shard, read from D1 on a miss and stored there under the version the shard gave (a write since then
 * makes the shard drop it). Writers invalidate the copy after changing D1.
 */
import { shardStub } from "../../durable-objects/rpc";
import { log } from "../lib/log";
import type { HookKind } from "../wire/shard";

type HooksEnv = Pick<Env, "TENANT_SHARD">;

/** D1's rows of this kind changed for the tenant. */
export async function invalidateHooks(
  env: HooksEnv,
  tenantId: string,
  kind: HookKind,
): Promise<void> {
  await shardStub(env, tenantId).invalidateHooks(kind);
}

/** The rows from the shard's copy, or from D1 (then stored in the shard when the version still holds). */
export async function hookRows<T>(
  env: HooksEnv,
  tenantId: string,
  kind: HookKind,
  copy: { version: number; rows: unknown[] | null } | undefined,
  load: () => Promise<T[]>,
): Promise<T[]> {
  if (copy?.rows) return copy.rows as T[];
  const rows = await load();
  if (copy)
    await shardStub(env, tenantId)
      .putHooks(kind, copy.version, rows)
      .catch((err: unknown) => log("warn", "hooks.copy_failed", { kind, error: String(err) }));
  return rows;
}
