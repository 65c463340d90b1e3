import { z } from "zod";
import type { ParseResult } from "./adapter";
import { malformed } from "./adapter";
import { derivedId, describeZodError, parseJsonBody } from "./body";
import type { Content, Extra, Media, NormalizedEvent } from "./events";
import {
  deleteEvent,
  editEvent,
  lifecycleEvent,
  messageEvent,
  statusEvent,
  unknownEvent,
} from "./events";

const opt = z.string().optional();
const Id = z.union([z.string(), z.number()]).transform(String);
const RefSchema = z.looseObject({ ref: opt, source: opt, type: opt, ad_id: opt, referer_uri: opt });
const AttachmentSchema = z.looseObject({
  type: z.string(),
  title: opt,
  payload: z
    .looseObject({
      url: opt,
      title: opt,
      sticker_id: z.number().optional(),
      coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullable()
    .optional(),
});
const ThreadControl = z.looseObject({
  new_owner_app_id: Id.optional(),
  previous_owner_app_id: Id.optional(),
  requested_owner_app_id: Id.optional(),
  metadata: z.string().nullable().optional(),
});

const ItemSchema = z.looseObject({
  sender: z.looseObject({ id: Id }).optional(),
  recipient: z.looseObject({ id: Id }).optional(),
  timestamp: z.number().optional(),
  message: z
    .looseObject({
      mid: opt,
      text: opt,
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      is_unsupported: z.boolean().optional(),
      quick_reply: z.looseObject({ payload: z.string() }).optional(),
      reply_to: z.looseObject({ mid: opt }).optional(),
      attachments: z.array(AttachmentSchema).optional(),
      referral: RefSchema.optional(),
    })
    .optional(),
  message_edit: z
    .looseObject({ mid: z.string(), text: opt, num_edit: z.number().optional() })
    .optional(),
  postback: z
    .looseObject({ mid: opt, title: opt, payload: opt, referral: RefSchema.optional() })
    .optional(),
  referral: RefSchema.optional(),
  reaction: z.looseObject({ mid: z.string(), action: opt, emoji: opt, reaction: opt }).optional(),
  delivery: z
    .looseObject({ mids: z.array(z.string()).optional(), watermark: z.number().optional() })
    .optional(),
  read: z.looseObject({ watermark: z.number().optional(), mid: opt }).optional(),
  pass_thread_control: ThreadControl.optional(),
  take_thread_control: ThreadControl.optional(),
  request_thread_control: ThreadControl.optional(),
  optin: z.looseObject({ ref: opt, type: opt }).optional(),
  account_linking: z.looseObject({ status: z.string() }).optional(),
});
type Item = z.infer<typeof ItemSchema>;

const EnvelopeSchema = z.object({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: Id.optional(),
      time: z.number().optional(),
      messaging: z.array(z.unknown()).optional(),
      standby: z.array(z.unknown()).optional(),
      changes: z.array(z.looseObject({ field: z.string() })).optional(),
    }),
  ),
});

type Channel = "messenger" | "instagram";
type Ctx = { channel: Channel; accountId?: string; fallbackTs: number };
const OBJECT_FOR: Record<Channel, string> = { messenger: "page", instagram: "instagram" };

/** Parses Messenger (`object: page`) and Instagram (`object: instagram`) webhook bodies. */
export async function parseMessengerLike(
  channel: Channel,
  rawBody: Uint8Array,
): Promise<ParseResult> {
  const json = parseJsonBody(rawBody);
  if (!json.ok) return malformed(json.message);
  const env = EnvelopeSchema.safeParse(json.value);
  if (!env.success) return malformed(describeZodError(env.error));
  if (env.data.object !== OBJECT_FOR[channel])
    return malformed(`unexpected object "${env.data.object}" for ${channel}`);

  const events: NormalizedEvent[] = [];
  for (const entry of env.data.entry) {
    const ctx: Ctx = { channel, accountId: entry.id, fallbackTs: entry.time ?? Date.now() };
    for (const raw of entry.messaging ?? []) events.push(...(await messagingItem(raw, ctx)));
    for (const raw of entry.standby ?? []) events.push(await standbyItem(raw, ctx));
    for (const change of entry.changes ?? []) events.push(unknown(ctx, `changes:${change.field}`));
  }
  return { ok: true, events };
}

