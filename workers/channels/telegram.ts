import type {
  SendingChannelAdapter,
  CheckResult,
  OutboundMessage,
  SendContext,
  SendResult,
} from "./adapter";
import { invalidOutbound } from "./adapter";
import { TelegramCredentialsSchema } from "./credentials";
import type { TelegramCredentials } from "./credentials";
import { utf8 } from "./crypto";
import { timingSafeEqual } from "../lib/crypto";
import { callJson, checkAnswer, httpFailure, isObject } from "./http";
import type { JsonResponse } from "./http";
import { mediaKindOf, normalizeMime } from "./media";
import { fetchTelegramMedia } from "./media-fetch";
import { CALLBACK_PREFIX, parseTelegram, tgMessageKey } from "./telegram-parse";

export { CALLBACK_PREFIX, tgMessageKey } from "./telegram-parse";

const api = (creds: TelegramCredentials, method: string) =>
  `https://api.telegram.org/bot${creds.botToken}/${method}`;

/** The update kinds we subscribe to (setWebhook `allowed_updates`). */
export const TELEGRAM_ALLOWED_UPDATES = [
  "message",
  "edited_message",
  "callback_query",
  "message_reaction",
  "my_chat_member",
] as const;

/** Maps a Bot API reply: `{ok:true,result}` or `{ok:false,error_code,description,parameters.retry_after}`. */
function botApiResult(res: JsonResponse, toId: (result: unknown) => string | null): SendResult {
  const body = isObject(res.body) ? res.body : {};
  if (res.status >= 200 && res.status < 300 && body.ok === true) {
    const id = toId(body.result);
    if (id) return { ok: true, externalMessageId: id };
  }
  const description =
    typeof body.description === "string" ? body.description : `HTTP ${res.status}`;
  const params = isObject(body.parameters) ? body.parameters : {};
  const retryAfterMs =
    typeof params.retry_after === "number" ? params.retry_after * 1000 : undefined;
  // 403 = the user blocked the bot or never started it: nothing a retry can fix.
  const code =
    res.status === 403
      ? "RECIPIENT_BLOCKED"
      : `TELEGRAM_${typeof body.error_code === "number" ? body.error_code : res.status}`;
  if (res.status >= 200 && res.status < 300)
    return {
      ok: false,
      retryable: false,
      status: res.status,
      code: "UNEXPECTED_RESPONSE",
      message: description,
    };
  return httpFailure(res, code, description, { retryAfterMs });
}

const messageId = (r: unknown) =>
  isObject(r) &&
  typeof r.message_id === "number" &&
  isObject(r.chat) &&
  typeof r.chat.id === "number"
    ? tgMessageKey(r.chat.id, r.message_id)
    : null;

/** The Bot API method and body for one outbound message. */
export function buildTelegramRequest(
  out: OutboundMessage,
):
  | { ok: true; method: string; body: Record<string, unknown> }
  | { ok: false; code: string; message: string } {
  if (out.template)
    return { ok: false, code: "UNSUPPORTED_CONTENT", message: "Telegram has no message templates" };
  const tooLong = out.buttons?.find((b) => utf8(b.id).byteLength > 64);
  if (tooLong)
    return {
      ok: false,
      code: "INVALID_CONTENT",
      message: `callback_data "${tooLong.id}" exceeds 64 bytes`,
    };
  // One button per row reads best on phones.
  const markup = out.buttons?.length
    ? {
        reply_markup: {
          inline_keyboard: out.buttons.map((b) => [{ text: b.title, callback_data: b.id }]),
        },
      }
    : {};
  if (out.media) {
    const mime = normalizeMime(out.media.mimeType);
    const kind = mediaKindOf(mime);
    const [method, field] =
      kind === "image"
        ? ["sendPhoto", "photo"]
        : kind === "video"
          ? ["sendVideo", "video"]
          : kind === "audio"
            ? mime === "audio/ogg"
              ? ["sendVoice", "voice"]
              : ["sendAudio", "audio"]
            : ["sendDocument", "document"];
    return {
      ok: true,
      method,
      body: {
        chat_id: out.to,
        [field]: out.media.url,
        ...(out.text ? { caption: out.text } : {}),
        ...markup,
      },
    };
  }
  if (out.text)
    return {
      ok: true,
      method: "sendMessage",
      body: { chat_id: out.to, text: out.text, ...markup },
    };
  return { ok: false, code: "INVALID_CONTENT", message: "nothing to send" };
}

