import { z } from "zod";
import type { ParseResult } from "./adapter";
import { malformed } from "./adapter";
import { derivedId, describeZodError, parseJsonBody, secondsToMs } from "./body";
import type { Content, NormalizedEvent } from "./events";
import {
  deleteEvent,
  editEvent,
  lifecycleEvent,
  messageEvent,
  statusEvent,
  unknownEvent,
} from "./events";
import { WaMessageSchema, mapWaContent } from "./whatsapp-messages";
import type { WaContent, WaMessage } from "./whatsapp-messages";

const EnvelopeSchema = z.object({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      time: z.number().optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).default([]),
    }),
  ),
});

const ChangeValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().optional() }).optional(),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        profile: z
          .looseObject({ name: z.string().optional(), username: z.string().optional() })
          .optional(),
      }),
    )
    .optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  message_echoes: z.array(z.unknown()).optional(),
  user_preferences: z.array(z.unknown()).optional(),
  calls: z.array(z.unknown()).optional(),
  event: z.string().optional(),
});
type ChangeValue = z.infer<typeof ChangeValueSchema>;

const StatusSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  timestamp: z.union([z.string(), z.number()]),
  recipient_id: z.string().optional(),
  type: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        code: z.union([z.number(), z.string()]).optional(),
        title: z.string().optional(),
        message: z.string().optional(),
        error_data: z.looseObject({ details: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

const PreferenceSchema = z.looseObject({
  wa_id: z.string(),
  value: z.string(),
  category: z.string().optional(),
  timestamp: z.number().optional(),
});

type Ctx = { accountId?: string; fallbackTs: number; value: ChangeValue };
const CHANNEL = "whatsapp" as const;

/** Parses a WhatsApp Cloud API webhook body (object = whatsapp_business_account) into normalised events. */
export async function parseWhatsApp(rawBody: Uint8Array): Promise<ParseResult> {
  const json = parseJsonBody(rawBody);
  if (!json.ok) return malformed(json.message);
  const env = EnvelopeSchema.safeParse(json.value);
  if (!env.success) return malformed(describeZodError(env.error));
  if (env.data.object !== "whatsapp_business_account")
    return malformed(`unexpected object "${env.data.object}"`);

  const events: NormalizedEvent[] = [];
  for (const entry of env.data.entry) {
    const entryTs = secondsToMs(entry.time) ?? Date.now();
    for (const change of entry.changes) {
      const parsed = ChangeValueSchema.safeParse(change.value);
      if (!parsed.success) {
        events.push(unknown(change.field, entryTs));
        continue;
      }
      const ctx: Ctx = {
        accountId: parsed.data.metadata?.phone_number_id ?? entry.id,
        fallbackTs: entryTs,
        value: parsed.data,
      };
      events.push(...(await parseChange(change.field, ctx)));
    }
  }
  return { ok: true, events };
}

async function parseChange(field: string, ctx: Ctx): Promise<NormalizedEvent[]> {
  const v = ctx.value;
  const out: NormalizedEvent[] = [];
  if (field === "messages") {
    for (const raw of v.messages ?? []) out.push(inboundMessage(raw, ctx));
    for (const raw of v.statuses ?? []) out.push(deliveryStatus(raw, ctx, field));
    // A change carrying only `errors` (or nothing we know) is still recorded, never silently dropped.
    if (out.length === 0)
      out.push(unknown(`${field}:${"errors" in v ? "errors" : "empty"}`, ctx.fallbackTs));
    return out;
  }
  if (field === "smb_message_echoes") {
    for (const raw of v.message_echoes ?? []) out.push(echoEvent(raw, ctx));
    return out;
  }
  if (field === "user_preferences") {
    for (const raw of v.user_preferences ?? []) {
      const p = PreferenceSchema.safeParse(raw);
      if (!p.success) out.push(unknown(field, ctx.fallbackTs));
      else
        out.push(
          lifecycleEvent({
            channel: CHANNEL,
            externalUserId: p.data.wa_id,
            eventId: await derivedId("wa", raw),
            timestamp: secondsToMs(p.data.timestamp) ?? ctx.fallbackTs,
            event: `marketing_${p.data.value}`,
            data: { category: p.data.category },
          }),
        );
    }
    return out;
  }
  // Calls, account/template updates and anything new: recorded and acknowledged, not shopper messages.
  const items = [...(v.calls ?? []), ...(v.statuses ?? [])];
  if (items.length === 0) return [unknown(v.event ? `${field}:${v.event}` : field, ctx.fallbackTs)];
  out.push(...items.map(() => unknown(field, ctx.fallbackTs)));
  return out;
}

function inboundMessage(raw: unknown, ctx: Ctx): NormalizedEvent {
  const parsed = WaMessageSchema.safeParse(raw);
  if (!parsed.success) return unknown("message", ctx.fallbackTs);
  const m = parsed.data;
  const base = {
    channel: CHANNEL,
    externalUserId: m.from,
    timestamp: secondsToMs(m.timestamp) ?? ctx.fallbackTs,
  };

  if (m.type === "edit" && m.edit)
    return editEvent({
      ...base,
      externalMessageId: m.edit.original_message_id,
      text: editedText(m.edit.message),
    });
  if (m.type === "revoke" && m.revoke)
    return deleteEvent({ ...base, externalMessageId: m.revoke.original_message_id });
  if (m.type === "system" && m.system) {
    return lifecycleEvent({
      ...base,
      eventId: m.id,
      event: m.system.type ?? "system",
      data: { body: m.system.body, newWaId: m.system.wa_id },
    });
  }

  const profile = ctx.value.contacts?.find((c) => c.wa_id === m.from)?.profile;
  return messageEvent({
    ...base,
    externalMessageId: m.id,
    contact: {
      name: profile?.name,
      username: profile?.username,
      phone: /^\d{6,15}$/.test(m.from) ? `+${m.from}` : undefined,
    },
    content: withContext(mapWaContent(m), m, ctx.accountId),
    replyTo: m.context?.id,
  });
}

/** Forwarding flags apply to every content type (the reply context is the event's). */
function withContext(content: Content, m: WaMessage, accountId: string | undefined): Content {
  const forwarded = m.context?.forwarded === true || m.context?.frequently_forwarded === true;
  return {
    ...content,
    extra: { ...content.extra, ...(forwarded ? { forwarded: true } : {}), accountId },
  };
}

/** The new text (or caption) of an edited message. */
const editedText = (inner: WaContent | undefined): string =>
  inner ? (mapWaContent(inner).text ?? "") : "";

const STATUS_MAP: Record<string, "sent" | "delivered" | "read" | "failed"> = {
  sent: "sent",
  delivered: "delivered",
  read: "read",
  failed: "failed",
  // "played" (voice note listened to) implies it was read.
  played: "read",
};

function deliveryStatus(raw: unknown, ctx: Ctx, field: string): NormalizedEvent {
  const parsed = StatusSchema.safeParse(raw);
  const status = parsed.success ? STATUS_MAP[parsed.data.status] : undefined;
  if (
    !parsed.success ||
    !status ||
    (parsed.data.type !== undefined && parsed.data.type !== "message")
  ) {
    return unknown(
      parsed.success
        ? `${field}:status:${parsed.data.type ?? parsed.data.status}`
        : `${field}:status`,
      ctx.fallbackTs,
    );
  }
  const s = parsed.data;
  const err = s.errors?.[0];
  return statusEvent({
    channel: CHANNEL,
    externalUserId: s.recipient_id,
    externalMessageId: s.id,
    status,
    timestamp: secondsToMs(s.timestamp) ?? ctx.fallbackTs,
    ...(err
      ? {
          error: {
            code: String(err.code ?? "unknown"),
            message: err.error_data?.details ?? err.message ?? err.title ?? "failed",
          },
        }
      : {}),
  });
}

/** Messages the business sent from the WhatsApp Business app (coexistence): shown, never answered. */
function echoEvent(raw: unknown, ctx: Ctx): NormalizedEvent {
  const parsed = WaMessageSchema.extend({ to: z.string() }).safeParse(raw);
  if (!parsed.success) return unknown("smb_message_echoes", ctx.fallbackTs);
  const m = parsed.data;
  const edited = m.type === "edit" && m.edit ? editedText(m.edit.message) : undefined;
  return lifecycleEvent({
    channel: CHANNEL,
    externalUserId: m.to,
    eventId: m.id,
    timestamp: secondsToMs(m.timestamp) ?? ctx.fallbackTs,
    event:
      m.type === "edit"
        ? "message_echo_edit"
        : m.type === "revoke"
          ? "message_echo_delete"
          : "message_echo",
    data: {
      externalMessageId: m.id,
      originalExternalMessageId: m.edit?.original_message_id ?? m.revoke?.original_message_id,
      text: edited ?? mapWaContent(m).text,
    },
  });
}

const unknown = (rawType: string, timestamp: number): NormalizedEvent =>
  unknownEvent({ channel: CHANNEL, rawType, timestamp });