async function messagingItem(raw: unknown, ctx: Ctx): Promise<NormalizedEvent[]> {
  const parsed = ItemSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.sender) return [unknown(ctx, "messaging")];
  const it = parsed.data;
  const user = it.sender!.id;
  const base = { channel: ctx.channel, timestamp: it.timestamp ?? ctx.fallbackTs };
  const hashId = () => derivedId(ctx.channel === "messenger" ? "fb" : "ig", raw);
  const lifecycle = async (
    event: string,
    data?: unknown,
    externalUserId = user,
  ): Promise<NormalizedEvent> =>
    lifecycleEvent({ ...base, externalUserId, eventId: await hashId(), event, data });
  const message = (externalMessageId: string, content: Content, replyTo?: string) =>
    messageEvent({
      ...base,
      externalUserId: user,
      externalMessageId,
      contact: {},
      content: { ...content, extra: { ...content.extra, accountId: ctx.accountId } },
      replyTo,
    });

  if (it.message?.is_echo) {
    const to = it.recipient?.id ?? user;
    return [
      lifecycleEvent({
        ...base,
        externalUserId: to,
        eventId: it.message.mid ?? (await hashId()),
        event: "message_echo",
        data: { externalMessageId: it.message.mid, text: it.message.text },
      }),
    ];
  }
  if (it.message?.is_deleted && it.message.mid)
    return [deleteEvent({ ...base, externalUserId: user, externalMessageId: it.message.mid })];
  if (it.message)
    return [
      message(
        it.message.mid ?? (await hashId()),
        messageContent(it.message),
        it.message.reply_to?.mid,
      ),
    ];
  if (it.message_edit) {
    const e = it.message_edit;
    return [
      editEvent({ ...base, externalUserId: user, externalMessageId: e.mid, text: e.text ?? "" }),
    ];
  }
  if (it.postback) {
    const p = it.postback;
    return [
      message(p.mid ?? (await hashId()), {
        type: "postback",
        text: p.title,
        extra: {
          payload: p.payload,
          ...(p.referral ? { referral: referral(p.referral) } : {}),
        },
      }),
    ];
  }
  if (it.referral)
    return [
      message(await hashId(), { type: "referral", extra: { referral: referral(it.referral) } }),
    ];
  if (it.reaction) {
    const r = it.reaction;
    const emoji = r.action === "unreact" ? "" : (r.emoji ?? r.reaction ?? "");
    return [
      message(await hashId(), {
        type: "reaction",
        extra: { reaction: { emoji, targetExternalMessageId: r.mid } },
      }),
    ];
  }
  if (it.delivery) {
    const mids = it.delivery.mids ?? [];
    if (mids.length === 0)
      return [await lifecycle("delivered_watermark", { watermark: it.delivery.watermark })];
    return mids.map((mid) =>
      statusEvent({ ...base, externalUserId: user, externalMessageId: mid, status: "delivered" }),
    );
  }
  if (it.read) {
    const mid = it.read.mid;
    if (mid)
      return [
        statusEvent({ ...base, externalUserId: user, externalMessageId: mid, status: "read" }),
      ];
    return [await lifecycle("read_watermark", { watermark: it.read.watermark })];
  }
  if (it.pass_thread_control)
    return [
      await lifecycle("thread_control_passed", {
        newOwnerAppId: it.pass_thread_control.new_owner_app_id,
        metadata: it.pass_thread_control.metadata ?? undefined,
      }),
    ];
  if (it.take_thread_control)
    return [
      await lifecycle("thread_control_taken", {
        previousOwnerAppId: it.take_thread_control.previous_owner_app_id,
        metadata: it.take_thread_control.metadata ?? undefined,
      }),
    ];
  if (it.request_thread_control)
    return [
      await lifecycle("thread_control_requested", {
        requestedOwnerAppId: it.request_thread_control.requested_owner_app_id,
        metadata: it.request_thread_control.metadata ?? undefined,
      }),
    ];
  if (it.optin) return [await lifecycle("optin", { ref: it.optin.ref, type: it.optin.type })];
  if (it.account_linking)
    return [await lifecycle("account_link", { status: it.account_linking.status })];
  return [unknown(ctx, `messaging:${unknownKey(raw)}`, base.timestamp)];
}

