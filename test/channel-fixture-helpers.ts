/**
 * Helpers for driving the real channel fixtures through the product: connect a channel with the API,
 * post a fixture's exact bytes (signed the way its platform signs) to the webhook route while catching
 * what the route queues, then feed those queue messages to the inbound consumer in a chosen order.
 */
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { fixtureBytes } from "../workers/channels/testing/fixtures";
import { hmacSha256, toBase64, toHex } from "../workers/lib/crypto";
import type { ChannelType } from "../workers/db/schema";
import type { Message } from "../workers/wire/socket";
import { readMessages, runConsumer } from "./engine-helpers";
import { BASE, type Caller } from "./helpers";
import { exports } from "cloudflare:workers";

/**
 * Connects through the API with the platform unreachable (the channel is stored "not verified yet"):
 * these tests are about webhooks and sends, and the platform mocks a test installs for those must not
 * see the credentials check (test/channel-connect.test.ts covers it).
 */
/**
 * Runs `fn` with every platform unreachable (connecting checks the credentials with the platform):
 * the channel is stored as not verified yet, and nothing leaves the test. Whatever fetch mock is
 * installed comes back afterwards.
 */
export async function platformsUnreachable<T>(fn: () => Promise<T>): Promise<T> {
  const installed = globalThis.fetch;
  globalThis.fetch = (async () => {
    throw new TypeError("the platform is not reachable while connecting in tests");
  }) as typeof fetch;
  try {
    return await fn();
  } finally {
    globalThis.fetch = installed;
  }
}

export async function connectChannel(
  owner: Caller,
  type: ChannelType,
  credentials: Record<string, unknown>,
): Promise<{ id: string; verifyToken: string }> {
  const res = await platformsUnreachable(() =>
    exports.default.fetch(
      new Request(`${BASE}/api/channels`, {
        method: "POST",
        headers: { cookie: owner.cookie, "content-type": "application/json" },
        body: JSON.stringify({ type, name: `${type} fixtures`, credentials }),
      }),
    ),
  );
  expect(res.status).toBe(201);
  const body = (await res.json()) as { channel: { id: string }; verifyToken: string };
  return { id: body.channel.id, verifyToken: body.verifyToken };
}

/** The platform's signature headers over the exact bytes. */
export async function platformHeaders(
  type: ChannelType,
  secret: string,
  bytes: Uint8Array,
): Promise<Record<string, string>> {
  const raw = new Uint8Array(bytes);
  if (type === "whatsapp" || type === "messenger" || type === "instagram")
    return { "x-hub-signature-256": `sha256=${toHex(await hmacSha256(secret, raw))}` };
  if (type === "line") return { "x-line-signature": toBase64(await hmacSha256(secret, raw)) };
  if (type === "telegram") return { "x-telegram-bot-api-secret-token": secret };
  return {};
}

