/**
 * Inbound consumer: raw webhooks and normalised events → conversations. Events for one shopper are
 * applied in order (one lane per channel user, sorted by the platform's timestamp); lanes run side by
 * side. A body that can never succeed is dead-lettered at once; a failure that may pass (D1, a DO
 * restart) retries every queue message of the lane with backoff — the redelivery is idempotent.
 */
import type { InlineMedia } from "../channels/adapter";
import { parseInbound } from "../channels/connection";
import { getDb, type Db } from "../db/client";
import { fromBase64 } from "../lib/crypto";
import { log } from "../lib/log";
import { deadLetter } from "../services/dead-letters";
import { routeLane } from "../services/routing";
import { InboundMessage, QUEUES, type NormalizedEvent } from "../wire/queue";

const LANES_AT_ONCE = 8;

/**
 * A lane still running after this long is given up and its queue messages retried. One call that
 * never returns (a stuck Durable Object, D1 or R2 call) would otherwise hold the whole batch — and
 * every batch behind it — until the platform kills the invocation. The call may still finish later;
 * the redelivery then changes nothing (ingest is idempotent by the platform's message id).
 */
export const LANE_TIMEOUT_MS = 60_000;

export interface InboundDeps {
  route: typeof routeLane;
  laneTimeoutMs: number;
}

const DEFAULT_DEPS: InboundDeps = { route: routeLane, laneTimeoutMs: LANE_TIMEOUT_MS };

export function backoffSeconds(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 300);
}

interface Work {
  msg: Message<unknown>;
  body: InboundMessage;
  events: NormalizedEvent[];
  /** Media that came inside the body (email attachments), by media id. */
  inline?: ReadonlyMap<string, InlineMedia>;
}

async function decode(env: Env, db: Db, msg: Message<unknown>): Promise<Work | null> {
  const parsed = InboundMessage.safeParse(msg.body);
  if (!parsed.success) {
    await deadLetter(db, {
      messageId: msg.id,
      queue: QUEUES.inbound,
      body: msg.body,
      error: `malformed queue message: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      attempts: msg.attempts,
    });
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
    const parsed = await parseInbound(body.channelType, raw, body.headers, body.format);
    return { msg, body, events: parsed.events, inline: parsed.inline };
  } catch (err) {
    await deadLetter(db, {
      messageId: msg.id,
      queue: QUEUES.inbound,
      body: msg.body,
      error: `unparseable ${body.channelType} webhook: ${String(err).slice(0, 500)}`,
      attempts: msg.attempts,
    });
    msg.ack();
    return null;
  }
}

interface LaneEvent {
  work: Work;
  event: NormalizedEvent;
}

/** Events of one channel user share a lane; the lane keeps the platform's order. */
function lanesOf(works: Work[]): LaneEvent[][] {
  const lanes = new Map<string, LaneEvent[]>();
  for (const work of works) {
    for (const event of work.events) {
      const user =
        "externalUserId" in event && event.externalUserId
          ? event.externalUserId
          : `~${work.msg.id}`;
      const key = `${work.body.channelId}|${user}`;
      lanes.set(key, [...(lanes.get(key) ?? []), { work, event }]);
    }
  }
  return [...lanes.values()].map((lane) =>
    lane.sort((a, b) => (a.event.timestamp ?? 0) - (b.event.timestamp ?? 0)),
  );
}

export async function handleInbound(
  batch: MessageBatch<unknown>,
  env: Env,
  deps: InboundDeps = DEFAULT_DEPS,
): Promise<void> {
  const db = getDb(env.DB);
  const works: Work[] = [];
  for (const msg of batch.messages) {
    try {
      const work = await decode(env, db, msg);
      if (work) works.push(work);
    } catch (err) {
      log("warn", "inbound decode failed", { messageId: msg.id, error: String(err) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
    }
  }
  // A queue message is acked once every lane holding one of its events has gone through.
  const failed = new Set<Work>();
  const queue = lanesOf(works);
  const runLane = async (lane: LaneEvent[]) => {
    const first = lane[0].work.body;
    const trace = { stage: "start" };
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const inline = new Map(lane.flatMap((l) => [...(l.work.inline ?? [])]));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`lane timed out after ${deps.laneTimeoutMs} ms`)),
          deps.laneTimeoutMs,
        );
      });
      // After a timeout nobody awaits the lane any more; Promise.race keeps its late rejection handled.
      await Promise.race([
        deps.route(
          env,
          db,
          first,
          lane.map((l) => l.event),
          inline,
          trace,
        ),
        timeout,
      ]);
    } catch (err) {
      log("warn", "inbound lane failed; retrying", {
        channelId: first.channelId,
        events: lane.length,
        stage: trace.stage,
        error: String(err),
      });
      for (const l of lane) failed.add(l.work);
    } finally {
      clearTimeout(timer);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(LANES_AT_ONCE, queue.length) }, async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) await runLane(lane);
    }),
  );
  for (const w of works) {
    if (failed.has(w)) {
      w.msg.retry({ delaySeconds: backoffSeconds(w.msg.attempts) });
      continue;
    }
    w.msg.ack();
    if (w.body.kind === "webhook" && w.body.rawBodyKey)
      await env.MEDIA.delete(w.body.rawBodyKey).catch(() => undefined);
  }
}
