import type {
  ChannelAdapter,
  SendingChannelAdapter,
  OutboundMessage,
  SendContext,
  SendResult,
} from "./adapter";
import { invalidOutbound } from "./adapter";
import { MetaPageCredentialsSchema } from "./credentials";
import type { MetaPageCredentials } from "./credentials";
import { callJson } from "./http";
import { mediaKindOf } from "./media";
import {
  checkMetaCredentials,
  GRAPH_API_BASE,
  graphSendResult,
  metaHandshake,
  verifyMetaRequest,
} from "./meta";
import { fetchLinkedMedia } from "./media-fetch";
import { parseMessengerLike } from "./messenger-parse";

/** Send API URL; the page token travels as a Bearer header, not in the query string, so it stays out of logs. */
export const SEND_API_URL = `${GRAPH_API_BASE}/me/messages`;
const MAX_QUICK_REPLIES = 13;

type SendApiMessage = Record<string, unknown>;

/** The Send API `message` objects for one outbound message (an attachment and text travel separately). */
export function buildSendApiMessages(
  out: OutboundMessage,
): { ok: true; messages: SendApiMessage[] } | { ok: false; code: string; message: string } {
  if (out.template)
    return {
      ok: false,
      code: "UNSUPPORTED_CONTENT",
      message: "Messenger/Instagram have no message templates",
    };
  if ((out.buttons?.length ?? 0) > MAX_QUICK_REPLIES)
    return {
      ok: false,
      code: "TOO_MANY_BUTTONS",
      message: `at most ${MAX_QUICK_REPLIES} quick replies`,
    };
  const quickReplies = out.buttons?.length
    ? {
        quick_replies: out.buttons.map((b) => ({
          content_type: "text",
          title: b.title.slice(0, 20),
          payload: b.id,
        })),
      }
    : {};
  const messages: SendApiMessage[] = [];
  if (out.media) {
    const kind = mediaKindOf(out.media.mimeType);
    const type = kind === "document" ? "file" : kind;
    messages.push({
      attachment: { type, payload: { url: out.media.url, is_reusable: true } },
      ...(out.text ? {} : quickReplies),
    });
  }
  if (out.text) messages.push({ text: out.text, ...quickReplies });
  if (messages.length === 0)
    return { ok: false, code: "INVALID_CONTENT", message: "nothing to send" };
  return { ok: true, messages };
}

/**
 * POST /me/messages as a RESPONSE. Media with text is two Send API calls (the API takes one or the
 * other); the id returned is the last message's.
 */
export async function sendMessengerLike(
  out: OutboundMessage,
  creds: MetaPageCredentials,
  ctx: SendContext,
): Promise<SendResult> {
  const built = buildSendApiMessages(out);
  if (!built.ok) return invalidOutbound(built.code, built.message);
  let result: SendResult = invalidOutbound("INVALID_CONTENT", "nothing to send");
  for (const message of built.messages) {
    const res = await callJson(ctx.fetch, SEND_API_URL, {
      headers: { authorization: `Bearer ${creds.pageAccessToken}` },
      json: { recipient: { id: out.to }, messaging_type: "RESPONSE", message },
    });
    result = res.ok ? graphSendResult(res) : res;
    if (!result.ok) return result;
  }
  return result;
}

type MetaPage = "messenger" | "instagram";
type PageOptions = Required<Pick<ChannelAdapter, "label" | "broadcast" | "form">>;

function metaPageAdapter<T extends MetaPage>(
  type: T,
  options: PageOptions,
): SendingChannelAdapter<MetaPageCredentials, T> {
  return {
    type,
    ...options,
    credentialsSchema: MetaPageCredentialsSchema,
    handshake: metaHandshake,
    verify: (req, creds) => verifyMetaRequest(req, creds.appSecret),
    parse: (rawBody) => parseMessengerLike(type, rawBody),
    send: sendMessengerLike,
    // Standard messaging only inside 24 h of the person's last message, broadcasts included.
    replyWindowMs: 24 * 3600_000,
    fetchMedia: fetchLinkedMedia,
    // GET /me with a page token answers as the page itself.
    check: (creds, ctx) =>
      checkMetaCredentials(ctx.fetch, `${GRAPH_API_BASE}/me`, creds.pageAccessToken, (b) =>
        typeof b.name === "string" ? b.name : typeof b.id === "string" ? b.id : null,
      ),
  };
}

/** Facebook Messenger: webhooks with `object: "page"`. */
export const messengerAdapter = metaPageAdapter("messenger", {
  label: "Messenger",
  broadcast: { maxPerMinute: 600, windowOnly: true },
  form: {
    label: "Facebook Messenger",
    fields: [
      { key: "pageId", label: "Page ID" },
      { key: "pageAccessToken", label: "Page access token", kind: "secret" },
      { key: "appSecret", label: "App secret", kind: "secret" },
    ],
    testTo: "Recipient PSID",
  },
});
/** Instagram messaging (through the Messenger Platform): `object: "instagram"`, same Send API. */
export const instagramAdapter = metaPageAdapter("instagram", {
  label: "Instagram",
  broadcast: { maxPerMinute: 300, windowOnly: true },
  form: {
    label: "Instagram Direct",
    fields: [
      { key: "pageId", label: "Instagram account ID" },
      { key: "pageAccessToken", label: "Page access token", kind: "secret" },
      { key: "appSecret", label: "App secret", kind: "secret" },
    ],
    testTo: "Recipient IGSID",
  },
});
