/**
 * Retrieval for one query: the builtin index always, Vectorize too when the
 * tenant has embeddings, fused by reciprocal rank. Also keeps a tenant's vectors
 * in sync with its entries (batched embeddings and upserts, deletes of stale ids).
 */
import type { KbEntry, KnowledgeIndex } from "./engine";
import { passages } from "./engine/passages";
import type { Providers } from "./providers/types";
import { searchWithGloss, type Gloss } from "./xling";

export interface RetrievedHit {
  entry: KbEntry;
  /** Fused rank score (higher is better). */
  score: number;
  /** 0..1 confidence that this entry answers the query. */
  confidence: number;
}

export interface Retrieval {
  hits: RetrievedHit[];
  /** Confidence of the top hit (0 when there is none). */
  confidence: number;
  vectorUsed: boolean;
}

const RRF_K = 60;
/** bge-m3 cosine below this is unrelated text; ramps to full confidence 0.3 above it. */
const VECTOR_FLOOR = 0.5;

export async function retrieve(args: {
  tenantId: string;
  index: KnowledgeIndex;
  query: string;
  providers: Providers;
  k?: number;
  signal?: AbortSignal;
  /** English gloss of a query written in another language than the entries (see `xling/`). */
  gloss?: Gloss | null;
}): Promise<Retrieval> {
  const k = args.k ?? 5;
  // The builtin cross-lingual score is part of the lexical channel, so it is fused with
  // multilingual embeddings below rather than replaced by them.
  const lexical = searchWithGloss(args.index, args.query, args.gloss ?? null, Math.max(k, 10));
  const fused = new Map<string, { score: number; conf: number }>();
  lexical.forEach((h, rank) => fused.set(h.id, { score: 1 / (RRF_K + rank), conf: h.confidence }));
  let vectorUsed = false;
  const { embedder, vectors } = args.providers;
  if (embedder.available && vectors.available) {
    const emb = await embedder.embed([args.query], args.signal);
    const res = emb.ok ? await vectors.query(args.tenantId, emb.vectors[0], Math.max(k, 10)) : null;
    if (res?.ok) {
      vectorUsed = true;
      res.matches.forEach((m, rank) => {
        if (!args.index.get(m.entryId)) return; // stale vector of a deleted entry
        const cur = fused.get(m.entryId) ?? { score: 0, conf: 0 };
        const vconf = Math.max(0, Math.min(1, (m.score - VECTOR_FLOOR) / 0.3)) * 0.9;
        // Either channel being sure is enough; both agreeing is more.
        fused.set(m.entryId, {
          score: cur.score + 1 / (RRF_K + rank),
          conf: 1 - (1 - cur.conf) * (1 - vconf),
        });
      });
    }
  }
  const hits = [...fused]
    .map(([id, v]) => ({ entry: args.index.get(id), score: v.score, confidence: v.conf }))
    .filter((h): h is RetrievedHit => h.entry !== undefined)
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
  return { hits, confidence: hits[0]?.confidence ?? 0, vectorUsed };
}

/** Deterministic vector ids of an entry: one per phrasing and answer passage. */
export function vectorTexts(entry: KbEntry): { id: string; text: string }[] {
  const texts = [entry.question, ...entry.phrasings, ...passages(entry.answer)].filter((t) =>
    t.trim(),
  );
  return texts.map((text, i) => ({ id: `${entry.id}#${i}`, text }));
}

const EMBED_BATCH = 32;

/**
 * Bring a tenant's Vectorize namespace in line with changed entries: embed and
 * upsert the new texts in batches, delete ids the old version had and the new
 * one lacks. Failures come back as values with what was done so far.
 */
export async function syncKbVectors(
  tenantId: string,
  changes: { before?: KbEntry; after?: KbEntry }[],
  providers: Providers,
): Promise<
  | { ok: true; upserted: number; deleted: number }
  | { ok: false; reason: string; upserted: number; deleted: number }
> {
  const { embedder, vectors } = providers;
  if (!embedder.available || !vectors.available)
    return { ok: false, reason: "vector search is not configured", upserted: 0, deleted: 0 };
  const upserts = changes.flatMap((c) =>
    c.after ? vectorTexts(c.after).map((t) => ({ ...t, entryId: c.after?.id ?? "" })) : [],
  );
  const keep = new Set(upserts.map((u) => u.id));
  const stale = changes
    .flatMap((c) => (c.before ? vectorTexts(c.before).map((t) => t.id) : []))
    .filter((id) => !keep.has(id));
  let upserted = 0;
  let deleted = 0;
  if (stale.length) {
    const del = await vectors.deleteByIds(tenantId, stale);
    if (!del.ok) return { ok: false, reason: del.reason, upserted, deleted };
    deleted = del.count;
  }
  for (let i = 0; i < upserts.length; i += EMBED_BATCH) {
    const batch = upserts.slice(i, i + EMBED_BATCH);
    const emb = await embedder.embed(batch.map((b) => b.text));
    if (!emb.ok) return { ok: false, reason: emb.reason, upserted, deleted };
    const up = await vectors.upsert(
      tenantId,
      batch.map((b, j) => ({ id: b.id, entryId: b.entryId, values: emb.vectors[j] })),
    );
    if (!up.ok) return { ok: false, reason: up.reason, upserted, deleted };
    upserted += up.count;
  }
  return { ok: true, upserted, deleted };
}