export function postRaw(
  type: string,
  channelId: string,
  raw: Uint8Array,
  headers: Record<string, string>,
): Promise<Response> {
  return exports.default.fetch(
    new Request(`${BASE}/webhooks/${type}/${channelId}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: new Uint8Array(raw),
    }),
  );
}

/** Catches what the webhook route queues (instead of the local queue delivering it on its own schedule). */
export function catchInbound(): { queued: unknown[]; restore: () => void } {
  const queued: unknown[] = [];
  const spy = vi.spyOn(env.INBOUND_QUEUE, "send").mockImplementation(async (body: unknown) => {
    queued.push(body);
    return undefined as never;
  });
  return { queued, restore: () => spy.mockRestore() };
}

/** Posts each fixture signed with `secret`; returns the queued body per fixture path. */
export async function postFixtures(
  type: ChannelType,
  channelId: string,
  secret: string,
  paths: string[],
): Promise<Map<string, unknown>> {
  const caught = catchInbound();
  const out = new Map<string, unknown>();
  try {
    for (const path of paths) {
      const raw = fixtureBytes(path);
      const res = await postRaw(type, channelId, raw, await platformHeaders(type, secret, raw));
      expect(res.status, path).toBe(200);
      expect(caught.queued, path).toHaveLength(out.size + 1);
      out.set(path, caught.queued.at(-1));
    }
  } finally {
    caught.restore();
  }
  return out;
}

/** Runs the inbound consumer on each body in turn (one batch each, so the order is the one given). */
export async function consumeInOrder(bodies: unknown[]): Promise<void> {
  for (const [i, body] of bodies.entries()) {
    const res = await runConsumer("edgedesk-inbound", [
      { id: `fx-${i}-${crypto.randomUUID()}`, body },
    ]);
    expect(res.retryMessages, `body #${i} was retried`).toHaveLength(0);
    expect(res.explicitAcks, `body #${i} was not acked`).toHaveLength(1);
  }
}

export async function conversationOf(
  channelId: string,
  externalUserId: string,
): Promise<string | null> {
  const row = await env.DB.prepare(
    "SELECT conversation_id AS id FROM contact_identities WHERE channel_id = ? AND external_id = ?",
  )
    .bind(channelId, externalUserId)
    .first<{ id: string | null }>();
  return row?.id ?? null;
}

export async function shopperMessages(
  owner: Caller,
  channelId: string,
  externalUserId: string,
): Promise<Message[]> {
  const id = await conversationOf(channelId, externalUserId);
  expect(id, `conversation for ${externalUserId}`).toBeTruthy();
  return (await readMessages(owner.cookie, id!)).filter((m) => m.author.type === "shopper");
}

export async function deadLetters(tenantId: string): Promise<{ error: string }[]> {
  return (
    await env.DB.prepare("SELECT error FROM dead_letters WHERE tenant_id = ?")
      .bind(tenantId)
      .all<{ error: string }>()
  ).results;
}

/** One pixel of PNG: what the mocked platforms serve as media. */
export const PNG_BYTES = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

/**
 * The platforms' media endpoints at the fetch boundary: WhatsApp's two-step Graph lookup, Telegram's
 * getFile + file download, LINE's content API and Meta's CDN links. Other requests fall through to
 * `rest` (the outbound tests' own mocks). Returns the URLs asked for.
 */
export function mockPlatformMedia(
  opts: { size?: number; rest?: (url: string, init?: RequestInit) => Promise<Response> } = {},
): string[] {
  const asked: string[] = [];
  const bytes = opts.size ? new Uint8Array(opts.size) : PNG_BYTES;
  const body = () =>
    new Response(bytes.slice(), {
      headers: { "content-type": "image/jpeg", "content-length": String(bytes.byteLength) },
    });
  vi.spyOn(globalThis, "fetch").mockImplementation(
    async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      const u = new URL(url);
      if (u.hostname === "graph.facebook.com" && init?.method === "GET") {
        asked.push(url);
        return Response.json({
          url: `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${u.pathname.split("/").pop()}`,
          mime_type: "image/jpeg",
          file_size: bytes.byteLength,
          id: u.pathname.split("/").pop(),
        });
      }
      if (
        u.hostname === "lookaside.fbsbx.com" ||
        u.hostname === "api-data.line.me" ||
        u.hostname.endsWith("fbcdn.net") ||
        u.hostname.endsWith("fbsbx.com")
      ) {
        asked.push(url);
        return body();
      }
      if (u.hostname === "api.telegram.org" && u.pathname.endsWith("/getFile")) {
        asked.push(url);
        return Response.json({
          ok: true,
          result: {
            file_id: u.searchParams.get("file_id"),
            file_path: "photos/file_1.jpg",
            file_size: bytes.byteLength,
          },
        });
      }
      if (u.hostname === "api.telegram.org" && u.pathname.startsWith("/file/")) {
        asked.push(url);
        return body();
      }
      if (opts.rest) return opts.rest(url, init);
      asked.push(url);
      return new Response("not found", { status: 404 });
    },
  );
  return asked;
}
