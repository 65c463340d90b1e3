import type { OutboundMessage, SendContext, SendResult } from "./adapter";
import { invalidOutbound } from "./adapter";
import type { WhatsAppCredentials } from "./credentials";
import { callJson } from "./http";
import { mediaKindOf } from "./media";
import { GRAPH_API_BASE, graphSendResult } from "./meta";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * WhatsApp's customer-service window: free-form messages are allowed for 24 h after the shopper's
 * last inbound message; afterwards only approved templates.
 */
export function whatsappWindow(
  lastInboundAt: number | null | undefined,
  now: number,
): { open: boolean; closesAt: number | null } {
  if (lastInboundAt === null || lastInboundAt === undefined) return { open: false, closesAt: null };
  const closesAt = lastInboundAt + DAY_MS;
  return { open: now < closesAt, closesAt };
}

/** True when `out` may be sent now: templates always, anything else only inside the window. */
export function canSendFreeForm(
  out: Pick<OutboundMessage, "template">,
  lastInboundAt: number | null | undefined,
  now: number,
): boolean {
  return out.template !== undefined || whatsappWindow(lastInboundAt, now).open;
}

// Cloud API limits for interactive messages: 3 reply buttons (20 chars) or a list of 10 rows (24 chars).
const MAX_BUTTONS = 3;
const MAX_LIST_ROWS = 10;

/** Builds the Graph API `/messages` body for one outbound message, or an error code when it cannot be expressed. */
export function buildWhatsAppPayload(
  out: OutboundMessage,
): { ok: true; body: Record<string, unknown> } | { ok: false; code: string; message: string } {
  const base = { messaging_product: "whatsapp", recipient_type: "individual", to: out.to };
  if (out.template) {
    const vars = out.template.variables ?? [];
    return {
      ok: true,
      body: {
        ...base,
        type: "template",
        template: {
          name: out.template.name,
          language: { code: out.template.language },
          ...(vars.length
            ? {
                components: [
                  { type: "body", parameters: vars.map((text) => ({ type: "text", text })) },
                ],
              }
            : {}),
        },
      },
    };
  }
  if (out.buttons?.length) {
    if (!out.text)
      return { ok: false, code: "INVALID_CONTENT", message: "interactive buttons need body text" };
    if (out.buttons.length <= MAX_BUTTONS) {
      return {
        ok: true,
        body: {
          ...base,
          type: "interactive",
          interactive: {
            type: "button",
            body: { text: out.text },
            action: {
              buttons: out.buttons.map((b) => ({
                type: "reply",
                reply: { id: b.id, title: b.title.slice(0, 20) },
              })),
            },
          },
        },
      };
    }
    if (out.buttons.length > MAX_LIST_ROWS)
      return { ok: false, code: "TOO_MANY_BUTTONS", message: `at most ${MAX_LIST_ROWS} options` };
    return {
      ok: true,
      body: {
        ...base,
        type: "interactive",
        interactive: {
          type: "list",
          body: { text: out.text },
          action: {
            button: "Choose",
            sections: [
              {
                title: "Options",
                rows: out.buttons.map((b) => ({ id: b.id, title: b.title.slice(0, 24) })),
              },
            ],
          },
        },
      },
    };
  }
  if (out.media) {
    const kind = mediaKindOf(out.media.mimeType);
    const type = kind === "image" || kind === "video" || kind === "audio" ? kind : "document";
    const media: Record<string, unknown> = { link: out.media.url };
    // Audio takes no caption; documents keep their file name.
    if (out.text && type !== "audio") media.caption = out.text;
    if (type === "document" && out.media.filename) media.filename = out.media.filename;
    return { ok: true, body: { ...base, type, [type]: media } };
  }
  if (out.text)
    return {
      ok: true,
      body: { ...base, type: "text", text: { body: out.text, preview_url: false } },
    };
  return { ok: false, code: "INVALID_CONTENT", message: "nothing to send" };
}

/** POST https://graph.facebook.com/v21.0/{phone_number_id}/messages with the access token as Bearer. */
export async function sendWhatsApp(
  out: OutboundMessage,
  creds: WhatsAppCredentials,
  ctx: SendContext,
): Promise<SendResult> {
  const payload = buildWhatsAppPayload(out);
  if (!payload.ok) return invalidOutbound(payload.code, payload.message);
  const res = await callJson(
    ctx.fetch,
    `${GRAPH_API_BASE}/${encodeURIComponent(creds.phoneNumberId)}/messages`,
    {
      headers: { authorization: `Bearer ${creds.accessToken}` },
      json: payload.body,
    },
  );
  return res.ok ? graphSendResult(res) : res;
}
