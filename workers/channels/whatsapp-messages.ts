import { z } from "zod";
import type { ContactCard, Content, Media } from "./events";

const opt = z.string().optional();
const WaMediaSchema = z.looseObject({
  id: opt,
  mime_type: opt,
  sha256: opt,
  caption: opt,
  filename: opt,
  url: opt,
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});
type WaMedia = z.infer<typeof WaMediaSchema>;

/** The content part of a message; also the shape of `edit.message`. Loose: unknown fields are ignored. */
export const WaContentSchema = z.looseObject({
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: WaMediaSchema.optional(),
  video: WaMediaSchema.optional(),
  document: WaMediaSchema.optional(),
  audio: WaMediaSchema.optional(),
  sticker: WaMediaSchema.optional(),
  reaction: z.looseObject({ message_id: z.string(), emoji: opt }).optional(),
  location: z
    .looseObject({ latitude: z.number(), longitude: z.number(), name: opt, address: opt, url: opt })
    .optional(),
  contacts: z
    .array(
      z.looseObject({
        name: z.looseObject({ formatted_name: opt, first_name: opt, last_name: opt }).optional(),
        phones: z.array(z.looseObject({ phone: opt, wa_id: opt, type: opt })).optional(),
        emails: z.array(z.looseObject({ email: opt, type: opt })).optional(),
      }),
    )
    .optional(),
  order: z
    .looseObject({
      catalog_id: opt,
      text: opt,
      product_items: z
        .array(
          z.looseObject({
            product_retailer_id: z.string(),
            quantity: z.number(),
            item_price: z.number().optional(),
            currency: opt,
          }),
        )
        .default([]),
    })
    .optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: opt }).optional(),
      nfm_reply: z.looseObject({ response_json: opt, body: opt, name: opt }).optional(),
      call_permission_reply: z.looseObject({ response: z.string() }).optional(),
    })
    .optional(),
  button: z.looseObject({ payload: opt, text: z.string() }).optional(),
  referral: z
    .looseObject({
      source_url: opt,
      source_id: opt,
      source_type: opt,
      headline: opt,
      body: opt,
      ctwa_clid: opt,
    })
    .optional(),
  unsupported: z.looseObject({ type: opt }).optional(),
});
export type WaContent = z.infer<typeof WaContentSchema>;

/** A full inbound message (`value.messages[]`, also `message_echoes[]`). */
export const WaMessageSchema = WaContentSchema.extend({
  from: z.string(),
  id: z.string(),
  timestamp: z.union([z.string(), z.number()]),
  context: z
    .looseObject({
      id: opt,
      from: opt,
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    })
    .optional(),
  edit: z
    .looseObject({ original_message_id: z.string(), message: WaContentSchema.optional() })
    .optional(),
  revoke: z.looseObject({ original_message_id: z.string() }).optional(),
  system: z.looseObject({ type: opt, body: opt, wa_id: opt }).optional(),
});
export type WaMessage = z.infer<typeof WaMessageSchema>;

const mediaOf = (m: WaMedia): Media[] => [
  { id: m.id, mimeType: m.mime_type, name: m.filename, url: m.url },
];

const MEDIA_TYPES = {
  image: "image",
  video: "video",
  document: "document",
  sticker: "sticker",
} as const;

/** Maps a message's content (context/forwarding are added by the caller). */
export function mapWaContent(c: WaContent): Content {
  const body = mapContent(c);
  if (!c.referral) return body;
  const r = c.referral;
  return {
    ...body,
    extra: {
      ...body.extra,
      referral: {
        source: r.source_type,
        sourceId: r.source_id,
        sourceUrl: r.source_url,
        headline: r.headline,
        body: r.body,
        clickId: r.ctwa_clid,
      },
    },
  };
}

function mapContent(c: WaContent): Content {
  const unsupported = (rawType: string): Content => ({ type: "unsupported", extra: { rawType } });
  switch (c.type) {
    case "text":
      return c.text ? { type: "text", text: c.text.body } : unsupported("text");
    case "image":
    case "video":
    case "document":
    case "sticker": {
      const media = c[c.type];
      if (!media) return unsupported(c.type);
      return {
        type: MEDIA_TYPES[c.type],
        media: mediaOf(media),
        ...(media.caption ? { text: media.caption } : {}),
      };
    }
    case "audio":
      return c.audio
        ? { type: c.audio.voice ? "voice" : "audio", media: mediaOf(c.audio) }
        : unsupported("audio");
    case "reaction":
      // An empty or missing emoji is WhatsApp's way of saying the reaction was removed.
      return c.reaction
        ? {
            type: "reaction",
            extra: {
              reaction: {
                emoji: c.reaction.emoji ?? "",
                targetExternalMessageId: c.reaction.message_id,
              },
            },
          }
        : unsupported("reaction");
    case "location":
      return c.location
        ? {
            type: "location",
            extra: {
              location: {
                latitude: c.location.latitude,
                longitude: c.location.longitude,
                name: c.location.name,
                address: c.location.address,
                url: c.location.url,
              },
            },
          }
        : unsupported("location");
    case "contacts":
      return c.contacts
        ? { type: "contacts", extra: { contacts: c.contacts.map(contactCard) } }
        : unsupported("contacts");
    case "order":
      if (!c.order) return unsupported("order");
      return {
        type: "order",
        ...(c.order.text ? { text: c.order.text } : {}),
        extra: {
          order: {
            catalogId: c.order.catalog_id,
            text: c.order.text || undefined,
            items: c.order.product_items.map((i) => ({
              productId: i.product_retailer_id,
              quantity: i.quantity,
              itemPrice: i.item_price,
              currency: i.currency,
            })),
          },
        },
      };
    case "interactive":
      return (
        interactive(c) ??
        unsupported(c.interactive ? `interactive:${c.interactive.type}` : "interactive")
      );
    case "button":
      // A tap on a template's quick-reply button.
      return c.button
        ? {
            type: "interactive_reply",
            text: c.button.text,
            extra: { payload: c.button.payload, rawType: "button" },
          }
        : unsupported("button");
    case "unsupported":
      return unsupported(c.unsupported?.type ?? "unsupported");
    default:
      return unsupported(c.type);
  }
}

function interactive(c: WaContent): Content | null {
  const i = c.interactive;
  if (!i) return null;
  const reply = i.button_reply ?? i.list_reply;
  if ((i.type === "button_reply" || i.type === "list_reply") && reply) {
    return {
      type: "interactive_reply",
      text: reply.title,
      extra: { payload: reply.id, rawType: i.type },
    };
  }
  if (i.type === "nfm_reply" && i.nfm_reply) {
    return {
      type: "interactive_reply",
      text: i.nfm_reply.body,
      extra: { payload: i.nfm_reply.response_json, rawType: "nfm_reply" },
    };
  }
  if (i.type === "call_permission_reply" && i.call_permission_reply) {
    return {
      type: "interactive_reply",
      extra: { payload: i.call_permission_reply.response, rawType: "call_permission_reply" },
    };
  }
  return null;
}

function contactCard(c: NonNullable<WaContent["contacts"]>[number]): ContactCard {
  const n = c.name;
  const name = n?.formatted_name ?? [n?.first_name, n?.last_name].filter(Boolean).join(" ");
  return {
    name,
    phones: (c.phones ?? []).flatMap((p) =>
      p.phone ? [{ phone: p.phone, waId: p.wa_id, type: p.type }] : [],
    ),
    emails: (c.emails ?? []).flatMap((e) => (e.email ? [{ email: e.email, type: e.type }] : [])),
  };
}
