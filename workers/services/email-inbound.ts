/**
 * The Worker's email() entry: Cloudflare Email Routing hands over one message per call. The
 * recipient address names the tenant's email channel; the raw MIME is queued like a webhook body
 * (with the envelope as `x-envelope-from`/`x-envelope-to`) and parsed by the inbound consumer.
 */
import { and, eq, sql } from "drizzle-orm";
import { ENVELOPE_FROM_HEADER, ENVELOPE_TO_HEADER } from "../channels/email";
import { verifyRequest } from "../channels/connection";
import { emailAdapter } from "../channels/email";
import { getDb } from "../db/client";
import { channels } from "../db/schema";
import { log } from "../lib/log";
import { WEBHOOK_BODY_LIMIT } from "../wire/queue";
import { loadChannel } from "./channel-lookup";
import { enqueueRaw } from "./inbound-enqueue";

export type InboundEmail = Pick<
  ForwardableEmailMessage,
  "from" | "to" | "raw" | "rawSize" | "setReject"
>;

export type EmailOutcome =
  | { ok: true; channelId: string }
  | { ok: false; reason: "unknown_recipient" | "too_large" };

export async function receiveEmail(message: InboundEmail, env: Env): Promise<EmailOutcome> {
  const to = message.to.trim().toLowerCase();
  if (message.rawSize > WEBHOOK_BODY_LIMIT) {
    message.setReject(`Messages are limited to ${WEBHOOK_BODY_LIMIT} bytes.`);
    return { ok: false, reason: "too_large" };
  }
  const db = getDb(env.DB);
  const row = await db.query.channels.findFirst({
    columns: { id: true },
    where: and(
      eq(channels.type, "email"),
      eq(channels.status, "active"),
      sql`json_extract(${channels.config}, '$.address') = ${to}`,
    ),
  });
  const channel = row ? await loadChannel(db, env, row.id) : null;
  const headers = { [ENVELOPE_FROM_HEADER]: message.from, [ENVELOPE_TO_HEADER]: to };
  const raw = new Uint8Array(await new Response(message.raw).arrayBuffer());
  const verified =
    channel?.status === "active" &&
    (await verifyRequest(
      emailAdapter,
      { method: "POST", url: new URL("email:inbound"), headers, rawBody: raw },
      channel,
      "platform",
    ));
  if (!channel || !verified) {
    log("info", "email for an unknown address", { to });
    message.setReject("No inbox at this address.");
    return { ok: false, reason: "unknown_recipient" };
  }
  await enqueueRaw(env, channel, raw, headers);
  return { ok: true, channelId: channel.channelId };
}
