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

export async function connectChannel(owner: Caller, type: ChannelType, credentials: Record<string, unknown>): Promise<{ id: string; verifyToken: string }> {
  const res = await exports.default.fetch(
    new Request(`${BASE}/api/channels`, { method: "POST", headers: { cookie: owner.cookie, "content-type": "application/json" }, body: JSON.stringify({ type, name: `${type} fixtures`, credentials }) }),
  );
  expect(res.status).toBe(201);
  const body = (await res.json()) as { channel: { id: string }; verifyToken: string };
  return { id: body.channel.id, verifyToken: body.verifyToken };
}

/** The platform's signature headers over the exact bytes. */
export async function platformHeaders(type: ChannelType, secret: string, bytes: Uint8Array): Promise<Record<string, string>> {
  const raw = new Uint8Array(bytes);
  if (type === "whatsapp" || type === "messenger" || type === "instagram") return { "x-hub-signature-256": `sha256=${toHex(await hmacSha256(secret, raw))}` };
  if (type === "line") return { "x-line-signature": toBase64(await hmacSha256(secret, raw)) };
  if (type === "telegram") return { "x-telegram-bot-api-secret-token": secret };
  return {};
}

export function postRaw(type: ChannelType, channelId: string, raw: Uint8Array, headers: Record<string, string>): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}/webhooks/${type}/${channelId}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: new Uint8Array(raw) }));
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
export async function postFixtures(type: ChannelType, channelId: string, secret: string, paths: string[]): Promise<Map<string, unknown>> {
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
    const res = await runConsumer("edgedesk-inbound", [{ id: `fx-${i}-${crypto.randomUUID()}`, body }]);
    expect(res.retryMessages, `body #${i} was retried`).toHaveLength(0);
    expect(res.explicitAcks, `body #${i} was not acked`).toHaveLength(1);
  }
}

export async function conversationOf(channelId: string, externalUserId: string): Promise<string | null> {
  const row = await env.DB.prepare("SELECT conversation_id AS id FROM contact_identities WHERE channel_id = ? AND external_id = ?").bind(channelId, externalUserId).first<{ id: string | null }>();
  return row?.id ?? null;
}

export async function shopperMessages(owner: Caller, channelId: string, externalUserId: string): Promise<Message[]> {
  const id = await conversationOf(channelId, externalUserId);
  expect(id, `conversation for ${externalUserId}`).toBeTruthy();
  return (await readMessages(owner.cookie, id!)).filter((m) => m.author.type === "shopper");
}

export async function deadLetters(tenantId: string): Promise<{ error: string }[]> {
  return (await env.DB.prepare("SELECT error FROM dead_letters WHERE tenant_id = ?").bind(tenantId).all<{ error: string }>()).results;
}
