/**
 * Finds a channel connection by its global id (the id in its webhook URL, which is how an inbound
 * request names its tenant) with credentials decrypted. Webhooks arrive in bursts, so lookups are
 * cached per isolate for a short time: a disabled or rotated connection takes effect within CACHE_MS.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { channels, type ChannelType } from "../db/schema";
import { splitEventSecret } from "../channels/credentials";
import type { ChannelContext } from "../channels/connection";
import { decryptJson } from "../lib/crypto";

const CACHE_MS = 30_000;
const MISS_CACHE_MS = 5_000;

export interface ChannelRecord extends ChannelContext {
  type: ChannelType;
  status: "active" | "disabled";
  name: string;
}

const cache = new Map<string, { at: number; value: ChannelRecord | null }>();

export async function loadChannel(
  db: Db,
  env: Pick<Env, "ENCRYPTION_KEY">,
  channelId: string,
  now = Date.now(),
): Promise<ChannelRecord | null> {
  const hit = cache.get(channelId);
  if (hit && now - hit.at < (hit.value ? CACHE_MS : MISS_CACHE_MS)) return hit.value;
  // Looked up by its global id on purpose: the webhook URL is what identifies the tenant.
  const row = await db.query.channels.findFirst({ where: eq(channels.id, channelId) });
  const sealed = row
    ? splitEventSecret(
        await decryptJson<Record<string, unknown>>(env.ENCRYPTION_KEY, row.credentialsEnc),
      )
    : null;
  const value: ChannelRecord | null =
    row && sealed
      ? {
          tenantId: row.tenantId,
          channelId: row.id,
          type: row.type,
          name: row.name,
          status: row.status,
          verifyToken: row.verifyToken,
          credentials: sealed.credentials,
          ...(sealed.eventSecret ? { eventSecret: sealed.eventSecret } : {}),
          config: row.config,
        }
      : null;
  if (cache.size > 5_000) cache.clear();
  cache.set(channelId, { at: now, value });
  return value;
}

/** Forget a cached connection (after it is edited in this isolate). */
export function forgetChannel(channelId: string): void {
  cache.delete(channelId);
}