/**
 * Standby = events for a thread another app currently owns (handover protocol). We record them so
 * agents see the history, but they must never trigger a reply.
 */
async function standbyItem(raw: unknown, ctx: Ctx): Promise<NormalizedEvent> {
  const parsed = ItemSchema.safeParse(raw);
  if (!parsed.success || !parsed.data.sender) return unknown(ctx, "standby");
  const it = parsed.data;
  const mid = it.message?.mid;
  return lifecycleEvent({
    channel: ctx.channel,
    externalUserId: it.message?.is_echo && it.recipient ? it.recipient.id : it.sender!.id,
    eventId: mid ? `standby:${mid}` : await derivedId("standby", raw),
    timestamp: it.timestamp ?? ctx.fallbackTs,
    event: "standby",
    data: { externalMessageId: mid, text: it.message?.text, postbackPayload: it.postback?.payload },
  });
}

const ATTACHMENT_TYPES: Record<string, string> = {
  image: "image",
  video: "video",
  audio: "audio",
  file: "document",
};

/** A message's content; the reply it answers is the caller's. */
function messageContent(m: NonNullable<Item["message"]>): Content {
  const ref: Extra = m.referral ? { referral: referral(m.referral) } : {};
  if (m.quick_reply)
    return {
      type: "interactive_reply",
      text: m.text,
      extra: { payload: m.quick_reply.payload, rawType: "quick_reply", ...ref },
    };
  if (m.is_unsupported) return { type: "unsupported", extra: { rawType: "unsupported", ...ref } };
  const atts = m.attachments ?? [];
  const first = atts[0];
  if (!first) return { type: "text", text: m.text, extra: ref };
  const media: Media[] = atts.flatMap((a) =>
    a.payload?.url && ATTACHMENT_TYPES[a.type] ? [{ url: a.payload.url }] : [],
  );
  if (first.type === "image" && first.payload?.sticker_id !== undefined) {
    return {
      type: "sticker",
      media: [{ url: first.payload.url, id: String(first.payload.sticker_id) }],
      extra: ref,
    };
  }
  const mapped = ATTACHMENT_TYPES[first.type];
  if (mapped) return { type: mapped, media, text: m.text, extra: ref };
  if (first.type === "location" && first.payload?.coordinates) {
    const c = first.payload.coordinates;
    return {
      type: "location",
      extra: {
        location: { latitude: c.lat, longitude: c.long, name: first.title ?? first.payload.title },
        ...ref,
      },
    };
  }
  if (first.type === "fallback") {
    return {
      type: "text",
      text: m.text ?? first.payload?.url ?? first.title ?? "",
      extra: { rawType: "fallback", ...ref },
    };
  }
  return { type: "unsupported", text: m.text, extra: { rawType: first.type, ...ref } };
}

const referral = (r: z.infer<typeof RefSchema>) => ({
  ref: r.ref,
  source: r.source,
  type: r.type,
  adId: r.ad_id,
  sourceUrl: r.referer_uri,
});

function unknownKey(raw: unknown): string {
  const keys =
    raw && typeof raw === "object"
      ? Object.keys(raw).filter((k) => !["sender", "recipient", "timestamp"].includes(k))
      : [];
  return keys[0] ?? "empty";
}

const unknown = (ctx: Ctx, rawType: string, timestamp = ctx.fallbackTs): NormalizedEvent =>
  unknownEvent({ channel: ctx.channel, rawType, timestamp });
