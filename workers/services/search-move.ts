/**
 * The one-off move of the search index out of D1 (`message_search` + `message_fts`, from before the
 * tenant shards) into each tenant's shard object. The cron queues a `search_move` job per tenant that
 * still has rows there; each job moves a page (written to the shard, then deleted from D1) and queues
 * the next, so it is idempotent and resumes wherever a failure left it. Until a tenant's move is done,
 * its searches also look at its D1 rows (`legacyMatching`). Nothing writes these D1 tables any more.
 */
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { containsPattern, foldText, ftsQuery } from "../lib/search-text";
import { MOVE_PAGE, queueMoves, runMovePage, type MoveEnv, type ShardMove } from "./shard-move";

function searchMove(page: number): ShardMove<{ moved: number }> {
  return {
    kind: "search_move",
    tenantsQuery: "SELECT DISTINCT tenant_id FROM message_search LIMIT ?",
    finish: (shard) => shard.legacyMoved(),
    async movePage(env, tenantId, shard) {
      const { results } = await env.DB.prepare(
        `SELECT s.id, s.message_id, s.conversation_id, s.created_at, f.text FROM message_search s
         LEFT JOIN message_fts f ON f.rowid = s.id WHERE s.tenant_id = ? ORDER BY s.id LIMIT ?`,
      )
        .bind(tenantId, page)
        .all<{
          id: number;
          message_id: string;
          conversation_id: string;
          created_at: number;
          text: string | null;
        }>();
      if (results.length) {
        await shard.importLegacy(
          results.map((r) => ({
            conversationId: r.conversation_id,
            messageId: r.message_id,
            text: r.text ?? "",
            at: r.created_at,
          })),
        );
        const ids = results.map((r) => r.id);
        const marks = ids.map(() => "?").join(", ");
        await env.DB.batch([
          env.DB.prepare(`DELETE FROM message_fts WHERE rowid IN (${marks})`).bind(...ids),
          env.DB.prepare(`DELETE FROM message_search WHERE id IN (${marks})`).bind(...ids),
        ]);
      }
      return { counts: { moved: results.length }, more: results.length >= page };
    },
  };
}

/** Moves one page of a tenant's D1 search rows into its shard; queues the next page, or marks the move done. */
export function moveSearchRows(
  env: MoveEnv,
  body: unknown,
  page = MOVE_PAGE,
): Promise<{ moved: number; done: boolean }> {
  return runMovePage(searchMove(page), env, body);
}

/** Cron: a move job for each tenant with search rows still in D1. */
export function queueSearchMoves(env: MoveEnv): Promise<number> {
  return queueMoves(searchMove(MOVE_PAGE), env);
}

/** A condition on `conversations.id`: the conversation has a not yet moved D1 row matching `text`. */
export function legacyMatching(
  conversationId: AnyColumn,
  tenantId: string,
  text: string,
): SQL | undefined {
  const query = ftsQuery(text);
  if (!query) return undefined;
  const like = (w: string) => sql`message_fts.text LIKE ${containsPattern(w)} ESCAPE '\\'`;
  const contains = query.contains.map((w) => sql` AND (${like(w)} OR ${like(foldText(w))})`);
  return sql`${conversationId} IN (SELECT s.conversation_id FROM message_fts JOIN message_search s ON s.id = message_fts.rowid WHERE message_fts MATCH ${query.match} AND s.tenant_id = ${tenantId}${sql.join(contains, sql``)})`;
}

/** Statements removing the D1 rows of these conversations not yet moved (erasure, retention). */
export function legacySearchDeletes(
  d1: D1Database,
  tenantId: string,
  conversationIds: string[],
): D1PreparedStatement[] {
  const marks = conversationIds.map(() => "?").join(", ");
  return [
    d1
      .prepare(
        `DELETE FROM message_fts WHERE rowid IN (SELECT id FROM message_search WHERE tenant_id = ? AND conversation_id IN (${marks}))`,
      )
      .bind(tenantId, ...conversationIds),
    d1
      .prepare(`DELETE FROM message_search WHERE tenant_id = ? AND conversation_id IN (${marks})`)
      .bind(tenantId, ...conversationIds),
  ];
}
