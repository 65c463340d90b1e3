/**
 * Channel webhooks. Verify against the connection's secrets (the adapter's scheme, over the exact
 * bytes), enqueue the raw body, answer at once; parsing happens in the inbound consumer. An unknown
 * connection is a 404 and a bad signature a 401 — in both cases nothing is queued.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { ChannelAdapter } from "../channels/adapter";
import { formatOf, verifyRequest, type WebhookRequest } from "../channels/connection";
import { adapterFor } from "../channels/registry";
import { ApiError } from "../lib/errors";
import { readLimited } from "../lib/read-limited";
import { createRouter, errorResponses, jsonOk } from "../lib/router";
import { loadChannel, type ChannelRecord } from "../services/channel-lookup";
import { enqueueRaw } from "../services/inbound-enqueue";
import { WEBHOOK_BODY_LIMIT } from "../wire/queue";

const tags = ["Webhooks"];
const Params = z.object({
  channel: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: "channel", in: "path" } }),
  connectionId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "connectionId", in: "path" } }),
});

/** Every header, for verification; what gets queued is cut down to the parsers' allow-list in `enqueueRaw`. */
function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  req.headers.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

/** The connection and its adapter; a channel type the registry does not know is a 404 like an unknown connection. */
async function connection(
  c: Context<AppEnv>,
  type: string,
  id: string,
): Promise<{ channel: ChannelRecord; adapter: ChannelAdapter }> {
  const adapter = adapterFor(type);
  if (!adapter) throw new ApiError("CHANNEL_NOT_FOUND", `No channel type ${type}.`);
  const channel = await loadChannel(c.get("db"), c.env, id);
  if (!channel || channel.type !== type || channel.status !== "active")
    throw new ApiError("CHANNEL_NOT_FOUND", "No active connection with this id.");
  return { channel, adapter };
}

const tooLarge = () =>
  new ApiError("PAYLOAD_TOO_LARGE", `Webhook bodies are limited to ${WEBHOOK_BODY_LIMIT} bytes.`);

/** A chunked request declares no length: reading stops as soon as the body passes the limit. */
async function readBody(req: Request): Promise<Uint8Array> {
  if (Number(req.headers.get("content-length") ?? 0) > WEBHOOK_BODY_LIMIT) throw tooLarge();
  const raw = await readLimited(req.body, WEBHOOK_BODY_LIMIT);
  if (!raw) throw tooLarge();
  return raw;
}

export const webhookRoutes = createRouter()
  .openapi(
    createRoute({
      method: "post",
      path: "/{channel}/{connectionId}",
      tags,
      summary: "Receive a channel's webhook",
      description:
        "Verified with the connection's secret over the exact body bytes, then queued; answers 200 within milliseconds. Besides the platform's own format, Edgedesk-format events (one normalised event or an array of them) are accepted when signed `x-edgedesk-signature: sha256=<hex HMAC-SHA256(events secret, body)>` with the connection's events secret (never its verify token). Bodies over 5 MB are refused with a 413 as soon as they pass the limit.",
      request: { params: Params },
      responses: {
        200: jsonOk(z.object({ ok: z.literal(true) })),
        401: errorResponses[401],
        404: errorResponses[404],
        413: errorResponses[422],
      },
    }),
    async (c) => {
      const { channel: type, connectionId } = c.req.valid("param");
      const { channel, adapter } = await connection(c, type, connectionId);
      const rawBody = await readBody(c.req.raw);
      const req: WebhookRequest = {
        method: "POST",
        url: new URL(c.req.url),
        headers: headersOf(c.req.raw),
        rawBody,
      };
      const format = formatOf(adapter, req.headers);
      // A platform whose bodies never come over HTTP (mail) has no secret to check them with.
      const refused = format === "platform" && adapter.httpWebhook === false;
      if (refused || !(await verifyRequest(adapter, req, channel, format)))
        throw new ApiError("INVALID_SIGNATURE", "The webhook signature does not match.");
      await enqueueRaw(c.env, channel, rawBody, req.headers, format);
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{channel}/{connectionId}",
      tags,
      summary: "Answer a channel's verification handshake",
      request: { params: Params },
      responses: {
        200: { description: "The handshake answer the platform expects" },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { channel: type, connectionId } = c.req.valid("param");
      const { channel, adapter } = await connection(c, type, connectionId);
      const answer = adapter.handshake?.(new URL(c.req.url), channel.verifyToken);
      if (!answer) throw new ApiError("NOT_FOUND", "This channel has no handshake.");
      return answer;
    },
  );