export async function sendTelegram(
  out: OutboundMessage,
  creds: TelegramCredentials,
  ctx: SendContext,
): Promise<SendResult> {
  const req = buildTelegramRequest(out);
  if (!req.ok) return invalidOutbound(req.code, req.message);
  const res = await callJson(ctx.fetch, api(creds, req.method), { headers: {}, json: req.body });
  return res.ok ? botApiResult(res, messageId) : res;
}

/**
 * Stops the button's loading spinner (Telegram expects an answer to every callback query).
 * Accepts the raw query id or the event's `cbq:`-prefixed externalMessageId.
 */
export async function answerTelegramCallbackQuery(
  creds: TelegramCredentials,
  callbackQueryId: string,
  opts: { text?: string; showAlert?: boolean },
  ctx: Pick<SendContext, "fetch">,
): Promise<SendResult> {
  const id = callbackQueryId.startsWith(CALLBACK_PREFIX)
    ? callbackQueryId.slice(CALLBACK_PREFIX.length)
    : callbackQueryId;
  const res = await callJson(ctx.fetch, api(creds, "answerCallbackQuery"), {
    headers: {},
    json: {
      callback_query_id: id,
      ...(opts.text ? { text: opts.text } : {}),
      ...(opts.showAlert ? { show_alert: true } : {}),
    },
  });
  return res.ok ? botApiResult(res, () => id) : res;
}

/** setWebhook with our generated secret, so Telegram sends it back in X-Telegram-Bot-Api-Secret-Token. */
export async function registerTelegramWebhook(
  creds: TelegramCredentials,
  url: string,
  secret: string,
  ctx: Pick<SendContext, "fetch">,
): Promise<SendResult> {
  const res = await callJson(ctx.fetch, api(creds, "setWebhook"), {
    headers: {},
    json: { url, secret_token: secret, allowed_updates: TELEGRAM_ALLOWED_UPDATES },
  });
  return res.ok ? botApiResult(res, (r) => (r === true ? url : null)) : res;
}

/** getMe: the bot the token belongs to (401 for a revoked or mistyped token). */
export async function checkTelegram(
  creds: TelegramCredentials,
  ctx: Pick<SendContext, "fetch">,
): Promise<CheckResult> {
  const res = await callJson(ctx.fetch, api(creds, "getMe"), { method: "GET", headers: {} });
  if (!res.ok) return res;
  return checkAnswer(
    res,
    (b) =>
      b.ok === true
        ? isObject(b.result) && typeof b.result.username === "string"
          ? `@${b.result.username}`
          : true
        : null,
    (b) => (typeof b.description === "string" ? b.description : `HTTP ${res.status}`),
  );
}

export const telegramAdapter: SendingChannelAdapter<TelegramCredentials, "telegram"> = {
  type: "telegram",
  label: "Telegram",
  credentialsSchema: TelegramCredentialsSchema,
  // Telegram does not sign bodies; it echoes the secret registered with setWebhook.
  verify: async (req, creds, secrets) => {
    const expected = secrets.webhookSecret || creds.webhookSecret || "";
    const got = req.headers.get("x-telegram-bot-api-secret-token");
    return expected.length > 0 && got !== null && timingSafeEqual(got, expected);
  },
  parse: (rawBody) => parseTelegram(rawBody),
  send: sendTelegram,
  check: checkTelegram,
  // The secret Telegram echoes is ours: generated on connect, registered with setWebhook.
  generatedSecrets: { webhookSecret: 24 },
  // No handshake: the value shown beside the webhook URL is that secret, for a merchant setting the webhook by hand.
  verifyToken: (creds) => creds.webhookSecret,
  connect: (creds, ctx) =>
    registerTelegramWebhook(creds, ctx.webhookUrl, creds.webhookSecret ?? "", ctx),
  fetchMedia: fetchTelegramMedia,
  // About 30 messages per second per bot.
  broadcast: { maxPerMinute: 1500 },
  form: {
    label: "Telegram bot",
    fields: [{ key: "botToken", label: "Bot token", kind: "secret", hint: "From @BotFather." }],
    testTo: "Chat ID",
    tokenLabel: "Secret token (setWebhook secret_token)",
    connectedNote:
      "The webhook is registered with the platform: messages will arrive on their own.",
  },
};
