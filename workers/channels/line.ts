import type {
  SendingChannelAdapter,
  CheckResult,
  OutboundMessage,
  SendContext,
  SendResult,
} from "./adapter";
import { invalidOutbound } from "./adapter";
import { LineCredentialsSchema } from "./credentials";
import type { LineCredentials } from "./credentials";
import { base64ToBytes, verifyHmac } from "./crypto";
import { callJson, checkAnswer, httpFailure, isObject } from "./http";
import type { JsonResponse } from "./http";
import { mediaKindOf } from "./media";
import { parseLine } from "./line-parse";
import { fetchLineMedia } from "./media-fetch";

export { LINE_REPLY_TOKEN_TTL_MS } from "./line-parse";

export const LINE_API = "https://api.line.me/v2/bot/message";
const MAX_QUICK_REPLIES = 13;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `X-Line-Signature` = base64(HMAC-SHA256(channel secret, raw body)), compared in constant time. */
export async function verifyLineSignature(
  header: string | null,
  channelSecret: string,
  rawBody: Uint8Array | string,
): Promise<boolean> {
  if (!header) return false;
  return verifyHmac(channelSecret, rawBody, base64ToBytes(header.trim()));
}

/** LINE message objects for one outbound message. */
export function buildLineMessages(
  out: OutboundMessage,
):
  | { ok: true; messages: Record<string, unknown>[] }
  | { ok: false; code: string; message: string } {
  if (out.template)
    return { ok: false, code: "UNSUPPORTED_CONTENT", message: "LINE has no message templates" };
  if ((out.buttons?.length ?? 0) > MAX_QUICK_REPLIES)
    return {
      ok: false,
      code: "TOO_MANY_BUTTONS",
      message: `at most ${MAX_QUICK_REPLIES} quick replies`,
    };
  const messages: Record<string, unknown>[] = [];
  let text = out.text;
  if (out.media) {
    if (mediaKindOf(out.media.mimeType) === "image") {
      messages.push({
        type: "image",
        originalContentUrl: out.media.url,
        previewImageUrl: out.media.url,
      });
    } else {
      // Video needs a separate preview image and audio its duration, which we do not have; bots cannot send
      // files at all. The link goes out as text instead.
      const label = out.media.filename ?? out.media.url;
      text = text ? `${text}\n${label}: ${out.media.url}` : out.media.url;
    }
  }
  if (text) messages.push({ type: "text", text });
  if (messages.length === 0)
    return { ok: false, code: "INVALID_CONTENT", message: "nothing to send" };
  if (out.buttons?.length) {
    const items = out.buttons.map((b) => ({
      type: "action",
      action: { type: "postback", label: b.title.slice(0, 20), data: b.id, displayText: b.title },
    }));
    // Quick replies attach to the last message of the batch.
    messages[messages.length - 1] = { ...messages[messages.length - 1], quickReply: { items } };
  }
  return { ok: true, messages };
}

function lineResult(res: JsonResponse): SendResult {
  const body = isObject(res.body) ? res.body : {};
  const sent = Array.isArray(body.sentMessages) ? body.sentMessages : [];
  const last = sent[sent.length - 1];
  const id =
    isObject(last) && typeof last.id === "string" ? last.id : res.headers.get("x-line-request-id");
  // 409 on push = this X-Line-Retry-Key was already accepted: the message went out before.
  if (
    (res.status >= 200 && res.status < 300) ||
    (res.status === 409 && res.headers.has("x-line-accepted-request-id"))
  ) {
    return id
      ? { ok: true, externalMessageId: id }
      : {
          ok: false,
          retryable: false,
          status: res.status,
          code: "UNEXPECTED_RESPONSE",
          message: "no message id",
        };
  }
  const message = typeof body.message === "string" ? body.message : `HTTP ${res.status}`;
  // LINE answers 429 both for rate limits and for the exhausted monthly quota; only the first passes with time.
  if (res.status === 429 && /monthly limit/i.test(message))
    return httpFailure(res, "QUOTA_EXCEEDED", message, { retryable: false });
  return httpFailure(res, `LINE_${res.status}`, message);
}

const isInvalidReplyToken = (res: JsonResponse) =>
  res.status === 400 &&
  isObject(res.body) &&
  typeof res.body.message === "string" &&
  /reply token/i.test(res.body.message);

/**
 * Reply with the event's reply token while it is fresh (free, no quota), else push. A reply token the
 * API rejects also falls back to push.
 */
export async function sendLine(
  out: OutboundMessage,
  creds: LineCredentials,
  ctx: SendContext,
): Promise<SendResult> {
  const built = buildLineMessages(out);
  if (!built.ok) return invalidOutbound(built.code, built.message);
  const auth = { authorization: `Bearer ${creds.channelAccessToken}` };
  const now = (ctx.now ?? Date.now)();
  if (out.replyToken && out.replyToken.expiresAt > now) {
    const res = await callJson(ctx.fetch, `${LINE_API}/reply`, {
      headers: auth,
      json: { replyToken: out.replyToken.token, messages: built.messages },
    });
    if (!res.ok) return res;
    if (!isInvalidReplyToken(res)) return lineResult(res);
  }
  const retryKey: Record<string, string> =
    out.idempotencyKey && UUID.test(out.idempotencyKey)
      ? { "x-line-retry-key": out.idempotencyKey }
      : {};
  const res = await callJson(ctx.fetch, `${LINE_API}/push`, {
    headers: { ...auth, ...retryKey },
    json: { to: out.to, messages: built.messages },
  });
  return res.ok ? lineResult(res) : res;
}

/** The bot info endpoint: answers only to a valid channel access token. */
export async function checkLine(
  creds: LineCredentials,
  ctx: Pick<SendContext, "fetch">,
): Promise<CheckResult> {
  const res = await callJson(ctx.fetch, "https://api.line.me/v2/bot/info", {
    method: "GET",
    headers: { authorization: `Bearer ${creds.channelAccessToken}` },
  });
  if (!res.ok) return res;
  return checkAnswer(
    res,
    (b) =>
      typeof b.displayName === "string"
        ? b.displayName
        : typeof b.userId === "string"
          ? b.userId
          : null,
    (b) => (typeof b.message === "string" ? b.message : `HTTP ${res.status}`),
  );
}

export const lineAdapter: SendingChannelAdapter<LineCredentials, "line"> = {
  type: "line",
  label: "LINE",
  credentialsSchema: LineCredentialsSchema,
  verify: (req, creds) =>
    verifyLineSignature(req.headers.get("x-line-signature"), creds.channelSecret, req.rawBody),
  parse: (rawBody) => parseLine(rawBody),
  send: sendLine,
  check: checkLine,
  fetchMedia: fetchLineMedia,
  // The push API's rate limits.
  broadcast: { maxPerMinute: 1200 },
  form: {
    label: "LINE Official Account",
    fields: [
      { key: "channelSecret", label: "Channel secret", kind: "secret" },
      { key: "channelAccessToken", label: "Channel access token", kind: "secret" },
    ],
    testTo: "User ID",
  },
};
