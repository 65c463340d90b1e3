/** Helpers for the conversation-engine tests: sockets, widget sessions, signed webhooks, polling. */
import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runInDurableObject,
} from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import worker from "../workers/index";
import { expect } from "vitest";
import type { Message, ServerFrame } from "../workers/wire/socket";
import type { InboxServerFrame } from "../workers/wire/inbox";
import { decryptJson, encryptJson, hmacSha256, randomToken, toHex } from "../workers/lib/crypto";
import { newId } from "../workers/lib/ids";
import type { ChannelType } from "../workers/db/schema";
import { withEventSecret } from "../workers/channels/credentials";
import { BASE, call, type Caller } from "./helpers";

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface TestSocket<F> {
  ws: WebSocket;
  frames: F[];
  closed: { code: number; reason: string } | null;
  next(pred: (f: F) => boolean, what?: string, timeoutMs?: number): Promise<F>;
  send(frame: unknown): void;
  close(): void;
}

export async function openSocket<F = ServerFrame>(
  path: string,
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<TestSocket<F>> {
  const res = await exports.default.fetch(
    new Request(`${BASE}${path}`, {
      headers: { upgrade: "websocket", ...headers, ...(cookie ? { cookie } : {}) },
    }),
  );
  if (res.status !== 101 || !res.webSocket)
    throw new Error(`socket upgrade failed: ${res.status} ${await res.text()}`);
  const ws = res.webSocket;
  ws.accept();
  const sock: TestSocket<F> = {
    ws,
    frames: [],
    closed: null,
    async next(pred, what = "frame", timeoutMs = 8000) {
      return waitFor(() => sock.frames.find(pred), what, timeoutMs);
    },
    send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
    close: () => ws.close(1000, "done"),
  };
  ws.addEventListener("message", (e) => {
    sock.frames.push(JSON.parse(String(e.data)) as F);
  });
  ws.addEventListener("close", (e) => {
    sock.closed = { code: e.code, reason: e.reason };
  });
  return sock;
}

export const openInbox = (cookie: string) => openSocket<InboxServerFrame>("/ws/inbox", cookie);

export const messagesOf = (frames: ServerFrame[]): Message[] =>
  frames.flatMap((f) => (f.type === "message" ? [f.message] : []));

export async function widgetSession(
  owner: Pick<Caller, "publicKey">,
  extra: Record<string, unknown> = {},
): Promise<{ visitorToken: string; conversationId: string | null }> {
  const res = await call("POST", "/api/widget/session", {
    body: { publicKey: owner.publicKey, ...extra },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { visitorToken: string; conversationId: string | null };
}

export async function widgetChannel(
  tenantId: string,
): Promise<{ id: string; identitySecret: string }> {
  const row = await env.DB.prepare(
    "SELECT id, credentials_enc FROM channels WHERE tenant_id = ? AND type = 'widget'",
  )
    .bind(tenantId)
    .first<{ id: string; credentials_enc: string }>();
  const creds = await decryptJson<{ identitySecret: string }>(
    env.ENCRYPTION_KEY,
    row!.credentials_enc,
  );
  return { id: row!.id, identitySecret: creds.identitySecret };
}

/**
 * A connection of another channel type with no platform credentials, fed with Edgedesk-format events
 * signed with its events secret (`postWebhook(type, id, eventSecret, event)`).
 */
export async function addChannel(
  tenantId: string,
  type: ChannelType,
  status: "active" | "disabled" = "active",
): Promise<{ id: string; verifyToken: string; eventSecret: string }> {
  const id = newId("chn");
  const verifyToken = randomToken(16);
  const eventSecret = randomToken(32);
  await env.DB.prepare(
    "INSERT INTO channels (id, tenant_id, type, name, status, credentials_enc, verify_token) VALUES (?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(
      id,
      tenantId,
      type,
      `${type} test`,
      status,
      await encryptJson(env.ENCRYPTION_KEY, withEventSecret({}, eventSecret)),
      verifyToken,
    )
    .run();
  return { id, verifyToken, eventSecret };
}

export async function signed(secret: string, body: string): Promise<string> {
  return `sha256=${toHex(await hmacSha256(secret, body))}`;
}

export async function postWebhook(
  type: string,
  channelId: string,
  secret: string,
  body: unknown,
  opts: { badSignature?: boolean } = {},
): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const signature = opts.badSignature ? `sha256=${"0".repeat(64)}` : await signed(secret, raw);
  return call("POST", `/webhooks/${type}/${channelId}`, {
    rawBody: raw,
    headers: { "content-type": "application/json", "x-edgedesk-signature": signature },
  });
}

/** A normalised message event as the pass-through adapter accepts it. */
export function messageEvent(
  channel: ChannelType,
  user: string,
  id: string,
  text: string,
  timestamp = Date.now(),
) {
  return {
    kind: "message",
    channel,
    externalUserId: user,
    externalMessageId: id,
    timestamp,
    contact: { name: `Shopper ${user}` },
    message: { type: "text", text },
  };
}

export async function conversationRows(
  tenantId: string,
): Promise<{ id: string; status: string; message_count: number; assignee_id: string | null }[]> {
  const rows = await env.DB.prepare(
    "SELECT id, status, message_count, assignee_id FROM conversations WHERE tenant_id = ? ORDER BY created_at",
  )
    .bind(tenantId)
    .all<{ id: string; status: string; message_count: number; assignee_id: string | null }>();
  return rows.results;
}

export async function readMessages(
  cookie: string,
  conversationId: string,
  query = "limit=200&after=0",
): Promise<Message[]> {
  const res = await call("GET", `/api/conversations/${conversationId}/messages?${query}`, {
    cookie,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: Message[] }).messages;
}

export const clientId = () => `c-${crypto.randomUUID()}`;

/** Runs the Worker's queue handler on a hand-made batch (bypassing the real queue). */
export async function runConsumer(
  queue: string,
  messages: { id: string; body: unknown; attempts?: number }[],
) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({
      id: m.id,
      timestamp: new Date(),
      attempts: m.attempts ?? 1,
      body: m.body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

/** Delivers shopper messages on a channel as the inbound consumer would; returns the conversation id. */
export async function inbound(
  tenantId: string,
  channel: { id: string },
  type: ChannelType,
  user: string,
  texts: string[],
  extra: { language?: string } = {},
): Promise<string> {
  const t = Date.now();
  const messages = texts.map((text, i) => {
    const event = messageEvent(type, user, `${user}-${t}-${i}`, text, t + i);
    return {
      id: `${user}-${t}-${i}`,
      body: {
        v: 1,
        kind: "event",
        tenantId,
        channelId: channel.id,
        channelType: type,
        event: {
          ...event,
          contact: { ...event.contact, ...(extra.language ? { language: extra.language } : {}) },
        },
      },
    };
  });
  const res = await runConsumer("edgedesk-inbound", messages);
  if (res.explicitAcks.length !== messages.length) throw new Error("inbound batch not fully acked");
  const row = await env.DB.prepare(
    "SELECT ci.conversation_id AS id FROM contact_identities ci WHERE ci.channel_id = ? AND ci.external_id = ?",
  )
    .bind(channel.id, user)
    .first<{ id: string }>();
  return row!.id;
}

/** Rows of a statement run on the tenant's shard object's SQLite (its search tables: search_docs, search_fts). */
export async function shardRows<T>(
  tenantId: string,
  query: string,
  ...args: string[]
): Promise<T[]> {
  const stub = env.TENANT_SHARD.get(env.TENANT_SHARD.idFromName(tenantId));
  return runInDurableObject(stub, (_o, state) =>
    state.storage.sql.exec(query, ...args).toArray(),
  ) as Promise<T[]>;
}

/** Messages of a conversation in its tenant's search index. */
export const searchIndexed = async (tenantId: string, conversationId: string): Promise<number> =>
  (
    await shardRows<{ n: number }>(
      tenantId,
      "SELECT count(*) AS n FROM search_docs WHERE conversation_id = ?",
      conversationId,
    )
  )[0].n;

/**
 * A new widget visitor of `owner` sends `text` and waits for the AI's reply frame; also returns the
 * conversation's id and the AI's line as the console reads it.
 */
export async function askWidget(owner: Caller, text: string) {
  const { visitorToken } = await widgetSession(owner);
  const sock = await openSocket(`/ws/widget?token=${visitorToken}`);
  await sock.next((f) => f.type === "ready");
  sock.send({ type: "message", clientId: clientId(), text });
  const frame = await sock.next(
    (f) => f.type === "message" && f.message.author.type === "ai",
    "AI reply",
  );
  const conversationId = (await waitFor(
    async () => (await widgetSession(owner, { visitorToken })).conversationId,
    "conversation id",
  ))!;
  const line = (await readMessages(owner.cookie, conversationId)).find(
    (m) => m.author.type === "ai",
  );
  return {
    reply: (frame as Extract<ServerFrame, { type: "message" }>).message,
    conversationId,
    line,
  };
}
