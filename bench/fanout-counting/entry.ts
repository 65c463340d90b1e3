/**
 * Bench-only entry for `npm run bench -- fanout --count`: the real Worker and Durable Objects, with
 * their bindings wrapped to count, at the binding, the D1 statements, queue messages and Durable Object
 * calls the platform makes. `GET /__bench/counts` returns the totals (and `?reset` zeroes them);
 * `delivered` and `handled` count queue messages at the start and the end of their consumer's run
 * (`handled` whether they succeeded or were retried); `redelivered` those on a second or later attempt.
 * `d1_hot` counts again the D1 statements made while a conversation object handles a socket frame
 * (a shopper's or agent's message, and whatever that handler awaits or leaves running): the hot path.
 * Alarms, queue consumers and RPC calls into the objects are not in it.
 * Never deployed: wrangler.toml's entry stays workers/index.ts.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import worker, {
  ConversationDO as RealConversation,
  InboxDO as RealInbox,
  TenantShardDO as RealShard,
  WidgetIntake as RealIntake,
} from "../../workers/index";

type Tally = Record<string, number>;
const counts = {
  d1: {} as Tally,
  d1_hot: {} as Tally,
  queues: {} as Tally,
  delivered: {} as Tally,
  handled: {} as Tally,
  /** Queue messages delivered again after a failed attempt (their consumer called `retry()` or threw). */
  redelivered: {} as Tally,
  objects: {} as Tally,
};
const add = (t: Tally, k: string, n = 1) => void (t[k] = (t[k] ?? 0) + n);
/** Set while a conversation object handles a socket frame; async work it starts inherits it. */
const hotPath = new AsyncLocalStorage<true>();
const addD1 = (k: string, n = 1) => {
  add(counts.d1, k, n);
  if (hotPath.getStore()) add(counts.d1_hot, k, n);
};

/** Proxies keep the runtime's objects as `this` (their methods use private fields); this maps back. */
const unwrap = new WeakMap<object, object>();
function wrap<T extends object>(target: T, get: (t: T, p: string | symbol) => unknown): T {
  const p = new Proxy(target, {
    get: (t, prop) => {
      const v = get(t, prop);
      if (v !== undefined) return v;
      const r = Reflect.get(t, prop, t);
      return typeof r === "function" ? r.bind(t) : r;
    },
  });
  unwrap.set(p, target);
  return p;
}

function statement(s: D1PreparedStatement, kind: string): D1PreparedStatement {
  return wrap(s, (t, p) => {
    if (p === "bind") return (...a: unknown[]) => statement(t.bind(...a), kind);
    if (p === "run" || p === "all" || p === "first" || p === "raw")
      return (...a: unknown[]) => (addD1(kind), (t[p] as (...x: unknown[]) => unknown)(...a));
    return undefined;
  });
}

function database(db: D1Database, name: string): D1Database {
  return wrap(db, (t, p) => {
    if (p === "prepare")
      return (sql: string) =>
        statement(
          t.prepare(sql),
          /^\s*(select|with)\b/i.test(sql) ? `${name}.read` : `${name}.write`,
        );
    if (p === "batch")
      return (stmts: D1PreparedStatement[]) => (
        addD1(`${name}.batch`),
        addD1(`${name}.batched_statements`, stmts.length),
        t.batch(stmts.map((s) => (unwrap.get(s) ?? s) as D1PreparedStatement))
      );
    if (p === "withSession")
      return (...a: unknown[]) =>
        database((t.withSession as unknown as (...x: unknown[]) => D1Database)(...a), name);
    return undefined;
  });
}

function queue(q: Queue, name: string): Queue {
  return wrap(q, (t, p) => {
    if (p === "send")
      return (body: unknown, o?: QueueSendOptions) => (add(counts.queues, name), t.send(body, o));
    if (p === "sendBatch")
      return (msgs: Iterable<MessageSendRequest>, o?: QueueSendBatchOptions) => {
        const list = [...msgs];
        add(counts.queues, name, list.length);
        return t.sendBatch(list, o);
      };
    return undefined;
  });
}

function stub(s: object, name: string): object {
  return wrap(s, (t, p) => {
    if (typeof p !== "string" || p === "then" || p === "id" || p === "name") return undefined;
    const f = Reflect.get(t, p, t) as unknown;
    if (typeof f !== "function") return undefined;
    // Reflect.apply: on an RPC stub, `f.apply` would itself be a remote method name.
    return (...a: unknown[]) => (
      add(counts.objects, `${name}.${p}`), Reflect.apply(f as (...x: unknown[]) => unknown, t, a)
    );
  });
}

function namespace<T extends Rpc.DurableObjectBranded | undefined>(
  ns: DurableObjectNamespace<T>,
  name: string,
): DurableObjectNamespace<T> {
  return wrap(ns, (t, p) => {
    if (p === "get")
      return (...a: Parameters<DurableObjectNamespace<T>["get"]>) => stub(t.get(...a), name);
    if (p === "getByName")
      return (...a: unknown[]) => stub((t.getByName as (...x: unknown[]) => object)(...a), name);
    return undefined;
  });
}

const seen = new WeakMap<object, Env>();
function counted(env: Env): Env {
  let out = seen.get(env);
  if (!out) {
    out = {
      ...env,
      DB: database(env.DB, "DB"),
      INBOUND_QUEUE: queue(env.INBOUND_QUEUE, "inbound"),
      OUTBOUND_QUEUE: queue(env.OUTBOUND_QUEUE, "outbound"),
      JOBS_QUEUE: queue(env.JOBS_QUEUE, "jobs"),
      CONVERSATION: namespace(env.CONVERSATION, "ConversationDO"),
      INBOX: namespace(env.INBOX, "InboxDO"),
      TENANT_SHARD: namespace(env.TENANT_SHARD, "TenantShardDO"),
    } satisfies Env;
    seen.set(env, out);
  }
  return out;
}

export class ConversationDO extends RealConversation {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, counted(env));
  }
  override webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    return hotPath.run(true, () => super.webSocketMessage(ws, data));
  }
}
export class InboxDO extends RealInbox {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, counted(env));
  }
}
export class TenantShardDO extends RealShard {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, counted(env));
  }
}
export class WidgetIntake extends RealIntake {
  constructor(ctx: ExecutionContext, env: Env) {
    super(ctx, counted(env));
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/__bench/counts") {
      const body = JSON.stringify(counts);
      if (url.searchParams.has("reset"))
        for (const t of Object.values(counts)) for (const k of Object.keys(t)) delete t[k];
      return new Response(body, { headers: { "content-type": "application/json" } });
    }
    return worker.fetch(request, counted(env), ctx);
  },
  async queue(batch, env) {
    add(counts.delivered, batch.queue, batch.messages.length);
    add(counts.redelivered, batch.queue, batch.messages.filter((m) => m.attempts > 1).length);
    await worker.queue(batch, counted(env));
    add(counts.handled, batch.queue, batch.messages.length);
  },
  async email(message, env) {
    await worker.email(message, counted(env));
  },
  async scheduled(controller, env, ctx) {
    await worker.scheduled(controller, counted(env), ctx);
  },
} satisfies ExportedHandler<Env>;
