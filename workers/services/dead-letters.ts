/**
 * Dead letters: queue messages that can never succeed (malformed) or ran out of retries. Admins list
 * and replay them; a replay re-sends the stored body to the queue it came from, and the consumers'
 * idempotency makes a replay of something that did get through harmless.
 */
import { desc, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { inTenant } from "../db/client";
import { deadLetters } from "../db/schema";
import { ApiError } from "../lib/errors";
import { parserHeaders } from "../channels/connection";
import { log } from "../lib/log";
import { QUEUES, type QueueName } from "../wire/queue";

/** Which queue a body belongs to, from its shape (the DLQ does not say where a message came from). */
export function originQueue(body: unknown): QueueName {
  const kind =
    typeof body === "object" && body !== null ? (body as { kind?: unknown }).kind : undefined;
  if (kind === "webhook" || kind === "event") return QUEUES.inbound;
  if (kind === "send") return QUEUES.outbound;
  return QUEUES.jobs;
}

function tenantOf(body: unknown): string | null {
  const t =
    typeof body === "object" && body !== null
      ? (body as { tenantId?: unknown }).tenantId
      : undefined;
  return typeof t === "string" && t.length <= 64 ? t : null;
}

/** Records a dead letter once per queue message id (a consumer that dies after this and retries adds nothing). */
export async function deadLetter(
  db: Db,
  input: { messageId: string; queue: QueueName; body: unknown; error: string; attempts: number },
): Promise<void> {
  await db
    .insert(deadLetters)
    .values({
      id: `dlq_${input.messageId}`.slice(0, 100),
      tenantId: tenantOf(input.body),
      queue: input.queue,
      body: input.body,
      error: input.error.slice(0, 2000),
      attempts: input.attempts,
    })
    .onConflictDoNothing();
  log("warn", "dead-lettered", {
    queue: input.queue,
    messageId: input.messageId,
    error: input.error.slice(0, 300),
  });
}

export async function listDeadLetters(
  db: Db,
  tenantId: string,
  opts: { before?: number; limit: number },
) {
  const rows = await db
    .select()
    .from(deadLetters)
    .where(
      inTenant(
        deadLetters,
        tenantId,
        opts.before ? lt(deadLetters.createdAt, opts.before) : undefined,
      ),
    )
    .orderBy(desc(deadLetters.createdAt))
    .limit(opts.limit);
  return rows.map(({ tenantId: _t, body, ...r }) => ({ ...r, body: withParserHeadersOnly(body) }));
}

/** Rows stored before webhooks were queued with the parsers' headers only may still hold secrets: never shown. */
function withParserHeadersOnly(body: unknown): unknown {
  if (typeof body !== "object" || body === null || !("headers" in body)) return body;
  const headers = (body as { headers: unknown }).headers;
  if (typeof headers !== "object" || headers === null) return body;
  const strings = Object.fromEntries(
    Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
  return { ...body, headers: parserHeaders(strings) };
}

const BINDING: Record<
  QueueName,
  keyof Pick<Env, "INBOUND_QUEUE" | "OUTBOUND_QUEUE" | "JOBS_QUEUE"> | null
> = {
  "edgedesk-inbound": "INBOUND_QUEUE",
  "edgedesk-outbound": "OUTBOUND_QUEUE",
  "edgedesk-jobs": "JOBS_QUEUE",
  "edgedesk-dlq": null,
};

export async function replayDeadLetter(db: Db, env: Env, tenantId: string, id: string) {
  const row = await db.query.deadLetters.findFirst({
    where: inTenant(deadLetters, tenantId, eq(deadLetters.id, id)),
  });
  if (!row) throw new ApiError("NOT_FOUND", "No such dead letter.");
  if (row.replayedAt) throw new ApiError("INVALID_STATE", "This dead letter was already replayed.");
  const binding = BINDING[row.queue as QueueName];
  if (!binding)
    throw new ApiError("INVALID_STATE", `Messages from ${row.queue} cannot be replayed.`);
  await env[binding].send(row.body, { contentType: "json" });
  const [updated] = await db
    .update(deadLetters)
    .set({ replayedAt: Date.now() })
    .where(inTenant(deadLetters, tenantId, eq(deadLetters.id, id)))
    .returning();
  const { tenantId: _t, ...rest } = updated;
  return rest;
}
