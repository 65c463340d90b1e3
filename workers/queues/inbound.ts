/**
 * Inbound consumer: raw webhooks and normalised events → conversations. Messages for one shopper are
 * applied in order (one lane per channel user, sorted by the platform's timestamp); lanes run side by
 * side. A body that can never succeed is dead-lettered at once; a failure that may pass (D1, a DO
 * restart) is retried with backoff, and so is everything after it in its lane, to keep the order.
 */
import { parseInbound } from "../channels/gateway";
import { getDb, type Db } from "../db/client";
import { fromBase64 } from "../lib/crypto";
import { log } from "../lib/log";
import { deadLetter } from "../services/dead-letters";
import { routeEvent } from "../services/conversations";
import { InboundMessage, QUEUES, type NormalizedEvent } from "../wire/queue";

const LANES_AT_ONCE = 8;

export function backoffSeconds(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 300);
}

interface Work {
  msg: Message<unknown>;
  body: InboundMessage;
  events: NormalizedEvent[];
}

async function decode(env: Env, db: Db, msg: Message<unknown>): Promise<Work | null> {
  const parsed = InboundMessage.safeParse(msg.body);
  if (!parsed.success) {
    await deadLetter(db, { messageId: msg.id, queue: QUEUES.inbound, body: msg.body, error: `malformed queue message: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, attempts: msg.attempts });
    msg.ack();
    return null;
  }
  const body = parsed.data;
  if (body.kind === "event") return { msg, body, events: [body.event] };
  let raw: Uint8Array;
  if (body.rawBodyKey) {
    const obj = await env.MEDIA.get(body.rawBodyKey);
    if (!obj) throw new Error(`stored webhook body ${body.rawBodyKey} is missing`);
    raw = new Uint8Array(await obj.arrayBuffer());
  } else {
    raw = fromBase64(body.rawBody ?? "");
  }
  try {
    return { msg, body, events: await parseInbound(body.channelType, raw, body.headers) };
  } catch (err) {
    await deadLetter(db, { messageId: msg.id, queue: QUEUES.inbound, body: msg.body, error: `unparseable ${body.channelType} webhook: ${String(err).slice(0, 500)}`, attempts: msg.attempts });
    msg.ack();
    return null;
  }
}

const laneOf = (w: Work) => {
  const e = w.events[0];
  return `${w.body.channelId}:${e && "externalUserId" in e ? e.externalUserId : ""}`;
};
const timeOf = (w: Work) => w.events[0]?.timestamp ?? 0;

export async function handleInbound(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = getDb(env.DB);
  const lanes = new Map<string, Work[]>();
  for (const msg of batch.messages) {
    let work: Work | null;
    try {
      work = await decode(env, db, msg);
    } catch (err) {
      log("warn", "inbound decode failed", { messageId: msg.id, error: String(err) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
      continue;
    }
    if (!work) continue;
    if (!work.events.length) {
      msg.ack();
      continue;
    }
    const key = laneOf(work);
    lanes.set(key, [...(lanes.get(key) ?? []), work]);
  }
  const queue = [...lanes.values()].map((l) => l.sort((a, b) => timeOf(a) - timeOf(b)));
  const runLane = async (lane: Work[]) => {
    for (const [i, w] of lane.entries()) {
      try {
        for (const event of w.events) {
          const out = await routeEvent(env, db, w.body, event);
          if ("skipped" in out) log("info", "inbound event skipped", { channelId: w.body.channelId, kind: event.kind, why: out.skipped });
        }
        w.msg.ack();
        if (w.body.kind === "webhook" && w.body.rawBodyKey) await env.MEDIA.delete(w.body.rawBodyKey).catch(() => undefined);
      } catch (err) {
        log("warn", "inbound processing failed; retrying", { messageId: w.msg.id, attempts: w.msg.attempts, error: String(err) });
        for (const rest of lane.slice(i)) rest.msg.retry({ delaySeconds: backoffSeconds(rest.msg.attempts) });
        return;
      }
    }
  };
  const workers = Array.from({ length: Math.min(LANES_AT_ONCE, queue.length) }, async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) await runLane(lane);
  });
  await Promise.all(workers);
}
