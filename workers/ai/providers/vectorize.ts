/**
 * Vectorize store: one namespace per tenant, batched upserts. Vector ids are
 * prefixed with the tenant (deleteByIds has no namespace argument, so ids must be
 * unique across tenants) and carry the entry id in metadata.
 */
import type { VectorStore } from "./types";

/** Vectorize accepts up to 1000 vectors per upsert from a Worker; stay well below. */
export const UPSERT_BATCH = 500;

export function vectorizeStore(index: VectorizeIndex): VectorStore {
  const vid = (tenantId: string, id: string) => `${tenantId}:${id}`.slice(0, 64);
  return {
    available: true,
    async upsert(tenantId, items) {
      try {
        for (let i = 0; i < items.length; i += UPSERT_BATCH) {
          await index.upsert(
            items.slice(i, i + UPSERT_BATCH).map((it) => ({
              id: vid(tenantId, it.id),
              values: it.values,
              namespace: tenantId,
              metadata: { entryId: it.entryId, tenantId },
            })),
          );
        }
        return { ok: true, count: items.length };
      } catch (e) {
        return { ok: false, reason: e instanceof Error ? e.message : String(e) };
      }
    },
    async query(tenantId, vector, topK) {
      try {
        const res = await index.query(vector, {
          topK,
          namespace: tenantId,
          returnMetadata: "indexed",
        });
        const matches = res.matches
          // Defence in depth: never return another tenant's vectors even if a namespace were wrong.
          .filter(
            (m) => m.metadata?.tenantId === tenantId && typeof m.metadata?.entryId === "string",
          )
          .map((m) => ({ entryId: String(m.metadata?.entryId), score: m.score }));
        return { ok: true, matches };
      } catch (e) {
        return { ok: false, reason: e instanceof Error ? e.message : String(e) };
      }
    },
    async deleteByIds(tenantId, ids) {
      try {
        for (let i = 0; i < ids.length; i += UPSERT_BATCH) {
          await index.deleteByIds(ids.slice(i, i + UPSERT_BATCH).map((id) => vid(tenantId, id)));
        }
        return { ok: true, count: ids.length };
      } catch (e) {
        return { ok: false, reason: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
