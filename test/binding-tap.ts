/**
 * Counts, at the bindings of every ConversationDO in the test isolate, the D1 index writes and the jobs
 * it sends, per conversation. The test entry (`test/worker.ts`) wraps the objects' env with this; a test
 * reads the counts of its own conversation.
 */
const INDEX_WRITE = /^UPDATE conversations SET status = /;

const indexWrites = new Map<string, number>();
const jobs: { conversationId: string; body: Record<string, unknown>; indexWrites: number }[] = [];

/** D1 batches that held this conversation's index UPDATE, so far. */
export function indexWritesOf(conversationId: string): number {
  return indexWrites.get(conversationId) ?? 0;
}

/** Jobs-queue messages the conversation's object sent so far, in order, each with the index writes made before it. */
export function jobsOf(
  conversationId: string,
): { body: Record<string, unknown>; indexWrites: number }[] {
  return jobs.filter((j) => j.conversationId === conversationId);
}

function tapDb(real: D1Database): D1Database {
  // The conversation id of each bound index statement (bound as the second-last parameter).
  const tagged = new WeakMap<D1PreparedStatement, string>();
  const db: D1Database = {
    prepare(query) {
      const statement = real.prepare(query);
      if (!INDEX_WRITE.test(query)) return statement;
      const bind = statement.bind.bind(statement);
      statement.bind = (...values: unknown[]) => {
        const bound = bind(...values);
        tagged.set(bound, String(values[values.length - 2]));
        return bound;
      };
      return statement;
    },
    async batch<T>(statements: D1PreparedStatement[]) {
      const results = await real.batch<T>(statements);
      for (const s of statements) {
        const id = tagged.get(s);
        if (id) indexWrites.set(id, indexWritesOf(id) + 1);
      }
      return results;
    },
    exec: (query) => real.exec(query),
    dump: () => real.dump(),
    withSession: (constraint) => real.withSession(constraint),
  };
  return db;
}

function record(body: unknown): void {
  const b = body as Record<string, unknown>;
  const conversationId = String(b.conversationId ?? "");
  jobs.push({ conversationId, body: b, indexWrites: indexWritesOf(conversationId) });
}

function tapQueue(real: Queue): Queue {
  return {
    metrics: () => real.metrics(),
    send(body, options) {
      return real.send(body, options).then((r) => {
        record(body);
        return r;
      });
    },
    sendBatch(messages, options) {
      const list = [...messages];
      return real.sendBatch(list, options).then((r) => {
        for (const m of list) record(m.body);
        return r;
      });
    },
  };
}

/** The env a test ConversationDO runs with: the real bindings, the D1 and jobs queue counted. */
export function tapBindings(env: Env): Env {
  return { ...env, DB: tapDb(env.DB), JOBS_QUEUE: tapQueue(env.JOBS_QUEUE) };
}
