import { z } from "zod";
import type { ParseResult } from "./adapter";
import { malformed } from "./adapter";
import { describeZodError, parseJsonBody, secondsToMs } from "./body";
import type { Content, Media, NormalizedEvent } from "./events";
import { editEvent, lifecycleEvent, messageEvent, unknownEvent } from "./events";

const opt = z.string().optional();
const num = z.number().optional();
const UserSchema = z.looseObject({
  id: z.number(),
  first_name: opt,
  last_name: opt,
  username: opt,
  language_code: opt,
  is_bot: z.boolean().optional(),
});
const ChatSchema = z.looseObject({ id: z.number(), type: z.string(), title: opt, username: opt });
const FileSchema = z.looseObject({
  file_id: z.string(),
  file_unique_id: opt,
  file_size: num,
  mime_type: opt,
  file_name: opt,
  duration: num,
});

export const TgMessageSchema = z.looseObject({
  message_id: z.number(),
  date: z.number(),
  chat: ChatSchema,
  from: UserSchema.optional(),
  text: opt,
  caption: opt,
  edit_date: num,
  photo: z.array(FileSchema).optional(),
  voice: FileSchema.optional(),
  audio: FileSchema.optional(),
  video: FileSchema.optional(),
  video_note: FileSchema.optional(),
  animation: FileSchema.optional(),
  document: FileSchema.optional(),
  sticker: FileSchema.extend({
    emoji: opt,
    is_animated: z.boolean().optional(),
    is_video: z.boolean().optional(),
  }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  venue: z
    .looseObject({
      location: z.looseObject({ latitude: z.number(), longitude: z.number() }),
      title: opt,
      address: opt,
    })
    .optional(),
  contact: z
    .looseObject({ phone_number: z.string(), first_name: z.string(), last_name: opt, user_id: num })
    .optional(),
  reply_to_message: z.looseObject({ message_id: z.number() }).optional(),
  forward_origin: z.unknown().optional(),
  forward_date: num,
  new_chat_members: z.array(UserSchema).optional(),
  left_chat_member: UserSchema.optional(),
});
type TgMessage = z.infer<typeof TgMessageSchema>;

const ReactionType = z.looseObject({ type: z.string(), emoji: opt, custom_emoji_id: opt });
const UpdateSchema = z.looseObject({
  update_id: z.number(),
  message: TgMessageSchema.optional(),
  edited_message: TgMessageSchema.optional(),
  callback_query: z
    .looseObject({
      id: z.string(),
      from: UserSchema,
      data: opt,
      message: z.looseObject({ message_id: z.number(), chat: ChatSchema }).optional(),
    })
    .optional(),
  message_reaction: z
    .looseObject({
      chat: ChatSchema,
      message_id: z.number(),
      date: z.number(),
      user: UserSchema.optional(),
      new_reaction: z.array(ReactionType),
      old_reaction: z.array(ReactionType),
    })
    .optional(),
  my_chat_member: z
    .looseObject({
      chat: ChatSchema,
      from: UserSchema,
      date: z.number(),
      new_chat_member: z.looseObject({ status: z.string() }),
    })
    .optional(),
});
type Update = z.infer<typeof UpdateSchema>;

const CHANNEL = "telegram" as const;
/** Telegram message ids are unique per chat, so the chat id is part of every message key. */
export const tgMessageKey = (chatId: number, messageId: number): string => `${chatId}:${messageId}`;
/** Prefix that marks an externalMessageId as a callback query (answer it with answerCallbackQuery). */
export const CALLBACK_PREFIX = "cbq:";

/** Parses one Telegram `Update` (webhooks deliver one per request). */
export async function parseTelegram(rawBody: Uint8Array): Promise<ParseResult> {
  const json = parseJsonBody(rawBody);
  if (!json.ok) return malformed(json.message);
  const parsed = UpdateSchema.safeParse(json.value);
  if (!parsed.success) return malformed(describeZodError(parsed.error));
  return { ok: true, events: [mapUpdate(parsed.data)] };
}

function mapUpdate(u: Update): NormalizedEvent {
  const eventId = `update:${u.update_id}`;
  if (u.message) return fromMessage(u.message, eventId);
  if (u.edited_message) {
    const m = u.edited_message;
    return editEvent({
      channel: CHANNEL,
      externalUserId: String(m.chat.id),
      externalMessageId: tgMessageKey(m.chat.id, m.message_id),
      timestamp: secondsToMs(m.edit_date ?? m.date)!,
      text: m.text ?? m.caption ?? "",
    });
  }
  if (u.callback_query) {
    const q = u.callback_query;
    return messageEvent({
      channel: CHANNEL,
      externalUserId: String(q.message?.chat.id ?? q.from.id),
      externalMessageId: `${CALLBACK_PREFIX}${q.id}`,
      // Callback queries carry no time; the update id keeps the event stable, the clock is only for display.
      timestamp: Date.now(),
      contact: contactOf(q.from),
      content: {
        type: "interactive_reply",
        extra: { payload: q.data, rawType: "callback_query" },
      },
      replyTo: q.message ? tgMessageKey(q.message.chat.id, q.message.message_id) : undefined,
    });
  }
  if (u.message_reaction) {
    const r = u.message_reaction;
    const added = r.new_reaction.find((x) => x.type === "emoji");
    return messageEvent({
      channel: CHANNEL,
      externalUserId: String(r.chat.id),
      externalMessageId: eventId,
      timestamp: secondsToMs(r.date)!,
      contact: r.user ? contactOf(r.user) : {},
      content: {
        type: "reaction",
        extra: {
          reaction: {
            emoji: added?.emoji ?? "",
            targetExternalMessageId: tgMessageKey(r.chat.id, r.message_id),
          },
        },
      },
    });
  }
  if (u.my_chat_member) {
    const c = u.my_chat_member;
    const status = c.new_chat_member.status;
    const active = status === "member" || status === "administrator";
    // In a private chat "kicked" means the user blocked the bot.
    const event =
      c.chat.type === "private" ? (active ? "follow" : "unfollow") : active ? "join" : "leave";
    return lifecycleEvent({
      channel: CHANNEL,
      externalUserId: String(c.chat.id),
      eventId,
      timestamp: secondsToMs(c.date)!,
      event,
      data: { status },
    });
  }
  const kind = Object.keys(u).find((k) => k !== "update_id") ?? "empty";
  return unknownEvent({ channel: CHANNEL, rawType: kind, timestamp: Date.now() });
}

function fromMessage(m: TgMessage, eventId: string): NormalizedEvent {
  const base = {
    channel: CHANNEL,
    externalUserId: String(m.chat.id),
    timestamp: secondsToMs(m.date)!,
  };
  if (m.new_chat_members || m.left_chat_member) {
    return lifecycleEvent({
      ...base,
      eventId,
      event: m.new_chat_members ? "member_joined" : "member_left",
      data: { userIds: (m.new_chat_members ?? [m.left_chat_member!]).map((x) => String(x.id)) },
    });
  }
  if ("pinned_message" in m) return lifecycleEvent({ ...base, eventId, event: "pinned_message" });
  const content = messageContent(m);
  const forwarded = m.forward_origin !== undefined || m.forward_date !== undefined;
  return messageEvent({
    ...base,
    externalMessageId: tgMessageKey(m.chat.id, m.message_id),
    contact: m.from ? contactOf(m.from) : {},
    content: forwarded ? { ...content, extra: { ...content.extra, forwarded } } : content,
    replyTo: m.reply_to_message
      ? tgMessageKey(m.chat.id, m.reply_to_message.message_id)
      : undefined,
  });
}

const file = (f: z.infer<typeof FileSchema>, fallbackMime?: string): Media[] => [
  { id: f.file_id, size: f.file_size, mimeType: f.mime_type ?? fallbackMime, name: f.file_name },
];

// Message fields that describe the envelope, not the content: skipped when naming an unsupported type.
const ENVELOPE_KEYS = new Set([
  "message_id",
  "date",
  "chat",
  "from",
  "sender_chat",
  "sender_boost_count",
  "sender_business_bot",
  "business_connection_id",
  "entities",
  "caption",
  "caption_entities",
  "message_thread_id",
  "is_topic_message",
  "is_automatic_forward",
  "link_preview_options",
  "has_protected_content",
  "reply_to_message",
  "external_reply",
  "quote",
  "reply_to_story",
  "forward_origin",
  "forward_date",
  "forward_from",
  "forward_from_chat",
  "forward_from_message_id",
  "forward_signature",
  "forward_sender_name",
  "via_bot",
  "edit_date",
  "media_group_id",
  "author_signature",
  "reply_markup",
  "effect_id",
  "show_caption_above_media",
  "has_media_spoiler",
]);

function messageContent(m: TgMessage): Content {
  const caption = { text: m.caption };
  if (m.text !== undefined) return { type: "text", text: m.text };
  if (m.photo?.length) {
    // Telegram sends every resolution; the last is the largest.
    return { type: "image", media: file(m.photo[m.photo.length - 1], "image/jpeg"), ...caption };
  }
  if (m.voice) return { type: "voice", media: file(m.voice, "audio/ogg"), ...caption };
  if (m.audio) return { type: "audio", media: file(m.audio), ...caption };
  if (m.video) return { type: "video", media: file(m.video, "video/mp4"), ...caption };
  if (m.video_note)
    return {
      type: "video",
      media: file(m.video_note, "video/mp4"),
      extra: { rawType: "video_note" },
    };
  // Animations also carry a `document` field, so they must be checked first.
  if (m.animation)
    return {
      type: "video",
      media: file(m.animation),
      extra: { rawType: "animation" },
      ...caption,
    };
  if (m.document) return { type: "document", media: file(m.document), ...caption };
  if (m.sticker) {
    const mime = m.sticker.is_video
      ? "video/webm"
      : m.sticker.is_animated
        ? "application/x-tgsticker"
        : "image/webp";
    return { type: "sticker", media: file(m.sticker, mime), text: m.sticker.emoji };
  }
  if (m.venue)
    return {
      type: "location",
      extra: {
        location: { ...m.venue.location, name: m.venue.title, address: m.venue.address },
      },
    };
  if (m.location)
    return {
      type: "location",
      extra: { location: { latitude: m.location.latitude, longitude: m.location.longitude } },
    };
  if (m.contact) {
    const c = m.contact;
    return {
      type: "contacts",
      extra: {
        contacts: [
          {
            name: [c.first_name, c.last_name].filter(Boolean).join(" "),
            phones: [{ phone: c.phone_number }],
            emails: [],
          },
        ],
      },
    };
  }
  const rawType = Object.keys(m).find((k) => !ENVELOPE_KEYS.has(k)) ?? "empty";
  return { type: "unsupported", extra: { rawType }, ...caption };
}

function contactOf(u: z.infer<typeof UserSchema>) {
  const name = [u.first_name, u.last_name].filter(Boolean).join(" ");
  return {
    ...(name ? { name } : {}),
    ...(u.username ? { username: u.username } : {}),
    ...(u.language_code ? { language: u.language_code } : {}),
  };
}
