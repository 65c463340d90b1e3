import { z } from "zod";
import type { ParseResult } from "./adapter";
import { malformed } from "./adapter";
import { derivedId, describeZodError, parseJsonBody } from "./body";
import type { Content, NormalizedEvent } from "./events";
import { deleteEvent, editEvent, lifecycleEvent, messageEvent, unknownEvent } from "./events";

/** LINE reply tokens die about a minute after the event; we stop using them after 50 s. */
export const LINE_REPLY_TOKEN_TTL_MS = 50_000;

const opt = z.string().optional();
const SourceSchema = z.looseObject({ type: z.string(), userId: opt, groupId: opt, roomId: opt });
const LineMessageSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  text: opt,
  quotedMessageId: opt,
  fileName: opt,
  fileSize: z.number().optional(),
  duration: z.number().optional(),
  contentProvider: z
    .looseObject({ type: z.string(), originalContentUrl: opt, previewImageUrl: opt })
    .optional(),
  title: opt,
  address: opt,
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  packageId: opt,
  stickerId: opt,
});
type LineMessage = z.infer<typeof LineMessageSchema>;

const EventSchema = z.looseObject({
  type: z.string(),
  timestamp: z.number(),
  source: SourceSchema.optional(),
  replyToken: opt,
  webhookEventId: opt,
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  mode: opt,
  message: LineMessageSchema.optional(),
  postback: z
    .looseObject({ data: z.string(), params: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  unsend: z.looseObject({ messageId: z.string() }).optional(),
  joined: z.looseObject({ members: z.array(SourceSchema) }).optional(),
  left: z.looseObject({ members: z.array(SourceSchema) }).optional(),
  beacon: z.looseObject({ hwid: z.string(), type: z.string(), dm: opt }).optional(),
  link: z.looseObject({ result: z.string(), nonce: opt }).optional(),
  videoPlayComplete: z.looseObject({ trackingId: z.string() }).optional(),
});
type LineEvent = z.infer<typeof EventSchema>;

const EnvelopeSchema = z.object({ destination: opt, events: z.array(z.unknown()) });
const CHANNEL = "line" as const;

/** Simple lifecycle events: LINE type → our name and the field carrying its data. */
const LIFECYCLE: Record<string, { event: string; data?: keyof LineEvent }> = {
  follow: { event: "follow" },
  unfollow: { event: "unfollow" },
  join: { event: "join" },
  leave: { event: "leave" },
  memberJoined: { event: "member_joined", data: "joined" },
  memberLeft: { event: "member_left", data: "left" },
  beacon: { event: "beacon", data: "beacon" },
  accountLink: { event: "account_link", data: "link" },
  videoPlayComplete: { event: "video_play_complete", data: "videoPlayComplete" },
};

/** Parses a LINE Messaging API webhook body. An empty `events` array is LINE's URL verification. */
export async function parseLine(rawBody: Uint8Array): Promise<ParseResult> {
  const json = parseJsonBody(rawBody);
  if (!json.ok) return malformed(json.message);
  const env = EnvelopeSchema.safeParse(json.value);
  if (!env.success) return malformed(describeZodError(env.error));
  const events: NormalizedEvent[] = [];
  for (const raw of env.data.events) events.push(await mapEvent(raw, env.data.destination));
  return { ok: true, events };
}

/** The conversation a LINE event belongs to: the 1:1 user, else the group or room. */
const conversationId = (s: LineEvent["source"]): string | undefined =>
  s?.type === "group"
    ? s.groupId
    : s?.type === "room"
      ? s.roomId
      : s?.type === "user"
        ? s.userId
        : undefined;

async function mapEvent(raw: unknown, destination: string | undefined): Promise<NormalizedEvent> {
  const parsed = EventSchema.safeParse(raw);
  const fallbackTs = Date.now();
  if (!parsed.success)
    return unknownEvent({ channel: CHANNEL, timestamp: fallbackTs, rawType: "invalid_event" });
  const e = parsed.data;
  const eventId = e.webhookEventId ?? (await derivedId("line", raw));
  const base = { channel: CHANNEL, timestamp: e.timestamp };
  const who = conversationId(e.source);
  if (!who)
    return unknownEvent({ ...base, rawType: e.message ? `${e.type}:${e.message.type}` : e.type });

  const extra = {
    accountId: destination,
    ...(e.replyToken
      ? { replyToken: { token: e.replyToken, expiresAt: e.timestamp + LINE_REPLY_TOKEN_TTL_MS } }
      : {}),
  };
  switch (e.type) {
    case "message": {
      if (!e.message) break;
      const content = messageContent(e.message);
      return messageEvent({
        ...base,
        externalUserId: who,
        externalMessageId: e.message.id,
        contact: {},
        content: { ...content, extra: { ...content.extra, ...extra } },
        replyTo: e.message.quotedMessageId,
      });
    }
    case "postback":
      if (!e.postback) break;
      return messageEvent({
        ...base,
        externalUserId: who,
        externalMessageId: eventId,
        contact: {},
        content: { type: "postback", extra: { payload: e.postback.data, ...extra } },
      });
    case "unsend":
      if (!e.unsend) break;
      return deleteEvent({ ...base, externalUserId: who, externalMessageId: e.unsend.messageId });
    case "messageEdited":
      if (!e.message) break;
      return editEvent({
        ...base,
        externalUserId: who,
        externalMessageId: e.message.id,
        text: e.message.text ?? "",
      });
    default: {
      const lc = LIFECYCLE[e.type];
      if (lc)
        return lifecycleEvent({
          ...base,
          externalUserId: who,
          eventId,
          event: lc.event,
          data: lc.data ? e[lc.data] : undefined,
        });
    }
  }
  return unknownEvent({ ...base, rawType: e.type });
}

function messageContent(m: LineMessage): Content {
  // Content is fetched by message id from the content API unless the sender's app hosts it (external).
  const media = {
    id: m.id,
    ...(m.contentProvider?.type === "external" && m.contentProvider.originalContentUrl
      ? { url: m.contentProvider.originalContentUrl }
      : {}),
  };
  switch (m.type) {
    case "text":
      return { type: "text", text: m.text };
    case "image":
    case "video":
    case "audio":
      return { type: m.type, media: [media] };
    case "file":
      return { type: "document", media: [{ ...media, name: m.fileName, size: m.fileSize }] };
    case "location":
      if (m.latitude === undefined || m.longitude === undefined) break;
      return {
        type: "location",
        extra: {
          location: {
            latitude: m.latitude,
            longitude: m.longitude,
            name: m.title,
            address: m.address,
          },
        },
      };
    case "sticker":
      return {
        type: "sticker",
        media: [{ id: `${m.packageId}/${m.stickerId}` }],
        // Only a "message sticker" carries text the user typed; keywords are LINE's tags, not the user's words.
        text: m.text,
      };
  }
  return { type: "unsupported", extra: { rawType: m.type } };
}
